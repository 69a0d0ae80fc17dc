// The disruption controller (upstream's pkg/controller/disruption, "disruption"): keeps the status of
// every PodDisruptionBudget — how many of its pods are expected, wanted healthy and healthy, and so
// how many evictions the pods/eviction subresource may approve right now — and forgets approved
// evictions that never turned into deletions. Event handlers only enqueue budget keys; reconcile(key)
// recomputes one budget's status and writes it through the status subresource. A second queue resets
// DisruptionTarget conditions left on pods that were never deleted.

import { RESOURCES } from '../../api/resources.js';
import {
  DISRUPTION_ALLOWED_CONDITION,
  metaTime,
  type PodDisruptionBudget,
  setStatusCondition,
  SYNC_FAILED_REASON,
} from '../../api/poddisruptionbudget.js';
import type { KubeObject, OwnerReference } from '../../api/types.js';
import { isConflict, isNotFound, type Client } from '../../machinery/client/index.js';
import { realClock, type Clock } from '../../machinery/clock/index.js';
import { controllerOf, runWorkers, type ReconcileResult } from '../../machinery/controller/index.js';
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
import { buildDisruptedPodMap, countHealthyPods, DELETION_TIMEOUT_MS, expectedPodCount, nextStatus, type ControllerScale, type Pod, type ScaleFinder } from './budget.js';

/** How long a DisruptionTarget condition may stay on a pod that is not being deleted. */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

const PDB_GVR = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespaced: true } as const;

interface Scalable extends KubeObject {
  spec?: { replicas?: number };
}

interface PodWithConditions extends KubeObject {
  status?: { phase?: string; conditions?: Array<{ type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string | null; lastProbeTime?: string | null }> | null };
}

export interface DisruptionControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder?: EventRecorder;
  clock?: Clock;
  log?: (m: string) => void;
  /** Workers per queue (upstream runs one). */
  workers?: number;
  /** How long an approved eviction is waited for (upstream's DeletionTimeout, 2 minutes). */
  deletionTimeoutMs?: number;
  stalePodDisruptionTimeoutMs?: number;
}

/** The group of an apiVersion ("apps/v1" → "apps", "v1" → ""). */
function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

function versionOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}

/** upstream's verifyGroupKind. */
function isGroupKind(ref: OwnerReference, kind: string, groups: readonly string[]): boolean {
  return ref.kind === kind && groups.includes(groupOf(ref.apiVersion ?? ''));
}

function selectorOf(pdb: PodDisruptionBudget): Selector | undefined {
  try {
    return fromLabelSelector(pdb.spec?.selector ?? null);
  } catch {
    return undefined;
  }
}

export class DisruptionController {
  readonly queue: RateLimitingQueue<string>;
  readonly staleQueue: RateLimitingQueue<string>;
  private readonly pdbs: SharedIndexInformer<PodDisruptionBudget>;
  private readonly pods: SharedIndexInformer<Pod>;
  private readonly rcs: SharedIndexInformer<Scalable>;
  private readonly rss: SharedIndexInformer<Scalable>;
  private readonly deployments: SharedIndexInformer<Scalable>;
  private readonly statefulSets: SharedIndexInformer<Scalable>;
  private readonly clock: Clock;
  private readonly log: (m: string) => void;
  private readonly deletionTimeoutMs: number;
  private readonly staleTimeoutMs: number;

