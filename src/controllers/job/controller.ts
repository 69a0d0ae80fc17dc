// The Job controller (upstream's pkg/controller/job): watches Jobs and pods, syncs a Job a second
// after its pods change (batching bursts of pod updates), at once when its spec changes, and cleans
// the tracking finalizer off pods no Job needs any more (orphans, pods of finished Jobs).

import type { Client, ResourceClient } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { controllerOf, Expectations, runWorkers } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import {
  objectOf,
  splitMetaNamespaceKey,
  waitForCacheSync,
  type DeletedFinalStateUnknown,
  type SharedIndexInformer,
  type SharedInformerFactory,
} from '../../machinery/informers/index.js';
import { fromLabelSelector } from '../../machinery/labels/index.js';
import { ItemExponentialFailureRateLimiter, RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { BackoffStore } from './backoff.js';
import { isJobFinished } from './conditions.js';
import { FinalizerExpectations, type JobDeps } from './deps.js';
import { jobKeyOf, managedByExternal } from './jobutil.js';
import { PodControl, REMOVE_FINALIZER_PATCH } from './podcontrol.js';
import { hasTrackingFinalizer } from './pods.js';
import { syncJob } from './sync.js';
import { isNotFound } from '../../machinery/client/index.js';
import type { Job, Pod } from './types.js';

export interface JobControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  log?: (m: string) => void;
  /** Delay that batches a Job's syncs after pod events (upstream: 1 s). */
  syncBatchPeriodMs?: number;
}

export class JobController {
  readonly queue: RateLimitingQueue<string>;
  readonly orphanQueue: RateLimitingQueue<string>;
  private readonly jobInformer: SharedIndexInformer<Job>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly deps: JobDeps;
  private readonly batchMs: number;
  private readonly pods: ResourceClient<Pod>;
  private readonly log: (m: string) => void;

  constructor(o: JobControllerOptions) {
    this.log = o.log ?? (() => {});
    this.batchMs = o.syncBatchPeriodMs ?? 1000;
    const limiter = () => new ItemExponentialFailureRateLimiter<string>(1000, 60_000);
    this.queue = new RateLimitingQueue<string>({ name: 'job', clock: o.clock, rateLimiter: limiter() });
    this.orphanQueue = new RateLimitingQueue<string>({ name: 'job_orphan_pod', clock: o.clock, rateLimiter: limiter() });
    this.jobInformer = o.informers.informerFor<Job>('jobs.batch');
    this.podInformer = o.informers.informerFor<Pod>('pods');
    this.pods = o.client.resource<Pod>('pods');
    this.deps = {
      jobs: o.client.resource<Job>('jobs.batch'),
      jobLister: this.jobInformer.lister,
      podLister: this.podInformer.lister,
      podControl: new PodControl(this.pods, o.recorder),
      recorder: o.recorder,
      clock: o.clock,
      expectations: new Expectations(o.clock),
      finalizerExpectations: new FinalizerExpectations(),
      backoff: new BackoffStore(),
      enqueueAfter: (key, ms) => this.queue.addAfter(key, Math.max(ms, this.batchMs)),
      log: this.log,
    };
    this.jobInformer.addEventHandler({
      onAdd: (j) => this.queue.add(jobKeyOf(j)),
      onUpdate: (a, b) => this.updateJob(a, b),
      onDelete: (j) => this.deleteJob(j),
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.addPod(p),
      onUpdate: (a, b) => this.updatePod(a, b),
      onDelete: (p) => this.deletePod(p, true),
    });
  }

  /** Runs until the signal aborts. */
  async run(signal: AbortSignal, workers: number): Promise<void> {
    if (!(await waitForCacheSync(signal, this.jobInformer, this.podInformer))) return;
    this.log('job-controller: caches synced');
    await Promise.all([
      runWorkers({ name: 'job', queue: this.queue, workers, signal, log: this.log, reconcile: (key) => this.reconcile(key) }),
      runWorkers({ name: 'job_orphan_pod', queue: this.orphanQueue, workers: 1, signal, log: this.log, reconcile: (key) => this.syncOrphanPod(key) }),
    ]);
  }

  reconcile(key: string): Promise<void> {
    return syncJob(this.deps, key);
  }

