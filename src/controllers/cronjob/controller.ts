// The CronJob controller (upstream's cronjob ControllerV2): a delaying queue keyed by CronJob, synced
// when the CronJob or one of its Jobs changes and again at each next activation, on the Clock.

import type { Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { controllerOf, runWorkers } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { metaNamespaceKey, objectOf, waitForCacheSync, type DeletedFinalStateUnknown, type SharedIndexInformer, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { parseStandard } from '../../machinery/cron/index.js';
import { cronRef, formatSchedule, syncCronJobKey, type CronJobDeps } from './sync.js';
import { nextScheduleTimeDuration } from './times.js';
import type { CronJob, Job } from './types.js';

export interface CronJobControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  log?: (m: string) => void;
}

export class CronJobController {
  readonly queue: RateLimitingQueue<string>;
  private readonly cronInformer: SharedIndexInformer<CronJob>;
  private readonly jobInformer: SharedIndexInformer<Job>;
  private readonly deps: CronJobDeps;
  private readonly log: (m: string) => void;

  constructor(o: CronJobControllerOptions) {
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({ name: 'cronjob', clock: o.clock });
    this.cronInformer = o.informers.informerFor<CronJob>('cronjobs.batch');
    this.jobInformer = o.informers.informerFor<Job>('jobs.batch');
    this.deps = {
      cronJobs: o.client.resource<CronJob>('cronjobs.batch'),
      jobs: o.client.resource<Job>('jobs.batch'),
      cronJobLister: this.cronInformer.lister,
      jobLister: this.jobInformer.lister,
      recorder: o.recorder,
      clock: o.clock,
    };
    this.cronInformer.addEventHandler({
      onAdd: (cj) => this.queue.add(metaNamespaceKey(cj)),
      onUpdate: (a, b) => this.updateCronJob(a, b),
      onDelete: (cj) => this.queue.add(metaNamespaceKey(objectOf(cj))),
    });
    this.jobInformer.addEventHandler({
      onAdd: (j) => this.enqueueOwner(j),
      onUpdate: (a, b) => {
        if (a.metadata.resourceVersion === b.metadata.resourceVersion) return;
        if (JSON.stringify(controllerOf(a)) !== JSON.stringify(controllerOf(b))) this.enqueueOwner(a);
        this.enqueueOwner(b);
      },
      onDelete: (j) => this.enqueueOwner(objectOf(j as Job | DeletedFinalStateUnknown<Job>)),
    });
  }

  async run(signal: AbortSignal, workers: number): Promise<void> {
    if (!(await waitForCacheSync(signal, this.cronInformer, this.jobInformer))) return;
    await runWorkers({
      name: 'cronjob',
      queue: this.queue,
      workers,
      signal,
      log: this.log,
      reconcile: async (key) => {
        const after = await this.reconcile(key);
        return after === undefined ? undefined : { requeueAfterMs: after };
      },
    });
  }

  /** Syncs one CronJob; returns when it should be synced again. */
  reconcile(key: string): Promise<number | undefined> {
    return syncCronJobKey(this.deps, key);
  }

  private enqueueOwner(job: Job): void {
    const ref = controllerOf(job);
    if (!ref || ref.kind !== 'CronJob') return;
    const cj = this.cronInformer.lister.get(job.metadata.namespace ?? '', ref.name);
    if (cj && cj.metadata.uid === ref.uid) this.queue.add(metaNamespaceKey(cj));
  }

  /** A new schedule or time zone requeues at the next activation; other changes sync now. */
  private updateCronJob(old: CronJob, cur: CronJob): void {
    const key = metaNamespaceKey(cur);
    if (old.spec.schedule !== cur.spec.schedule || old.spec.timeZone !== cur.spec.timeZone) {
      try {
        const sched = parseStandard(formatSchedule(cur));
        this.queue.addAfter(key, nextScheduleTimeDuration(cur, this.deps.clock.now(), sched));
      } catch {
        this.deps.recorder.eventf(cronRef(cur), 'Warning', 'UnParseableCronJobSchedule', 'unparseable schedule for cronjob: %s', cur.spec.schedule);
      }
      return;
    }
    this.queue.add(key);
  }
}
