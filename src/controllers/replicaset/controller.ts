// The replica controller (upstream's ReplicaSetController, which also runs ReplicationControllers):
// keeps spec.replicas active pods for every owner. Event handlers only enqueue owner keys and count
// observed creations/deletions; reconcile(key) claims matching pods, creates or deletes the
// difference and writes the status.

import type { OwnerReference } from '../../api/types.js';
import type { Client, ResourceClient } from '../../machinery/client/index.js';
import { realClock, type Clock } from '../../machinery/clock/index.js';
import { claimObjects, controlledBy, controllerOf, ensureControllerIndex, orphansIn, runWorkers, type ReconcileResult } from '../../machinery/controller/index.js';
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
import type { Selector } from '../../machinery/labels/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { PodExpectations } from './expectations.js';
import type { ReplicaKind } from './kind.js';
import { BURST_REPLICAS, manageReplicas, type ManageContext } from './manage.js';
import { isPodActive, msUntilAvailable, podKey } from './pods.js';
import { calculateStatus, statusUpToDate } from './status.js';
import type { Pod, ReplicaOwner, ReplicaStatus } from './types.js';

export interface ReplicaManagerOptions {
  kind: ReplicaKind;
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock?: Clock;
  log?: (m: string) => void;
  /** Pods created or deleted per sync at most (default 500). */
  burstReplicas?: number;
  workers?: number;
}

/** Status writes retried once with a fresh copy (upstream's statusUpdateRetries). */
const STATUS_UPDATE_RETRIES = 1;

export class ReplicaManager {
  readonly queue: RateLimitingQueue<string>;
  readonly expectations: PodExpectations;
  private readonly owners: SharedIndexInformer<ReplicaOwner>;
  private readonly podInformer: SharedIndexInformer<Pod>;
  private readonly ownerClient: ResourceClient<ReplicaOwner>;
  private readonly clock: Clock;
  private readonly log: (m: string) => void;
  private readonly manage: ManageContext;

  constructor(private readonly o: ReplicaManagerOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({ name: o.kind.gvk.kind.toLowerCase(), clock: this.clock });
    this.expectations = new PodExpectations(this.clock);
    this.owners = o.informers.informerFor<ReplicaOwner>(o.kind.resource);
    this.podInformer = o.informers.informerFor<Pod>('pods');
    ensureControllerIndex(this.podInformer);
    this.ownerClient = o.client.resource<ReplicaOwner>(o.kind.resource);
    this.manage = {
      kind: o.kind,
      pods: o.client.resource<Pod>('pods'),
      recorder: o.recorder,
      expectations: this.expectations,
      burstReplicas: o.burstReplicas ?? BURST_REPLICAS,
      now: () => this.clock.now(),
      relatedPods: (owner) => this.relatedPods(owner),
    };
    this.owners.addEventHandler({
      onAdd: (rs) => this.queue.add(metaNamespaceKey(rs)),
      onUpdate: (_old, cur) => this.queue.add(metaNamespaceKey(cur)),
      onDelete: (rs) => {
        const key = metaNamespaceKey(objectOf(rs));
        this.expectations.delete(key);
        this.queue.add(key);
      },
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.podAdded(p),
      onUpdate: (old, cur) => this.podUpdated(old, cur),
      onDelete: (p) => this.podDeleted(p),
    });
  }

  /** Waits for the caches, then reconciles until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.owners, this.podInformer))) {
      this.queue.shutDown();
      return;
    }
    await runWorkers({ name: `${this.o.kind.component}`, queue: this.queue, workers: this.o.workers ?? 5, reconcile: (k) => this.reconcile(k), signal, log: this.log });
  }

  // ------------------------------------------------------------------ event handlers

  /** The owner a controller reference points to, if it is one of ours and still the same object. */
  private resolve(namespace: string | undefined, ref: OwnerReference): ReplicaOwner | undefined {
    if (ref.kind !== this.o.kind.gvk.kind) return undefined;
    const owner = this.owners.lister.get(namespace ?? '', ref.name);
    return owner && owner.metadata.uid === ref.uid ? owner : undefined;
  }

  /** Owners in the pod's namespace whose selector matches it (candidates to adopt an orphan). */
  private ownersMatching(pod: Pod): ReplicaOwner[] {
    const labels = pod.metadata.labels ?? {};
    if (Object.keys(labels).length === 0) return [];
    return this.owners.lister.list(pod.metadata.namespace).filter((rs) => {
      const sel = this.selectorOf(rs);
      return sel !== undefined && !sel.empty() && sel.matches(labels);
    });
  }

  private selectorOf(rs: ReplicaOwner): Selector | undefined {
    try {
      return this.o.kind.selector(rs);
    } catch {
      return undefined;
    }
  }

  private podAdded(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      // A restart found a pod already going: treat it as deleted so expectations are not stuck.
      this.podDeleted(pod);
      return;
    }
    const ref = controllerOf(pod);
    if (ref) {
      const owner = this.resolve(pod.metadata.namespace, ref);
      if (!owner) return;
      const key = metaNamespaceKey(owner);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    for (const rs of this.ownersMatching(pod)) this.queue.add(metaNamespaceKey(rs));
  }

