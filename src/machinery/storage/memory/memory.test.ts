import { storageConformance } from '../conformance.js';
import { MemoryStorage } from './memory.js';

storageConformance('memory', { open: async () => new MemoryStorage({ progressIntervalMs: 200 }) });
