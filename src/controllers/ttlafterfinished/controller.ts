// The TTL-after-finished controller (upstream's pkg/controller/ttlafterfinished): a Job with
// spec.ttlSecondsAfterFinished is deleted (cascading, in the foreground, as upstream does) that many
// seconds after it finished — the lastTransitionTime of its Complete or Failed condition. Before
// deleting, the Job is read again from the API server, in case its TTL changed meanwhile.

import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/clock.js';
import { runWorkers, type ReconcileResult } from '../../machinery/controller/index.js';
import { splitMetaNamespaceKey, waitForCacheSync, type HandlerRegistration, type Lister, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';

export interface Job extends KubeObject {
  spec?: { ttlSecondsAfterFinished?: number | null };
  status?: { conditions?: Array<{ type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }>; [field: string]: unknown };
}

export interface TTLAfterFinishedOptions {
  client: Client;
  informers: SharedInformerFactory;
  clock: Clock;
  workers?: number;
  log?: (m: string) => void;
}

function finishedCondition(j: Job) {
  return j.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** A finished Job with a TTL. */
export function needsCleanup(j: Job): boolean {
  return typeof j.spec?.ttlSecondsAfterFinished === 'number' && !!finishedCondition(j);
}

export class TTLAfterFinishedController {
  readonly queue: RateLimitingQueue<string>;
  private readonly jobs: Lister<Job>;
  private readonly reg: HandlerRegistration;
  private readonly log: (m: string) => void;

  constructor(private readonly o: TTLAfterFinishedOptions) {
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({ name: 'ttl_jobs_to_delete', clock: o.clock });
    const inf = o.informers.informerFor<Job>('jobs.batch');
    this.jobs = inf.lister;
    const enqueue = (j: Job) => {
      if (!j.metadata.deletionTimestamp && needsCleanup(j)) this.queue.add(`${j.metadata.namespace}/${j.metadata.name}`);
    };
    this.reg = inf.addEventHandler({ onAdd: enqueue, onUpdate: (_a, b) => enqueue(b) });
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.reg))) return;
    await runWorkers({ name: 'ttl-after-finished', queue: this.queue, workers: this.o.workers ?? 5, reconcile: (k) => this.sync(k), signal, log: this.log });
  }

  /** Milliseconds until the Job expires (<= 0: expired); undefined when it needs no cleanup. */
  private timeLeft(j: Job): number | undefined {
    if (j.metadata.deletionTimestamp || !needsCleanup(j)) return undefined;
    const at = finishedCondition(j)!.lastTransitionTime;
    const finished = at ? Date.parse(at) : NaN;
    if (Number.isNaN(finished)) throw new Error(`unable to find the time when the Job ${j.metadata.namespace}/${j.metadata.name} finished`);
    const now = this.o.clock.now();
    if (finished > now) this.log(`ttl-after-finished: Job ${j.metadata.namespace}/${j.metadata.name} finished in the future (clock skew?); cleanup deferred`);
    return finished + j.spec!.ttlSecondsAfterFinished! * 1000 - now;
  }

  async sync(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.jobs.get(namespace, name);
    if (!cached) return;
    const left = this.timeLeft(cached);
    if (left === undefined) return;
    if (left > 0) return { requeueAfterMs: left };
    const api = this.o.client.resource<Job>('jobs.batch', namespace);
    let fresh: Job;
    try {
      fresh = await api.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const freshLeft = this.timeLeft(fresh);
    if (freshLeft === undefined) return;
    if (freshLeft > 0) return { requeueAfterMs: freshLeft };
    this.log(`ttl-after-finished: cleaning up Job ${namespace}/${name}`);
    try {
      await api.delete(name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid! } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
