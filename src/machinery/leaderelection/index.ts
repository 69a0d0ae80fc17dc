export { LeaderElector, runLeaderElection, JITTER_FACTOR, type LeaderElectionConfig, type LeaderCallbacks, type RunLeaderElectionOptions } from './elector.js';
export { LeaseLock, microTime, type LeaderElectionRecord, type ResourceLock, type LeaseLockOptions } from './lock.js';
