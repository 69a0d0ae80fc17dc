// The deployment controller (upstream's DeploymentController): rolls a Deployment's pod template out
// through ReplicaSets. Handlers only enqueue Deployment keys; reconcile(key) claims the ReplicaSets,
// then pauses, scales or rolls out (RollingUpdate or Recreate) and writes the status.

import type { OwnerReference } from '../../api/types.js';
import type { Client, ResourceClient } from '../../machinery/client/index.js';
import { realClock, type Clock } from '../../machinery/clock/index.js';
import { claimObjects, controlledBy, controllerOf, ensureControllerIndex, runWorkers, type ReconcileResult } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import {
  type DeletedFinalStateUnknown,
  metaNamespaceKey,
  objectOf,
  type SharedIndexInformer,
  type SharedInformerFactory,
  splitMetaNamespaceKey,
  waitForCacheSync,
} from '../../machinery/informers/index.js';
import { fromLabelSelector, type Selector } from '../../machinery/labels/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { DEPLOYMENT_GVK, subject, writeDeploymentStatus, type SyncContext } from './context.js';
import { getAllReplicaSetsAndSyncRevision } from './newrs.js';
import { rolloutRecreate, type PodMap } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { isScalingEvent, syncScaling } from './scale.js';
import { checkPausedConditions, syncDeploymentStatus } from './status.js';
import type { Deployment, Pod, ReplicaSet } from './types.js';

export interface DeploymentControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock?: Clock;
  log?: (m: string) => void;
  workers?: number;
}

/** A Deployment failing this often is dropped until its next change (upstream's maxRetries). */
const MAX_RETRIES = 15;

export class DeploymentController {
  readonly queue: RateLimitingQueue<string>;
  private readonly deployments: SharedIndexInformer<Deployment>;
  private readonly replicaSets: SharedIndexInformer<ReplicaSet>;
  private readonly pods: SharedIndexInformer<Pod>;
  private readonly deploymentClient: ResourceClient<Deployment>;
  private readonly rsClient: ResourceClient<ReplicaSet>;
  private readonly clock: Clock;
  private readonly log: (m: string) => void;
  private readonly sync: SyncContext;

