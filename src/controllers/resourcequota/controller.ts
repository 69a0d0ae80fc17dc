// The resourcequota controller (upstream's pkg/controller/resourcequota): keeps every ResourceQuota's
// status.hard equal to spec.hard and status.used equal to what the namespace's objects add up to.
// Admission charges creates as they happen; this controller recomputes a quota when its spec changes,
// when a tracked object is deleted or stops counting (a pod turning terminal, a service changing type,
// a claim's request changing), and for all quotas every --resource-quota-sync-period.

import { RESOURCES } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import {
  calculateUsage,
  equals,
  evaluatorFor,
  evaluatorsForNames,
  hardOf,
  mask,
  quotaV1Pod,
  serviceUsage,
  claimUsage,
  toJSON,
  usedOf,
  type Evaluator,
  type ResourceList,
} from '../../apiserver/admission/plugins/resourcequota/quota/index.js';
import type { ResourceClient } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { runWorkers, type ReconcileResult } from '../../machinery/controller/index.js';
import { metaNamespaceKey, objectOf, splitMetaNamespaceKey, type SharedIndexInformer, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';

export interface ResourceQuotaControllerOptions {
  informers: SharedInformerFactory;
  quotas: ResourceClient;
  clock: Clock;
  resyncPeriodMs: number;
  workers: number;
  log?: (m: string) => void;
}

/** Did an update change what the object is charged, in a way only a recount notices? */
function needsReplenish(ev: Evaluator, old: KubeObject, cur: KubeObject, nowMs: number): boolean {
  switch (`${ev.group}/${ev.resource}`) {
    case '/pods':
      return quotaV1Pod(old, nowMs) && !quotaV1Pod(cur, nowMs);
    case '/services': {
      const a = serviceUsage(old);
      const b = serviceUsage(cur);
      return !equals(a, b);
    }
    case '/persistentvolumeclaims':
      return !equals(claimUsage(old), claimUsage(cur));
    default:
      return false;
  }
}

export class ResourceQuotaController {
  private readonly queue: RateLimitingQueue<string>;
  private readonly quotaInformer: SharedIndexInformer;
  /** Informers of the resources quotas track, by "group/resource", created as quotas name them. */
  private readonly monitors = new Map<string, SharedIndexInformer>();
  private readonly log: (m: string) => void;
  private signal: AbortSignal | null = null;

  constructor(private readonly o: ResourceQuotaControllerOptions) {
    this.queue = new RateLimitingQueue<string>({ clock: o.clock });
    this.quotaInformer = o.informers.informerFor('resourcequotas');
    this.log = o.log ?? (() => {});
    // The resources every cluster quotas most, watched from the start as upstream's monitors are.
    for (const r of ['pods', 'services', 'persistentvolumeclaims', 'configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas']) this.monitor(evaluatorFor('', r));
  }

  private monitor(ev: Evaluator): SharedIndexInformer | undefined {
    const key = `${ev.group}/${ev.resource}`;
    const have = this.monitors.get(key);
    if (have) return have;
    const def = RESOURCES.find((d) => d.group === ev.group && d.plural === ev.resource && d.verbs.includes('watch'));
    if (!def) return undefined;
    const inf = this.o.informers.informerFor({ group: def.group, version: def.version, plural: def.plural });
    inf.addEventHandler({
      onUpdate: (old, cur) => {
        if (needsReplenish(ev, old, cur, this.o.clock.now())) this.replenish(ev, cur.metadata.namespace ?? '');
      },
      onDelete: (obj) => this.replenish(ev, objectOf(obj).metadata.namespace ?? ''),
    });
    this.monitors.set(key, inf);
    return inf;
  }

  /** Queues the namespace's quotas that track what the evaluator charges. */
  private replenish(ev: Evaluator, namespace: string): void {
    for (const q of this.quotaInformer.lister.list(namespace)) {
      if (ev.matchingResources([...hardOf(q, 'status').keys()]).length) this.queue.add(metaNamespaceKey(q));
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    const reg = this.quotaInformer.addEventHandler({
      onAdd: (q) => this.queue.add(metaNamespaceKey(q)),
      onUpdate: (old, cur) => {
        const specChanged = !equals(hardOf(old, 'spec'), hardOf(cur, 'spec'));
        const statusStale = !equals(hardOf(cur, 'spec'), hardOf(cur, 'status'));
        if (specChanged || statusStale) this.queue.add(metaNamespaceKey(cur));
      },
    });
    if (!(await this.quotaInformer.waitForSync(signal))) return;
    const resync = this.resyncLoop(signal);
    try {
      await runWorkers({ name: 'resourcequota', queue: this.queue, workers: this.o.workers, reconcile: (k) => this.reconcile(k), signal, log: this.log });
    } finally {
      reg.remove();
      await resync;
    }
  }

  private async resyncLoop(signal: AbortSignal): Promise<void> {
    while (await this.o.clock.sleep(this.o.resyncPeriodMs, signal)) {
      for (const q of this.quotaInformer.lister.list()) this.queue.add(metaNamespaceKey(q));
    }
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const quota = this.quotaInformer.lister.get(namespace, name);
    if (!quota) return;
    const specHard = hardOf(quota, 'spec');
    const evaluators = evaluatorsForNames([...specHard.keys()]);
    const listers = new Map<Evaluator, SharedIndexInformer>();
    for (const ev of evaluators) {
      const inf = this.monitor(ev);
      if (!inf) {
        this.log(`resourcequota: cannot watch ${ev.resource}${ev.group ? `.${ev.group}` : ''} for quota ${key}`);
        continue;
      }
      if (!inf.hasSynced() && !(await inf.waitForSync(this.signal ?? undefined))) return;
      listers.set(ev, inf);
    }
    const fresh = calculateUsage({
      quota,
      hard: specHard,
      list: (ev) => listers.get(ev)?.lister.list(namespace) ?? [],
      nowMs: this.o.clock.now(),
    });
    const used: ResourceList = new Map(usedOf(quota));
    for (const [k, v] of fresh) used.set(k, v);
    const newUsed = mask(used, specHard.keys());
    const status = (typeof quota.status === 'object' && quota.status !== null ? quota.status : {}) as { hard?: unknown; used?: unknown };
    const dirty = status.hard === undefined || status.used === undefined || !equals(specHard, hardOf(quota, 'status')) || !equals(newUsed, usedOf(quota));
    if (!dirty) return;
    await this.o.quotas.updateStatus({ ...quota, status: { ...status, hard: toJSON(specHard), used: toJSON(newUsed) } });
  }
}
