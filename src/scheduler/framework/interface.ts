// One small interface per extension point (upstream framework/interface.go). A plugin is an object with
// a name that implements any of them; the Framework finds which by the methods it has. Success is
// `null`; a non-null Status carries the code and reasons. Filter and Score run once per node and must
// not allocate on the success path.

import type { Clock } from '../../machinery/clock/index.js';
import type { Labels } from '../../machinery/labels/index.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../machinery/volume/index.js';
import type { Pod, PodCondition, PodDisruptionBudget } from './api.js';
import type { CycleState } from './cycle-state.js';
import type { NodeToStatus } from './diagnosis.js';
import type { ClusterEventWithHint } from './events.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { Status } from './status.js';

/** framework.MaxNodeScore / MinNodeScore. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
}

/** A queued pod as the queue holds it (upstream's QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was last added to the queue (or re-added after a failed attempt), ms. */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** When the pod was first popped, ms (null before). */
  initialAttemptTimestamp: number | null;
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  /** Held back by a PreEnqueue plugin (e.g. scheduling gates). */
  gated: boolean;
  gatingPlugin: string;
}

export interface PreEnqueuePlugin extends Plugin {
  /** Null lets the pod into activeQ; anything else keeps it gated (the pod waits for an update). */
  preEnqueue(pod: Pod): Status | null;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** PreFilter may narrow the nodes to evaluate (e.g. NodeAffinity with a metadata.name field selector). */
export class PreFilterResult {
  constructor(readonly nodeNames: Set<string>) {}

  /** Intersection with another result (null means "all nodes"). */
  merge(other: PreFilterResult | null): PreFilterResult {
    if (other === null) return this;
    const out = new Set<string>();
    for (const n of this.nodeNames) if (other.nodeNames.has(n)) out.add(n);
    return new PreFilterResult(out);
  }
}

/** Lets preemption update a PreFilter state as if a pod were added to or removed from a node. */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  removePod(state: CycleState, podToSchedule: PodInfo, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export interface PreFilterPlugin extends Plugin {
  /** A Skip status means the plugin's Filter need not run for this pod. */
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterResult | Status | null;
  preFilterExtensions?(): PreFilterExtensions | null;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export interface NominatingInfo {
  /** Override sets (or with "" clears) the pod's nominatedNodeName; Noop leaves it. */
  mode: 'Noop' | 'Override';
  nominatedNodeName: string;
}

export interface PostFilterResult {
  nominatingInfo: NominatingInfo;
}

export interface PostFilterOutput {
  result: PostFilterResult | null;
  status: Status | null;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus, signal?: AbortSignal): Promise<PostFilterOutput>;
}

export interface PreScorePlugin extends Plugin {
  /** A Skip status means the plugin's Score need not run for this pod. */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
}

export interface ScoreExtensions {
  /** Rescales scores (index-aligned with nodes) in place to [0, MAX_NODE_SCORE]. */
  normalizeScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): Status | null;
}

export interface ScorePlugin extends Plugin {
  /** An integer score (normalized later if the plugin has ScoreExtensions), or an error Status. */
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status;
  scoreExtensions?(): ScoreExtensions | null;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitOutput {
  status: Status | null;
  /** With a Wait status: how long to wait for allow() before rejecting, ms. */
  timeoutMs?: number;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): PermitOutput;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<Status | null>;
}

export interface BindPlugin extends Plugin {
  /** A Skip status passes the pod to the next Bind plugin. */
  bind(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<Status | null>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface EnqueueExtensions {
  /** The cluster events that may make a pod this plugin rejected schedulable. */
  eventsToRegister(): ClusterEventWithHint[];
}

// ---------------------------------------------------------------------------------------------------
// What plugins may use (upstream's framework.Handle), and the seams the lead wires to the apiserver.

/** Read access to the snapshot of the cluster taken at the start of a cycle (upstream SharedLister). */
export interface NodeInfoLister {
  list(): readonly NodeInfo[];
  havePodsWithAffinityList(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
}

export interface PodNominatorReader {
  /** Pods nominated to run on the node (by preemption), excluding bound ones. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** Writes a pod's binding (POST pods/binding); the lead implements it with the client. */
export interface Binder {
  bind(pod: Pod, nodeName: string, signal?: AbortSignal): Promise<void>;
}

export type EventType = 'Normal' | 'Warning';

/** Records an Event about a pod (reason "Scheduled", "FailedScheduling", "Preempted"). */
export interface EventRecorder {
  event(pod: Pod, type: EventType, reason: string, message: string): void;
}

/** A change to a pod's status the scheduler makes (a PATCH of pods/status). */
export interface PodStatusPatch {
  /** The PodScheduled condition to set (type PodScheduled, status False, reason Unschedulable/SchedulerError). */
  condition?: PodCondition;
  /** Present only when it must change; "" clears it. */
  nominatedNodeName?: string;
}

export interface PodStatusUpdater {
  updatePodStatus(pod: Pod, patch: PodStatusPatch): Promise<void>;
}

/** Deletes preemption victims. The scheduler first sets the DisruptionTarget condition (passed here). */
export interface PodDeleter {
  deletePod(pod: Pod, opts: { condition: PodCondition }): Promise<void>;
}

export interface PDBLister {
  list(): readonly PodDisruptionBudget[];
}

/** Namespace labels, for affinity terms with a namespaceSelector. */
export interface NamespaceLister {
  /** Labels of the namespace (undefined when unknown). */
  labels(namespace: string): Labels;
  /** Every namespace name with its labels. */
  list(): Iterable<[string, Labels]>;
}

/**
 * Claims, volumes and storage classes as the informers see them (upstream's PVC, PV and StorageClass
 * listers), for VolumeBinding. Objects are read, never modified.
 */
export interface VolumeLister {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  volumes(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
  /** Whether the pod still exists (the wait for its volumes' binding stops when it is gone); optional. */
  podExists?(namespace: string, name: string): boolean;
}

/**
 * Writes volume bindings for VolumeBinding's PreBind: a PUT of the whole object (with its
 * resourceVersion, so a concurrent change fails with a Conflict). Returns the object the server stored.
 */
export interface VolumeBinder {
  /** PUT persistentvolumes/{name} (spec.claimRef set to the claim). */
  updateVolume(volume: PersistentVolume, signal?: AbortSignal): Promise<PersistentVolume>;
  /** PUT persistentvolumeclaims/{name} (annotated with volume.kubernetes.io/selected-node). */
  updateClaim(claim: PersistentVolumeClaim, signal?: AbortSignal): Promise<PersistentVolumeClaim>;
}

export interface Handle {
  readonly profileName: string;
  readonly clock: Clock;
  /** A random number in [0, 1) (tests make it deterministic). */
  random(): number;
  snapshotSharedLister(): NodeInfoLister;
  readonly nominator: PodNominatorReader;
  readonly recorder: EventRecorder;
  readonly binder: Binder | undefined;
  readonly statusUpdater: PodStatusUpdater | undefined;
  readonly podDeleter: PodDeleter | undefined;
  readonly pdbLister: PDBLister | undefined;
  readonly namespaceLister: NamespaceLister | undefined;
  readonly volumeLister: VolumeLister | undefined;
  readonly volumeBinder: VolumeBinder | undefined;
  /** Filters with nominated pods of equal or higher priority considered present (preemption uses it). */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
  /** Rejects a pod waiting in Permit (as plugin, with msg); false when no such pod waits. */
  rejectWaitingPod(podKey: string, plugin?: string, msg?: string): boolean;
}

/** Builds a plugin from its arguments (the plugin's args object from the profile, or undefined). */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;
