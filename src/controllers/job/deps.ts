// What one Job sync needs from its controller: caches, clients, bookkeeping, the clock.

import type { ResourceClient } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import type { Expectations } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import type { Lister } from '../../machinery/informers/index.js';
import type { BackoffRecord, BackoffStore } from './backoff.js';
import type { Intervals } from './indexes.js';
import type { PodControl } from './podcontrol.js';
import type { Condition, Job, Pod } from './types.js';

/** Pod UIDs whose tracking finalizer removal a Job still waits to see (upstream's uidTrackingExpectations). */
export class FinalizerExpectations {
  private readonly m = new Map<string, Set<string>>();

  get(key: string): Set<string> {
    return new Set(this.m.get(key) ?? []);
  }

  expect(key: string, uids: string[]): void {
    let s = this.m.get(key);
    if (!s) this.m.set(key, (s = new Set()));
    for (const u of uids) s.add(u);
  }

  observed(key: string, uid: string): void {
    const s = this.m.get(key);
    if (!s) return;
    s.delete(uid);
    if (s.size === 0) this.m.delete(key);
  }

  delete(key: string): void {
    this.m.delete(key);
  }
}

export interface JobDeps {
  jobs: ResourceClient<Job>;
  jobLister: Lister<Job>;
  podLister: Lister<Pod>;
  podControl: PodControl;
  recorder: EventRecorder;
  clock: Clock;
  expectations: Expectations;
  finalizerExpectations: FinalizerExpectations;
  backoff: BackoffStore;
  /** Sync the Job again after this long (at least the batching period). */
  enqueueAfter(key: string, ms: number): void;
  log(m: string): void;
}

/** One sync's view of a Job (upstream's syncJobCtx). */
export interface SyncCtx {
  key: string;
  job: Job;
  pods: Pod[];
  activePods: Pod[];
  finished?: Condition;
  succeeded: number;
  failed: number;
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
  /** Indexed Jobs with backoffLimitPerIndex: failed indexes (status.failedIndexes and new ones). */
  failedIndexes?: Intervals;
  /** backoffLimitPerIndex: per index waiting for a replacement, its last failed pod (kept until then). */
  podsWithDelayedDeletion?: Map<number, Pod>;
  newBackoffRecord: BackoffRecord;
  expectedRmFinalizers: Set<string>;
  uncountedSucceeded: Set<string>;
  uncountedFailed: Set<string>;
  terminating: number;
  ready: number;
}
