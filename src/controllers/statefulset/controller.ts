// The StatefulSet controller (upstream's pkg/controller/statefulset): watches StatefulSets and their
// pods (PVCs and ControllerRevisions are read from caches); a set is synced whenever either changes.

import type { Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { controllerOf, runWorkers } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { metaNamespaceKey, objectOf, waitForCacheSync, type DeletedFinalStateUnknown, type SharedIndexInformer, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { fromLabelSelector } from '../../machinery/labels/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { RevisionHistory, type ControllerRevision } from '../history/index.js';
import type { StsDeps } from './deps.js';
import { syncStatefulSet } from './sync.js';
import type { PersistentVolumeClaim, Pod, StatefulSet } from './types.js';

export interface StatefulSetControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  log?: (m: string) => void;
}

function isReady(p: Pod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export class StatefulSetController {
  readonly queue: RateLimitingQueue<string>;
  private readonly setInformer: SharedIndexInformer<StatefulSet>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly claimInformer: SharedIndexInformer<PersistentVolumeClaim>;
  private readonly revInformer: SharedIndexInformer<ControllerRevision>;
  private readonly deps: StsDeps;
  private readonly log: (m: string) => void;

  constructor(o: StatefulSetControllerOptions) {
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({ name: 'statefulset', clock: o.clock });
    this.setInformer = o.informers.informerFor<StatefulSet>('statefulsets.apps');
    this.podInformer = o.informers.informerFor<Pod>('pods');
    this.claimInformer = o.informers.informerFor<PersistentVolumeClaim>('persistentvolumeclaims');
    this.revInformer = o.informers.informerFor<ControllerRevision>('controllerrevisions.apps');
    this.deps = {
      pods: o.client.resource<Pod>('pods'),
      claims: o.client.resource<PersistentVolumeClaim>('persistentvolumeclaims'),
      sets: o.client.resource<StatefulSet>('statefulsets.apps'),
      revisions: o.client.resource<ControllerRevision>('controllerrevisions.apps'),
      history: new RevisionHistory(o.client),
      setLister: this.setInformer.lister,
      podLister: this.podInformer.lister,
      claimLister: this.claimInformer.lister,
      revisionLister: this.revInformer.lister,
      recorder: o.recorder,
      clock: o.clock,
      enqueueAfter: (key, ms) => this.queue.addAfter(key, ms),
    };
    const enqueue = (s: StatefulSet) => this.queue.add(metaNamespaceKey(s));
    this.setInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_, b) => enqueue(b), onDelete: (s) => this.queue.add(metaNamespaceKey(objectOf(s))) });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.podChanged(p),
      onUpdate: (a, b) => {
        if (a.metadata.resourceVersion === b.metadata.resourceVersion) return;
        const oldRef = controllerOf(a);
        if (oldRef && oldRef.uid !== controllerOf(b)?.uid) this.podChanged(a);
        const set = this.podChanged(b);
        const minReady = set?.spec?.minReadySeconds ?? 0;
        if (set && minReady > 0 && !isReady(a) && isReady(b)) this.queue.addAfter(metaNamespaceKey(set), minReady * 1000);
      },
      onDelete: (p) => this.podChanged(objectOf(p as Pod | DeletedFinalStateUnknown<Pod>)),
    });
    // A claim going away may unblock a pod waiting for a stale claim of its predecessor.
    this.claimInformer.addEventHandler({ onDelete: (c) => this.claimChanged(objectOf(c as PersistentVolumeClaim | DeletedFinalStateUnknown<PersistentVolumeClaim>)) });
  }

  private claimChanged(c: PersistentVolumeClaim): void {
    for (const s of this.setInformer.lister.list(c.metadata.namespace)) {
      if (s.spec?.selector && (s.spec.volumeClaimTemplates ?? []).length > 0 && fromLabelSelector(s.spec.selector).matches(c.metadata.labels ?? {})) this.queue.add(metaNamespaceKey(s));
    }
  }

  async run(signal: AbortSignal, workers: number): Promise<void> {
    if (!(await waitForCacheSync(signal, this.setInformer, this.podInformer, this.claimInformer, this.revInformer))) return;
    await runWorkers({ name: 'statefulset', queue: this.queue, workers, signal, log: this.log, reconcile: (key) => this.reconcile(key) });
  }

  reconcile(key: string): Promise<void> {
    return syncStatefulSet(this.deps, key);
  }

  /** Enqueues the pod's set (or, for an orphan, every set whose selector matches it). */
  private podChanged(pod: Pod): StatefulSet | undefined {
    const ref = controllerOf(pod);
    if (ref) {
      if (ref.kind !== 'StatefulSet') return undefined;
      const set = this.setInformer.lister.get(pod.metadata.namespace ?? '', ref.name);
      if (!set || set.metadata.uid !== ref.uid) return undefined;
      this.queue.add(metaNamespaceKey(set));
      return set;
    }
    for (const s of this.setInformer.lister.list(pod.metadata.namespace)) {
      if (s.spec?.selector && fromLabelSelector(s.spec.selector).matches(pod.metadata.labels ?? {})) this.queue.add(metaNamespaceKey(s));
    }
    return undefined;
  }
}
