// `kts server --sim-nodes N`: simulated nodes inside the server process (see src/sim).
import type { APIServer } from '../apiserver/server.js';
import { inProcessClient } from './components.js';

export async function startSimNodes(api: APIServer, count: number, signal: AbortSignal, log: (m: string) => void): Promise<void> {
  void api;
  void signal;
  log(`simulated nodes requested (${count}) but this build has no simulator yet`);
  void inProcessClient;
}