  private podUpdated(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      // A graceful delete: the owner may create a replacement now rather than when the pod is gone.
      this.podDeleted(cur);
      if (labelsChanged) this.podDeleted(old);
      return;
    }
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const owner = this.resolve(old.metadata.namespace, oldRef);
      if (owner) this.queue.add(metaNamespaceKey(owner));
    }
    if (curRef) {
      const owner = this.resolve(cur.metadata.namespace, curRef);
      if (owner) this.queue.add(metaNamespaceKey(owner));
      return;
    }
    if (labelsChanged || refChanged) for (const rs of this.ownersMatching(cur)) this.queue.add(metaNamespaceKey(rs));
  }

  private podDeleted(obj: Pod | DeletedFinalStateUnknown<Pod>): void {
    const pod = objectOf(obj);
    const ref = controllerOf(pod);
    if (!ref) return;
    const owner = this.resolve(pod.metadata.namespace, ref);
    if (!owner) return;
    const key = metaNamespaceKey(owner);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  // ------------------------------------------------------------------ reconcile

  /** Pods of every owner controlled by the same controller as `owner` (a Deployment's ReplicaSets). */
  private relatedPods(owner: ReplicaOwner): Pod[] {
    const ref = controllerOf(owner);
    if (!ref) return [];
    const seen = new Set<string>();
    const out: Pod[] = [];
    for (const rs of this.owners.lister.list(owner.metadata.namespace)) {
      if (controllerOf(rs)?.uid !== ref.uid) continue;
      const sel = this.selectorOf(rs);
      if (!sel) continue;
      for (const p of this.podInformer.lister.list(rs.metadata.namespace, sel)) {
        if (seen.has(p.metadata.uid ?? '')) continue;
        seen.add(p.metadata.uid ?? '');
        out.push(p);
      }
    }
    return out;
  }

  private async claimPods(owner: ReplicaOwner, selector: Selector, candidates: Pod[]): Promise<Pod[]> {
    const ns = owner.metadata.namespace;
    const pods = this.manage.pods.inNamespace(ns);
    let recheck: Promise<void> | undefined;
    // Adopt only if the owner, read fresh from the server, is still the one we saw and not being deleted.
    const canAdopt = () =>
      (recheck ??= this.ownerClient
        .inNamespace(ns)
        .get(owner.metadata.name!)
        .then((fresh) => {
          if (fresh.metadata.uid !== owner.metadata.uid)
            throw new Error(`original ${this.o.kind.gvk.kind} ${ns}/${owner.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`);
          if (fresh.metadata.deletionTimestamp) throw new Error(`${ns}/${owner.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
        }));
    const claimed = await claimObjects(candidates, {
      owner,
      gvk: this.o.kind.gvk,
      matches: (p) => selector.matches(p.metadata.labels ?? {}),
      adopt: async (p, ref) => {
        await canAdopt();
        await pods.patch(p.metadata.name!, { metadata: { ownerReferences: [ref], uid: p.metadata.uid } }, { type: 'strategic' });
      },
      release: async (p) => {
        await pods.patch(p.metadata.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid: owner.metadata.uid }], uid: p.metadata.uid } }, { type: 'strategic' });
      },
    });
    return claimed as Pod[];
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const owner = this.owners.lister.get(namespace, name);
    if (!owner) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    const selector = this.selectorOf(owner);
    if (!selector) {
      this.log(`${this.o.kind.component}: ${key} has an invalid selector; skipping`);
      return;
    }
    // The pods this owner controls and the namespace's orphans: the only ones claimPods can keep or
    // adopt (a full namespace scan per sync is O(pods) and dominates at 100k pods).
    const active = [...controlledBy(this.podInformer, owner.metadata.uid ?? ''), ...orphansIn(this.podInformer, namespace)].filter(isPodActive);
    const pods = await this.claimPods(owner, selector, active);
    let manageError: Error | undefined;
    if (needsSync && !owner.metadata.deletionTimestamp) {
      try {
        await manageReplicas(this.manage, owner, key, pods);
      } catch (err) {
        manageError = err instanceof Error ? err : new Error(String(err));
      }
    }
    const now = this.clock.now();
    await this.writeStatus(owner, calculateStatus({ owner, pods, now, ...(manageError ? { manageError } : {}) }));
    if (manageError) throw manageError;
    // Come back when the next ready pod has been ready for minReadySeconds.
    const minReady = owner.spec?.minReadySeconds ?? 0;
    let wait: number | undefined;
    for (const p of pods) {
      const ms = msUntilAvailable(p, minReady, now);
      if (ms !== undefined && (wait === undefined || ms < wait)) wait = ms;
    }
    return wait !== undefined ? { requeueAfterMs: wait } : undefined;
  }

  private async writeStatus(owner: ReplicaOwner, status: ReplicaStatus): Promise<ReplicaOwner> {
    if (statusUpToDate(owner, status)) return owner;
    const next: ReplicaStatus = { ...status };
    if (owner.metadata.generation) next.observedGeneration = owner.metadata.generation;
    else delete next.observedGeneration;
    const client = this.ownerClient.inNamespace(owner.metadata.namespace);
    let cur = owner;
    for (let i = 0; ; i++) {
      try {
        return await client.updateStatus({ ...cur, apiVersion: this.o.kind.gvk.apiVersion, kind: this.o.kind.gvk.kind, status: next });
      } catch (err) {
        if (i >= STATUS_UPDATE_RETRIES) throw err;
        cur = await client.get(owner.metadata.name!);
      }
    }
  }
}
