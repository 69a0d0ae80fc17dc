// The namespace controller (upstream's pkg/controller/namespace): namespaces being deleted are
// emptied and finalized by the NamespacedResourcesDeleter. Events are delayed a little (5 s
// upstream) so API servers and storage replicas all see the deletion before the cleanup starts;
// content that takes time to go (pods terminating gracefully, finalizers) is rechecked after about
// half its estimated time.

import type { Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/clock.js';
import { runWorkers, type ReconcileResult } from '../../machinery/controller/index.js';
import { waitForCacheSync, type HandlerRegistration, type Lister, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { NamespacedResourcesDeleter, ResourcesRemainingError, type DeletableResource, type Namespace } from './deleter.js';

/** How long a namespace event waits before it is processed (upstream's namespaceDeletionGracePeriod). */
export const DELETION_GRACE_PERIOD_MS = 5000;

export interface NamespaceControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  clock: Clock;
  workers?: number;
  /** Periodic resync of all namespaces (--namespace-sync-period, default 5 m). */
  resyncPeriodMs?: number;
  /** Delay before a namespace event is processed (default 5 s). */
  deletionGracePeriodMs?: number;
  resources?: () => DeletableResource[];
  log?: (m: string) => void;
}

export class NamespaceController {
  readonly queue: RateLimitingQueue<string>;
  private readonly namespaces: Lister<Namespace>;
  private readonly deleter: NamespacedResourcesDeleter;
  private readonly registration: HandlerRegistration;
  private readonly log: (m: string) => void;

  constructor(private readonly o: NamespaceControllerOptions) {
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({ name: 'namespace', clock: o.clock });
    this.deleter = new NamespacedResourcesDeleter({ client: o.client, clock: o.clock, log: this.log, ...(o.resources ? { resources: o.resources } : {}) });
    const inf = o.informers.informerFor<Namespace>('namespaces');
    this.namespaces = inf.lister;
    const enqueue = (ns: Namespace) => {
      if (!ns.metadata.deletionTimestamp) return;
      this.queue.addAfter(ns.metadata.name!, o.deletionGracePeriodMs ?? DELETION_GRACE_PERIOD_MS);
    };
    this.registration = inf.addEventHandler({ onAdd: enqueue, onUpdate: (_a, b) => enqueue(b) }, { resyncPeriodMs: o.resyncPeriodMs ?? 5 * 60_000 });
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.registration))) return;
    await runWorkers({ name: 'namespace', queue: this.queue, workers: this.o.workers ?? 10, reconcile: (k) => this.sync(k), signal, log: this.log });
  }

  async sync(name: string): Promise<ReconcileResult | void> {
    if (!this.namespaces.get('', name)) return;
    try {
      await this.deleter.delete(name);
    } catch (err) {
      if (err instanceof ResourcesRemainingError) return { requeueAfterMs: (Math.floor(err.estimate / 2) + 1) * 1000 };
      throw err;
    }
  }
}
