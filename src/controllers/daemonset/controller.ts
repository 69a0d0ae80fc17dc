// The DaemonSet controller (upstream's pkg/controller/daemon): watches DaemonSets, their pods and
// ControllerRevisions, and nodes; a DaemonSet is synced whenever any of them changes.

import type { Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { controllerOf, Expectations, runWorkers } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { metaNamespaceKey, objectOf, waitForCacheSync, type DeletedFinalStateUnknown, type SharedIndexInformer, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { fromLabelSelector } from '../../machinery/labels/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { RevisionHistory, type ControllerRevision } from '../history/index.js';
import { Backoff } from './backoff.js';
import type { DsDeps } from './deps.js';
import { FAILED_POD_BACKOFF_INITIAL_MS, FAILED_POD_BACKOFF_MAX_MS } from './manage.js';
import { isPodReady } from './podutil.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import { syncDaemonSet } from './sync.js';
import type { DaemonSet, Node, Pod } from './types.js';

export interface DaemonSetControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  log?: (m: string) => void;
}

export class DaemonSetController {
  readonly queue: RateLimitingQueue<string>;
  private readonly dsInformer: SharedIndexInformer<DaemonSet>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly nodeInformer: SharedIndexInformer<Node>;
  private readonly revInformer: SharedIndexInformer<ControllerRevision>;
  private readonly deps: DsDeps;
  private readonly log: (m: string) => void;

  constructor(o: DaemonSetControllerOptions) {
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({ name: 'daemonset', clock: o.clock });
    this.dsInformer = o.informers.informerFor<DaemonSet>('daemonsets.apps');
    this.podInformer = o.informers.informerFor<Pod>('pods');
    this.nodeInformer = o.informers.informerFor<Node>('nodes');
    this.revInformer = o.informers.informerFor<ControllerRevision>('controllerrevisions.apps');
    this.deps = {
      pods: o.client.resource<Pod>('pods'),
      daemonSets: o.client.resource<DaemonSet>('daemonsets.apps'),
      revisions: o.client.resource<ControllerRevision>('controllerrevisions.apps'),
      history: new RevisionHistory(o.client),
      dsLister: this.dsInformer.lister,
      podLister: this.podInformer.lister,
      nodeLister: this.nodeInformer.lister,
      revisionLister: this.revInformer.lister,
      recorder: o.recorder,
      clock: o.clock,
      expectations: new Expectations(o.clock),
      failedPodsBackoff: new Backoff(FAILED_POD_BACKOFF_INITIAL_MS, FAILED_POD_BACKOFF_MAX_MS),
      enqueueAfter: (key, ms) => this.queue.addAfter(key, ms),
    };
    const enqueue = (ds: DaemonSet) => this.queue.add(metaNamespaceKey(ds));
    this.dsInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_, b) => enqueue(b), onDelete: (ds) => this.queue.add(metaNamespaceKey(objectOf(ds))) });
    this.revInformer.addEventHandler({
      onAdd: (r) => this.enqueueOwnerOrMatching(r),
      onUpdate: (a, b) => {
        if (a.metadata.resourceVersion !== b.metadata.resourceVersion) this.enqueueOwnerOrMatching(b);
      },
      onDelete: (r) => this.enqueueOwnerOrMatching(objectOf(r as ControllerRevision | DeletedFinalStateUnknown<ControllerRevision>)),
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.addPod(p),
      onUpdate: (a, b) => this.updatePod(a, b),
      onDelete: (p) => this.deletePod(objectOf(p as Pod | DeletedFinalStateUnknown<Pod>)),
    });
    this.nodeInformer.addEventHandler({
      onAdd: (n) => this.nodeChanged(undefined, n),
      onUpdate: (a, b) => this.nodeChanged(a, b),
      onDelete: () => {
        for (const ds of this.dsInformer.lister.list()) enqueue(ds);
      },
    });
  }

  async run(signal: AbortSignal, workers: number): Promise<void> {
    if (!(await waitForCacheSync(signal, this.dsInformer, this.podInformer, this.nodeInformer, this.revInformer))) return;
    await runWorkers({ name: 'daemonset', queue: this.queue, workers, signal, log: this.log, reconcile: (key) => this.reconcile(key) });
  }

  reconcile(key: string): Promise<void> {
    return syncDaemonSet(this.deps, key);
  }

  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string } | undefined): DaemonSet | undefined {
    if (!ref || ref.kind !== 'DaemonSet') return undefined;
    const ds = this.dsInformer.lister.get(namespace ?? '', ref.name);
    return ds && ds.metadata.uid === ref.uid ? ds : undefined;
  }

  private matching(o: Pod | ControllerRevision): DaemonSet[] {
    return this.dsInformer.lister.list(o.metadata.namespace).filter((ds) => ds.spec?.selector && fromLabelSelector(ds.spec.selector).matches(o.metadata.labels ?? {}));
  }

  private enqueueOwnerOrMatching(o: Pod | ControllerRevision): DaemonSet | undefined {
    const ref = controllerOf(o);
    if (ref) {
      const ds = this.resolve(o.metadata.namespace, ref);
      if (ds) this.queue.add(metaNamespaceKey(ds));
      return ds;
    }
    for (const ds of this.matching(o)) this.queue.add(metaNamespaceKey(ds));
    return undefined;
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod);
      return;
    }
    const ds = this.enqueueOwnerOrMatching(pod);
    if (ds) this.deps.expectations.creationObserved(metaNamespaceKey(ds));
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur);
      return;
    }
    const oldRef = controllerOf(old);
    if (oldRef && oldRef.uid !== controllerOf(cur)?.uid) {
      const ds = this.resolve(old.metadata.namespace, oldRef);
      if (ds) this.queue.add(metaNamespaceKey(ds));
    }
    const ds = this.enqueueOwnerOrMatching(cur);
    const minReady = ds?.spec?.minReadySeconds ?? 0;
    if (ds && minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.queue.addAfter(metaNamespaceKey(ds), minReady * 1000 + 1000);
  }

  private deletePod(pod: Pod): void {
    const ds = this.resolve(pod.metadata.namespace, controllerOf(pod));
    if (!ds) return;
    this.deps.expectations.deletionObserved(metaNamespaceKey(ds));
    this.queue.add(metaNamespaceKey(ds));
  }

  /** DaemonSets whose placement on the node may have changed. */
  private nodeChanged(old: Node | undefined, cur: Node): void {
    for (const ds of this.dsInformer.lister.list()) {
      const now = nodeShouldRunDaemonPod(cur, ds);
      if (!old) {
        if (now[0]) this.queue.add(metaNamespaceKey(ds));
        continue;
      }
      const before = nodeShouldRunDaemonPod(old, ds);
      if (before[0] !== now[0] || before[1] !== now[1]) this.queue.add(metaNamespaceKey(ds));
    }
  }
}