  constructor(private readonly o: DeploymentControllerOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({ name: 'deployment', clock: this.clock });
    this.deployments = o.informers.informerFor<Deployment>('deployments.apps');
    this.replicaSets = o.informers.informerFor<ReplicaSet>('replicasets.apps');
    this.pods = o.informers.informerFor<Pod>('pods');
    ensureControllerIndex(this.pods);
    this.deploymentClient = o.client.resource<Deployment>('deployments.apps');
    this.rsClient = o.client.resource<ReplicaSet>('replicasets.apps');
    this.sync = {
      deployments: this.deploymentClient,
      replicaSets: this.rsClient,
      rsLister: this.replicaSets.lister,
      recorder: o.recorder,
      now: () => this.clock.now(),
      requeueAfter: (d, ms) => this.queue.addAfter(metaNamespaceKey(d), ms),
      requeueRateLimited: (d) => this.queue.addRateLimited(metaNamespaceKey(d)),
    };
    this.deployments.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (d) => this.enqueue(objectOf(d)),
    });
    this.replicaSets.addEventHandler({
      onAdd: (rs) => this.rsAdded(rs),
      onUpdate: (old, cur) => this.rsUpdated(old, cur),
      onDelete: (rs) => this.rsDeleted(rs),
    });
    this.pods.addEventHandler({ onDelete: (p) => this.podDeleted(p) });
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.deployments, this.replicaSets, this.pods))) {
      this.queue.shutDown();
      return;
    }
    await runWorkers({ name: 'deployment-controller', queue: this.queue, workers: this.o.workers ?? 5, reconcile: (k) => this.reconcile(k), signal, log: this.log, maxRetries: MAX_RETRIES });
  }

  private enqueue(d: Deployment): void {
    this.queue.add(metaNamespaceKey(d));
  }

  // ------------------------------------------------------------------ event handlers

  private resolve(namespace: string | undefined, ref: OwnerReference): Deployment | undefined {
    if (ref.kind !== 'Deployment') return undefined;
    const d = this.deployments.lister.get(namespace ?? '', ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  private selectorOf(d: Deployment): Selector | undefined {
    try {
      return fromLabelSelector(d.spec.selector ?? null);
    } catch {
      return undefined;
    }
  }

  /** Deployments whose selector matches an orphaned ReplicaSet (candidates to adopt it). */
  private deploymentsMatching(rs: ReplicaSet): Deployment[] {
    const labels = rs.metadata.labels ?? {};
    if (Object.keys(labels).length === 0) return [];
    return this.deployments.lister.list(rs.metadata.namespace).filter((d) => {
      const sel = this.selectorOf(d);
      return sel !== undefined && !sel.empty() && sel.matches(labels);
    });
  }

  private rsAdded(rs: ReplicaSet): void {
    if (rs.metadata.deletionTimestamp) return this.rsDeleted(rs);
    const ref = controllerOf(rs);
    if (ref) {
      const d = this.resolve(rs.metadata.namespace, ref);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsMatching(rs)) this.enqueue(d);
  }

  private rsUpdated(old: ReplicaSet, cur: ReplicaSet): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const d = this.resolve(old.metadata.namespace, oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolve(cur.metadata.namespace, curRef);
      if (d) this.enqueue(d);
      return;
    }
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (labelsChanged || refChanged) for (const d of this.deploymentsMatching(cur)) this.enqueue(d);
  }

  private rsDeleted(obj: ReplicaSet | DeletedFinalStateUnknown<ReplicaSet>): void {
    const rs = objectOf(obj);
    const ref = controllerOf(rs);
    if (!ref) return;
    const d = this.resolve(rs.metadata.namespace, ref);
    if (d) this.enqueue(d);
  }

  /** A Recreate rollout waits for the old pods to be gone: the last one going wakes it. */
  private podDeleted(obj: Pod | DeletedFinalStateUnknown<Pod>): void {
    const pod = objectOf(obj);
    const rsRef = controllerOf(pod);
    if (rsRef?.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.lister.get(pod.metadata.namespace ?? '', rsRef.name);
    if (!rs || rs.metadata.uid !== rsRef.uid) return;
    const dRef = controllerOf(rs);
    const d = dRef ? this.resolve(rs.metadata.namespace, dRef) : undefined;
    if (!d || d.spec.strategy?.type !== 'Recreate') return;
    const owned = this.replicaSets.lister.list(d.metadata.namespace).filter((x) => controllerOf(x)?.uid === d.metadata.uid);
    let n = 0;
    for (const pods of this.podMap(d, owned).values()) n += pods.length;
    if (n === 0) this.enqueue(d);
  }

  // ------------------------------------------------------------------ reconcile

  /** The Deployment's ReplicaSets, adopting matching orphans and releasing those that stopped matching. */
  private async claimReplicaSets(d: Deployment, selector: Selector): Promise<ReplicaSet[]> {
    const ns = d.metadata.namespace;
    const rsClient = this.rsClient.inNamespace(ns);
    let recheck: Promise<void> | undefined;
    const canAdopt = () =>
      (recheck ??= this.deploymentClient
        .inNamespace(ns)
        .get(d.metadata.name!)
        .then((fresh) => {
          if (fresh.metadata.uid !== d.metadata.uid) throw new Error(`original Deployment ${ns}/${d.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${d.metadata.uid}`);
          if (fresh.metadata.deletionTimestamp) throw new Error(`${ns}/${d.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
        }));
    const claimed = await claimObjects(this.replicaSets.lister.list(ns), {
      owner: d,
      gvk: DEPLOYMENT_GVK,
      matches: (rs) => selector.matches(rs.metadata.labels ?? {}),
      adopt: async (rs, ref) => {
        await canAdopt();
        await rsClient.patch(rs.metadata.name!, { metadata: { ownerReferences: [ref], uid: rs.metadata.uid } }, { type: 'strategic' });
      },
      release: async (rs) => {
        await rsClient.patch(rs.metadata.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid: d.metadata.uid }], uid: rs.metadata.uid } }, { type: 'strategic' });
      },
    });
    return claimed as ReplicaSet[];
  }

  private podMap(d: Deployment, rsList: ReplicaSet[]): PodMap {
    const map: PodMap = new Map(rsList.map((rs) => [rs.metadata.uid ?? '', [] as Pod[]]));
    const sel = this.selectorOf(d);
    if (!sel) return map;
    // Pods by their controlling ReplicaSet (an index), not a scan of the namespace.
    for (const [uid, pods] of map) for (const p of controlledBy(this.pods, uid)) if (sel.matches(p.metadata.labels ?? {})) pods.push(p);
    return map;
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.deployments.lister.get(namespace, name);
    if (!cached) return;
    const d = structuredClone(cached);
    const c = this.sync;
    const sel = d.spec.selector;
    if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      c.recorder.event(subject(d), 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...d.status, observedGeneration: d.metadata.generation! };
        await writeDeploymentStatus(c, d);
      }
      return;
    }
    let selector: Selector;
    try {
      selector = fromLabelSelector(sel ?? null);
    } catch (err) {
      throw new Error(`deployment ${key} has invalid label selector: ${(err as Error).message}`);
    }
    const rsList = await this.claimReplicaSets(d, selector);
    const podMap = this.podMap(d, rsList);
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, d, rsList, false);
      return syncDeploymentStatus(c, [...oldRSs, newRS], newRS, d);
    }
    await checkPausedConditions(c, d);
    if (d.spec.paused || (await isScalingEvent(c, d, rsList))) {
      const { newRS, oldRSs } = await syncScaling(c, d, rsList);
      return syncDeploymentStatus(c, [...oldRSs, newRS], newRS, d);
    }
    switch (d.spec.strategy?.type) {
      case 'Recreate':
        return rolloutRecreate(c, d, rsList, podMap);
      case 'RollingUpdate':
        return rolloutRolling(c, d, rsList);
      default:
        throw new Error(`unexpected deployment strategy type: ${d.spec.strategy?.type}`);
    }
  }
}