  private enqueueBatched(job: Job): void {
    this.queue.addAfter(jobKeyOf(job), this.batchMs);
  }

  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string } | undefined): Job | undefined {
    if (!ref || ref.kind !== 'Job') return undefined;
    const job = this.jobInformer.lister.get(namespace ?? '', ref.name);
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  private jobsSelecting(pod: Pod): Job[] {
    return this.jobInformer.lister.list(pod.metadata.namespace).filter((j) => j.spec?.selector && fromLabelSelector(j.spec.selector).matches(pod.metadata.labels ?? {}));
  }

  private enqueueOrphan(pod: Pod): void {
    this.orphanQueue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod, false);
      return;
    }
    const ref = controllerOf(pod);
    if (ref) {
      const job = this.resolve(pod.metadata.namespace, ref);
      if (!job) return;
      this.deps.expectations.creationObserved(jobKeyOf(job));
      this.enqueueBatched(job);
      return;
    }
    if (hasTrackingFinalizer(pod)) this.enqueueOrphan(pod);
    for (const job of this.jobsSelecting(pod)) this.enqueueBatched(job);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur, false);
      return;
    }
    const finalizerRemoved = !hasTrackingFinalizer(cur);
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) {
      const job = this.resolve(old.metadata.namespace, oldRef);
      if (job) {
        if (finalizerRemoved) this.deps.finalizerExpectations.observed(jobKeyOf(job), cur.metadata.uid!);
        this.enqueueBatched(job);
      }
    }
    if (curRef) {
      const job = this.resolve(cur.metadata.namespace, curRef);
      if (!job) return;
      if (finalizerRemoved) this.deps.finalizerExpectations.observed(jobKeyOf(job), cur.metadata.uid!);
      this.enqueueBatched(job);
      return;
    }
    if (hasTrackingFinalizer(cur)) this.enqueueOrphan(cur);
    if (refChanged || JSON.stringify(cur.metadata.labels) !== JSON.stringify(old.metadata.labels)) for (const job of this.jobsSelecting(cur)) this.enqueueBatched(job);
  }

  private deletePod(obj: Pod | DeletedFinalStateUnknown<Pod>, final: boolean): void {
    const pod = objectOf(obj);
    const ref = controllerOf(pod);
    const hasFinalizer = hasTrackingFinalizer(pod);
    if (!ref) {
      if (hasFinalizer) this.enqueueOrphan(pod);
      return;
    }
    const job = this.resolve(pod.metadata.namespace, ref);
    if (!job || isJobFinished(job)) {
      if (hasFinalizer) this.enqueueOrphan(pod);
      return;
    }
    const key = jobKeyOf(job);
    this.deps.expectations.deletionObserved(key);
    if (final || !hasFinalizer) this.deps.finalizerExpectations.observed(key, pod.metadata.uid!);
    this.enqueueBatched(job);
  }

  private updateJob(old: Job, cur: Job): void {
    const key = jobKeyOf(cur);
    if (cur.metadata.generation === old.metadata.generation) this.enqueueBatched(cur);
    else this.queue.add(key);
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    const start = cur.status?.startTime;
    const ads = cur.spec?.activeDeadlineSeconds;
    if (start && ads !== undefined && ads !== null && old.spec?.activeDeadlineSeconds !== ads) {
      this.queue.addAfter(key, ads * 1000 - (this.deps.clock.now() - Date.parse(start)));
    }
  }

  private deleteJob(obj: Job | DeletedFinalStateUnknown<Job>): void {
    const job = objectOf(obj);
    this.queue.add(jobKeyOf(job));
    this.cleanupPodFinalizers(job);
  }

  /** Queues the Job's pods that still carry the finalizer for the orphan worker. */
  private cleanupPodFinalizers(job: Job): void {
    if (!job.spec?.selector) return;
    const sel = fromLabelSelector(job.spec.selector);
    for (const pod of this.podInformer.lister.list(job.metadata.namespace, sel)) {
      if (controllerOf(pod)?.uid === job.metadata.uid && hasTrackingFinalizer(pod)) this.enqueueOrphan(pod);
    }
  }

  /** Removes the tracking finalizer from a pod no running Job owns. */
  async syncOrphanPod(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.podInformer.lister.get(namespace, name);
    if (!pod) return;
    const ref = controllerOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolve(namespace, ref);
      if (job && managedByExternal(job)) return;
      if (job && !isJobFinished(job)) return;
    }
    if (!hasTrackingFinalizer(pod)) return;
    try {
      await this.pods.inNamespace(namespace).patch(name, REMOVE_FINALIZER_PATCH, { type: 'strategic' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