  constructor(private readonly o: DisruptionControllerOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
    this.deletionTimeoutMs = o.deletionTimeoutMs ?? DELETION_TIMEOUT_MS;
    this.staleTimeoutMs = o.stalePodDisruptionTimeoutMs ?? STALE_POD_DISRUPTION_TIMEOUT_MS;
    this.queue = new RateLimitingQueue<string>({ name: 'disruption', clock: this.clock });
    this.staleQueue = new RateLimitingQueue<string>({ name: 'stale_pod_disruption', clock: this.clock });
    this.pdbs = o.informers.informerFor<PodDisruptionBudget>(PDB_GVR);
    this.pods = o.informers.informerFor<Pod>('pods');
    this.rcs = o.informers.informerFor<Scalable>('replicationcontrollers');
    this.rss = o.informers.informerFor<Scalable>('replicasets.apps');
    this.deployments = o.informers.informerFor<Scalable>('deployments.apps');
    this.statefulSets = o.informers.informerFor<Scalable>('statefulsets.apps');
    this.pdbs.addEventHandler({
      onAdd: (pdb) => this.queue.add(metaNamespaceKey(pdb)),
      onUpdate: (_old, cur) => this.queue.add(metaNamespaceKey(cur)),
      onDelete: (pdb) => this.queue.add(metaNamespaceKey(objectOf(pdb))),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.podChanged(p),
      onUpdate: (old, cur) => {
        this.podChanged(cur);
        if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {})) this.enqueueBudgetsOf(old);
      },
      onDelete: (p: Pod | DeletedFinalStateUnknown<Pod>) => this.enqueueBudgetsOf(objectOf(p)),
    });
  }

  /** Waits for the caches, then reconciles until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.pdbs, this.pods, this.rcs, this.rss, this.deployments, this.statefulSets))) {
      this.queue.shutDown();
      this.staleQueue.shutDown();
      return;
    }
    const workers = this.o.workers ?? 1;
    await Promise.all([
      runWorkers({ name: 'disruption', queue: this.queue, workers, reconcile: (k) => this.reconcile(k), signal, log: this.log }),
      runWorkers({ name: 'disruption (stale pod disruption)', queue: this.staleQueue, workers, reconcile: (k) => this.syncStalePodDisruption(k), signal, log: this.log }),
    ]);
  }

  // ------------------------------------------------------------------ event handlers

  private podChanged(pod: Pod): void {
    this.enqueueBudgetsOf(pod);
    const wait = this.staleDisruptionWait(pod);
    if (wait !== undefined) this.staleQueue.addAfter(metaNamespaceKey(pod), wait);
  }

  /** Budgets in the pod's namespace whose selector matches it (an empty selector matches every pod). */
  budgetsFor(pod: KubeObject): PodDisruptionBudget[] {
    const labels = pod.metadata.labels ?? {};
    return this.pdbs.lister.list(pod.metadata.namespace ?? '').filter((pdb) => selectorOf(pdb)?.matches(labels) ?? false);
  }

  private enqueueBudgetsOf(pod: KubeObject): void {
    const pdbs = this.budgetsFor(pod);
    if (pdbs.length > 1) {
      const msg = `Pod "${pod.metadata.namespace}"/"${pod.metadata.name}" matches multiple PodDisruptionBudgets.  Chose "${pdbs[0]!.metadata.name}" arbitrarily.`;
      this.log(`disruption: ${msg}`);
      this.o.recorder?.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, 'Warning', 'MultiplePodDisruptionBudgets', msg);
    }
    for (const pdb of pdbs) this.queue.add(metaNamespaceKey(pdb));
  }

  // ------------------------------------------------------------------ budgets

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pdb = this.pdbs.lister.get(namespace, name);
    if (!pdb) return;
    try {
      return await this.trySync(pdb);
    } catch (err) {
      // A conflict only means the cache is behind: retry without touching the status.
      if (isConflict(err)) throw err;
      this.log(`disruption: failed to sync PDB ${key}: ${(err as Error).message}`);
      await this.failSafe(pdb, err as Error);
    }
  }

  private async trySync(pdb: PodDisruptionBudget): Promise<ReconcileResult | void> {
    const ref = { ...pdb, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' };
    const sel = selectorOf(pdb);
    if (!sel) {
      const err = new Error('invalid label selector');
      this.o.recorder?.eventf(ref, 'Warning', 'NoPods', 'Failed to get pods: %v', err.message);
      throw err;
    }
    const pods = this.pods.lister.list(pdb.metadata.namespace ?? '').filter((p) => sel.matches(p.metadata.labels ?? {}));
    if (pods.length === 0) this.o.recorder?.event(ref, 'Normal', 'NoPods', 'No matching pods found');
    let expected;
    try {
      expected = await expectedPodCount(pdb, pods, this.finders());
    } catch (err) {
      this.o.recorder?.eventf(ref, 'Warning', 'CalculateExpectedPodCountFailed', 'Failed to calculate the number of expected pods: %v', (err as Error).message);
      throw err;
    }
    if (expected.unmanagedPods.length > 0) {
      this.log(`disruption: found unmanaged pods associated with PDB ${metaNamespaceKey(pdb)}: ${expected.unmanagedPods.join(', ')}`);
      this.o.recorder?.event(
        ref,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${JSON.stringify(pdb.spec?.selector ?? null)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    const now = this.clock.now();
    const { disruptedPods, recheckAtMs, expired } = buildDisruptedPodMap(pods, pdb, now, this.deletionTimeoutMs);
    for (const pod of expired) {
      this.log(`disruption: pod ${metaNamespaceKey(pod)} was expected to be deleted but it wasn't, updating PDB ${metaNamespaceKey(pdb)}`);
      this.o.recorder?.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.name} to be deleted but it wasn't`);
    }
    const currentHealthy = countHealthyPods(pods, disruptedPods, now, this.deletionTimeoutMs);
    const next = nextStatus(pdb, { currentHealthy, desiredHealthy: expected.desiredHealthy, expectedCount: expected.expectedCount, disruptedPods }, now);
    if (next) await this.writeStatus(next);
    if (recheckAtMs !== undefined) return { requeueAfterMs: Math.max(0, recheckAtMs - now) };
  }

  /** When everything else fails, at least allow no disruptions (the budget "fails open" for safety). */
  private async failSafe(pdb: PodDisruptionBudget, err: Error): Promise<void> {
    const status = { ...(pdb.status ?? {}), disruptionsAllowed: 0, conditions: (pdb.status?.conditions ?? []).map((c) => ({ ...c })) };
    setStatusCondition(
      status.conditions,
      {
        type: DISRUPTION_ALLOWED_CONDITION,
        status: 'False',
        reason: SYNC_FAILED_REASON,
        message: err.message,
        ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
      },
      this.clock.now(),
    );
    await this.writeStatus({ ...pdb, status });
  }

  /** One status write; a failure is retried by the queue, with a fresh copy from the cache. */
  private async writeStatus(pdb: PodDisruptionBudget): Promise<void> {
    await this.o.client.resource<PodDisruptionBudget>(PDB_GVR, pdb.metadata.namespace).updateStatus({ ...pdb, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' });
  }

  // ------------------------------------------------------------------ controllers and their scale

  /** Tried in order for a pod's controller reference (upstream's finders). */
  private finders(): ScaleFinder[] {
    return [
      async (ref, ns) => this.replicationController(ref, ns),
      async (ref, ns) => this.deploymentOfReplicaSet(ref, ns),
      async (ref, ns) => this.replicaSet(ref, ns),
      async (ref, ns) => this.statefulSet(ref, ns),
      (ref, ns) => this.scaleOf(ref, ns),
    ];
  }

  private static scale(o: Scalable): ControllerScale {
    return { uid: o.metadata.uid ?? '', scale: o.spec?.replicas ?? 1 };
  }

  private replicationController(ref: OwnerReference, ns: string): ControllerScale | null {
    if (!isGroupKind(ref, 'ReplicationController', [''])) return null;
    const rc = this.rcs.lister.get(ns, ref.name);
    return rc && rc.metadata.uid === ref.uid ? DisruptionController.scale(rc) : null;
  }

  /** A ReplicaSet not controlled by a Deployment. */
  private replicaSet(ref: OwnerReference, ns: string): ControllerScale | null {
    if (!isGroupKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return null;
    const rs = this.rss.lister.get(ns, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return null;
    if (controllerOf(rs)?.kind === 'Deployment') return null;
    return DisruptionController.scale(rs);
  }

  /** The Deployment controlling the pod's ReplicaSet. */
  private deploymentOfReplicaSet(ref: OwnerReference, ns: string): ControllerScale | null {
    if (!isGroupKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return null;
    const rs = this.rss.lister.get(ns, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return null;
    const dref = controllerOf(rs);
    if (!dref || !isGroupKind(dref, 'Deployment', ['apps', 'extensions'])) return null;
    const d = this.deployments.lister.get(rs.metadata.namespace ?? ns, dref.name);
    return d && d.metadata.uid === dref.uid ? DisruptionController.scale(d) : null;
  }

  private statefulSet(ref: OwnerReference, ns: string): ControllerScale | null {
    if (!isGroupKind(ref, 'StatefulSet', ['apps'])) return null;
    const ss = this.statefulSets.lister.get(ns, ref.name);
    return ss && ss.metadata.uid === ref.uid ? DisruptionController.scale(ss) : null;
  }

  /** Any other controller: its scale subresource (found through the catalogue, else discovery). */
  private async scaleOf(ref: OwnerReference, ns: string): Promise<ControllerScale | null> {
    const group = groupOf(ref.apiVersion ?? '');
    const version = versionOf(ref.apiVersion ?? '');
    let plural: string | undefined;
    let hasScale = false;
    const def = RESOURCES.find((d) => d.group === group && d.kind === ref.kind && d.namespaced);
    if (def) {
      plural = def.plural;
      hasScale = !!def.subresources?.some((s) => s.name === 'scale');
    } else {
      const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
      let list: { resources?: Array<{ name: string; kind: string }> } = {};
      try {
        list = await this.o.client.json({ method: 'GET', path });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      const res = list.resources ?? [];
      plural = res.find((r) => r.kind === ref.kind && !r.name.includes('/'))?.name;
      hasScale = plural !== undefined && res.some((r) => r.name === `${plural}/scale`);
    }
    if (!plural) throw new Error(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
    const gr = group ? `${plural}.${group}` : plural;
    if (!hasScale) throw new Error(`${gr} does not implement the scale subresource`);
    try {
      const scale = await this.o.client.resource({ group, version: def?.version ?? version, resource: plural, namespaced: true }, ns).getSubresource<KubeObject & { spec?: { replicas?: number } }>(ref.name, 'scale');
      if (scale.metadata?.uid !== ref.uid) return null;
      return { uid: scale.metadata.uid ?? '', scale: scale.spec?.replicas ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  // ------------------------------------------------------------------ stale DisruptionTarget conditions

  /** How long until a DisruptionTarget condition on a pod that is not going away counts as stale; undefined when there is none. */
  private staleDisruptionWait(pod: PodWithConditions): number | undefined {
    if (pod.metadata.deletionTimestamp) return undefined;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return undefined;
    const cond = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    // Conditions the kubelet adds are never stale: the pod may take arbitrarily long to terminate.
    if (!cond || cond.status !== 'True' || cond.reason === 'TerminationByKubelet') return undefined;
    const since = Date.parse(cond.lastTransitionTime ?? '') || 0;
    return Math.max(0, this.staleTimeoutMs - (this.clock.now() - since));
  }

  async syncStalePodDisruption(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.pods.lister.get(namespace, name) as PodWithConditions | undefined;
    if (!pod) return;
    const wait = this.staleDisruptionWait(pod);
    if (wait === undefined) return;
    if (wait > 0) return { requeueAfterMs: wait };
    const conditions = (pod.status?.conditions ?? []).map((c) =>
      c.type === 'DisruptionTarget' ? { type: 'DisruptionTarget', status: 'False', lastProbeTime: null, lastTransitionTime: metaTime(this.clock.now()) } : c,
    );
    await this.o.client.resource<PodWithConditions>('pods', namespace).updateStatus({ ...pod, apiVersion: 'v1', kind: 'Pod', status: { ...pod.status, conditions } });
    this.log(`disruption: reset stale DisruptionTarget condition of pod ${key} to False`);
  }
}
