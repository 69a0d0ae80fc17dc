// The Scheduler: consumes the scheduling queue one pod at a time (upstream scheduleOne). A scheduling
// cycle picks a node synchronously and "assumes" the pod there; the binding cycle (Permit wait, PreBind,
// Bind, PostBind) runs in the background so the next pod does not wait for the API call. Failures are
// reported (Event + PodScheduled=False condition), preemption may nominate a node, and the pod is
// requeued. Cluster changes arrive through the on* handlers (or the pod/node sources given to run()).

import { type Clock, realClock } from '../machinery/clock/index.js';
import { SchedulingAlgorithm, type ScheduleResult } from './algorithm.js';
import { Cache } from './cache/cache.js';
import type { Node, Pod, PodCondition } from './framework/api.js';
import { isPodTerminal, podKey, podRef } from './framework/api.js';
import { CycleState } from './framework/cycle-state.js';
import { Diagnosis, FitError } from './framework/diagnosis.js';
import { Events, nodeUpdateEvent } from './framework/events.js';
import { Framework, type ProfileConfig, type Registry } from './framework/framework.js';
import type {
  Binder,
  EventRecorder,
  NamespaceLister,
  NominatingInfo,
  PDBLister,
  PodDeleter,
  PodStatusUpdater,
  QueuedPodInfo,
  VolumeBinder,
  VolumeLister,
} from './framework/interface.js';
import { PodInfo } from './framework/pod-info.js';
import { Code, Status } from './framework/status.js';
import { defaultProfile, defaultRegistry } from './plugins/registry.js';
import { PodNominator } from './queue/nominator.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';

/** Informer-style callbacks. */
export interface ObjectEventHandler<T> {
  onAdd(obj: T): void;
  onUpdate(oldObj: T, newObj: T): void;
  onDelete(obj: T): void;
}

/** Where pod and node events come from (an informer); returns a function that unsubscribes. */
export interface EventSource<T> {
  addEventHandler(h: ObjectEventHandler<T>): (() => void) | void;
}

export interface SchedulerOptions {
  /** Writes bindings (POST pods/binding). */
  binder: Binder;
  /** Records Events (Scheduled, FailedScheduling, Preempted). */
  recorder?: EventRecorder;
  /** Patches pods/status (PodScheduled condition, nominatedNodeName). */
  statusUpdater?: PodStatusUpdater;
  /** Evicts preemption victims; without it DefaultPreemption cannot evict and reports an error. */
  podDeleter?: PodDeleter;
  /** PodDisruptionBudgets for preemption (optional: without it PDBs are not considered). */
  pdbLister?: PDBLister;
  /** Namespace labels for affinity namespaceSelector (optional). */
  namespaceLister?: NamespaceLister;
  /** PVCs, PVs and StorageClasses for VolumeBinding (optional: without it pods' volumes are not considered). */
  volumeLister?: VolumeLister;
  /** Writes PV claimRefs and PVC selected-node annotations for VolumeBinding's PreBind. */
  volumeBinder?: VolumeBinder;
  podSource?: EventSource<Pod>;
  nodeSource?: EventSource<Node>;
  /** Default: one profile, "default-scheduler", with upstream's default plugins. */
  profiles?: ProfileConfig[];
  registry?: Registry;
  /** 0 or unset: adaptive. */
  percentageOfNodesToScore?: number;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsDurationMs?: number;
  clock?: Clock;
  random?: () => number;
}

/** What one scheduleOne call did (for tests and benchmarks). */
export type AttemptResult =
  | { kind: 'scheduled'; pod: Pod; node: string; binding: Promise<void> }
  | { kind: 'failed'; pod: Pod; message: string; status: Status }
  | { kind: 'skipped'; pod: Pod }
  | { kind: 'closed' };

/** Events and conditions carry at most 1024 characters (upstream truncateMessage). */
export function truncateMessage(msg: string): string {
  const max = 1024;
  if (msg.length <= max) return msg;
  const suffix = ' ...';
  return msg.slice(0, max - suffix.length) + suffix;
}

interface Failure {
  status: Status;
  fitError?: FitError;
  nominatingInfo: NominatingInfo | null;
}

const CLEAR_NOMINATED: NominatingInfo = { mode: 'Override', nominatedNodeName: '' };
const YIELD_EVERY_MS = 5;

function yieldToEventLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

export class Scheduler {
  readonly cache: Cache;
  readonly queue: SchedulingQueue;
  readonly profiles = new Map<string, Framework>();
  readonly algorithm: SchedulingAlgorithm;
  private readonly clock: Clock;
  private readonly recorder: EventRecorder;
  private readonly statusUpdater: PodStatusUpdater | undefined;
  private readonly opts: SchedulerOptions;
  /** The latest version of every pending (unassigned) pod we are responsible for. */
  private readonly pendingPods = new Map<string, Pod>();
  private readonly bindings = new Set<Promise<void>>();

  constructor(opts: SchedulerOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? realClock;
    this.recorder = opts.recorder ?? { event: () => {} };
    this.statusUpdater = opts.statusUpdater;
    const random = opts.random ?? Math.random;
    this.cache = new Cache({ clock: this.clock });
    this.algorithm = new SchedulingAlgorithm({ cache: this.cache, random, ...(opts.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: opts.percentageOfNodesToScore } : {}) });
    const registry = opts.registry ?? defaultRegistry();
    const profiles = opts.profiles ?? [defaultProfile()];
    let less: ((a: QueuedPodInfo, b: QueuedPodInfo) => boolean) | null = null;
    const queueProfiles = new Map<string, { preEnqueue: (p: PodInfo) => Status | null; hints: ReturnType<Framework['eventsToRegister']> }>();
    // One nominator, shared: the queue records nominations, the frameworks' filters read them.
    const nominator = new PodNominator();
    for (const p of profiles) {
      if (this.profiles.has(p.schedulerName)) throw new Error(`duplicate profile with scheduler name "${p.schedulerName}"`);
      const fwk = new Framework({
        registry,
        profile: p,
        snapshot: () => this.algorithm.snapshot,
        nominator,
        recorder: this.recorder,
        binder: opts.binder,
        ...(opts.statusUpdater ? { statusUpdater: opts.statusUpdater } : {}),
        ...(opts.podDeleter ? { podDeleter: opts.podDeleter } : {}),
        ...(opts.pdbLister ? { pdbLister: opts.pdbLister } : {}),
        ...(opts.namespaceLister ? { namespaceLister: opts.namespaceLister } : {}),
        ...(opts.volumeLister ? { volumeLister: opts.volumeLister } : {}),
        ...(opts.volumeBinder ? { volumeBinder: opts.volumeBinder } : {}),
        clock: this.clock,
        random,
      });
      this.profiles.set(p.schedulerName, fwk);
      less ??= fwk.queueSortLess();
      queueProfiles.set(p.schedulerName, { preEnqueue: (pi) => fwk.runPreEnqueuePlugins(pi), hints: fwk.eventsToRegister() });
    }
    if (!less) throw new Error('at least one profile is required');
    this.queue = new SchedulingQueue({
      less,
      clock: this.clock,
      profiles: queueProfiles,
      nominator,
      ...(opts.podInitialBackoffMs !== undefined ? { podInitialBackoffMs: opts.podInitialBackoffMs } : {}),
      ...(opts.podMaxBackoffMs !== undefined ? { podMaxBackoffMs: opts.podMaxBackoffMs } : {}),
      ...(opts.podMaxInUnschedulablePodsDurationMs !== undefined ? { podMaxInUnschedulablePodsDurationMs: opts.podMaxInUnschedulablePodsDurationMs } : {}),
      ...(opts.namespaceLister ? { namespaceLabels: (ns: string) => opts.namespaceLister!.labels(ns) } : {}),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Event handlers (upstream eventhandlers.go). Assigned pods go to the cache, pending pods to the queue.

  private responsibleFor(pod: Pod): boolean {
    return this.profiles.has(pod.spec.schedulerName ?? 'default-scheduler');
  }

  onPodAdd(pod: Pod): void {
    if (isPodTerminal(pod)) return;
    if (pod.spec.nodeName) {
      this.cache.addPod(pod);
      this.queue.assignedPodAdded(pod);
      return;
    }
    if (!this.responsibleFor(pod)) return;
    this.pendingPods.set(podKey(pod), pod);
    this.queue.add(pod);
  }

  onPodUpdate(oldPod: Pod, newPod: Pod): void {
    if (isPodTerminal(newPod)) {
      if (!isPodTerminal(oldPod)) this.onPodDelete(oldPod);
      return;
    }
    if (newPod.spec.nodeName) {
      if (!oldPod.spec.nodeName) {
        // Bound (by us or someone else): leaves the queue, enters the cache (confirming an assumed pod).
        this.pendingPods.delete(podKey(newPod));
        this.queue.delete(oldPod);
        this.cache.addPod(newPod);
        this.queue.assignedPodAdded(newPod);
        return;
      }
      this.cache.updatePod(oldPod, newPod);
      this.queue.assignedPodUpdated(oldPod, newPod);
      return;
    }
    if (!this.responsibleFor(newPod)) return;
    this.pendingPods.set(podKey(newPod), newPod);
    if (oldPod.metadata.resourceVersion && oldPod.metadata.resourceVersion === newPod.metadata.resourceVersion) return;
    if (this.cache.isAssumedPod(newPod)) return;
    this.queue.update(oldPod, newPod);
  }

  onPodDelete(pod: Pod): void {
    const key = podKey(pod);
    if (pod.spec.nodeName) {
      this.cache.removePod(pod);
      this.queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete, pod, undefined);
      return;
    }
    this.pendingPods.delete(key);
    this.queue.delete(pod);
    for (const fwk of this.profiles.values()) fwk.rejectWaitingPod(key);
  }

  onNodeAdd(node: Node): void {
    this.cache.addNode(node);
    this.queue.moveAllToActiveOrBackoffQueue(Events.NodeAdd, undefined, node);
  }

  onNodeUpdate(oldNode: Node, newNode: Node): void {
    this.cache.updateNode(oldNode, newNode);
    const event = nodeUpdateEvent(oldNode, newNode);
    if (event) this.queue.moveAllToActiveOrBackoffQueue(event, oldNode, newNode);
  }

  onNodeDelete(node: Node): void {
    this.cache.removeNode(node);
    this.queue.moveAllToActiveOrBackoffQueue(Events.NodeDelete, node, undefined);
  }

  // ---------------------------------------------------------------------------------------------
  // The loop.

  /** Subscribes to the sources, then schedules until signal aborts; resolves when in-flight bindings settle. */
  async run(signal: AbortSignal): Promise<void> {
    const unsubscribe: (() => void)[] = [];
    if (this.opts.nodeSource) {
      const u = this.opts.nodeSource.addEventHandler({
        onAdd: (n) => this.onNodeAdd(n),
        onUpdate: (o, n) => this.onNodeUpdate(o, n),
        onDelete: (n) => this.onNodeDelete(n),
      });
      if (u) unsubscribe.push(u);
    }
    if (this.opts.podSource) {
      const u = this.opts.podSource.addEventHandler({
        onAdd: (p) => this.onPodAdd(p),
        onUpdate: (o, n) => this.onPodUpdate(o, n),
        onDelete: (p) => this.onPodDelete(p),
      });
      if (u) unsubscribe.push(u);
    }
    this.queue.run(signal);
    let lastYield = performance.now();
    try {
      while (!signal.aborted) {
        const r = await this.scheduleOne(signal);
        if (r.kind === 'closed') break;
        // Scheduling is CPU-bound: let I/O (informer events, binding responses) in regularly.
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
      }
    } finally {
      for (const u of unsubscribe) u();
      await this.waitForBindings();
    }
  }

  /** Resolves when every binding cycle started so far has finished. */
  async waitForBindings(): Promise<void> {
    while (this.bindings.size > 0) await Promise.allSettled([...this.bindings]);
  }

  /** Pops one pod and runs its scheduling cycle; the binding cycle continues in the background. */
  async scheduleOne(signal?: AbortSignal): Promise<AttemptResult> {
    const qpi = await this.queue.pop(signal);
    if (!qpi) return { kind: 'closed' };
    const pod = qpi.podInfo.pod;
    const key = qpi.podInfo.key;
    const fwk = this.profiles.get(pod.spec.schedulerName ?? 'default-scheduler');
    if (!fwk || this.skipPodSchedule(fwk, pod)) {
      this.queue.done(key);
      return { kind: 'skipped', pod };
    }
    const start = this.clock.now();
    const state = new CycleState();
    const cycle = await this.schedulingCycle(state, fwk, qpi, signal);
    if ('failure' in cycle) {
      const message = await this.handleSchedulingFailure(fwk, qpi, cycle.failure);
      this.queue.done(key);
      return { kind: 'failed', pod, message, status: cycle.failure.status };
    }
    const binding = this.bindingCycle(state, fwk, cycle.result, cycle.assumed, qpi, start, signal).finally(() => {
      this.queue.done(key);
      this.bindings.delete(binding);
    });
    this.bindings.add(binding);
    return { kind: 'scheduled', pod, node: cycle.result.suggestedHost, binding };
  }

  private skipPodSchedule(fwk: Framework, pod: Pod): boolean {
    if (pod.metadata.deletionTimestamp) {
      fwk.recorder.event(pod, 'Warning', 'FailedScheduling', `skip schedule deleting pod: ${podRef(pod)}`);
      return true;
    }
    return this.cache.isAssumedPod(pod);
  }

  private async schedulingCycle(
    state: CycleState,
    fwk: Framework,
    qpi: QueuedPodInfo,
    signal: AbortSignal | undefined,
  ): Promise<{ result: ScheduleResult; assumed: PodInfo } | { failure: Failure }> {
    const pi = qpi.podInfo;
    const outcome = this.algorithm.schedulePod(fwk, state, pi);
    if ('error' in outcome) return { failure: { status: outcome.error, nominatingInfo: CLEAR_NOMINATED } };
    if ('fitError' in outcome) {
      const fitError = outcome.fitError;
      if (!fwk.hasPostFilterPlugins()) return { failure: { status: new Status(Code.Unschedulable), fitError, nominatingInfo: null } };
      const { result, status } = await fwk.runPostFilterPlugins(state, pi, fitError.diagnosis.nodeToStatus, signal);
      fitError.diagnosis.postFilterMsg = status?.message() ?? '';
      return { failure: { status: new Status(Code.Unschedulable), fitError, nominatingInfo: result?.nominatingInfo ?? null } };
    }
    const host = outcome.result.suggestedHost;
    const assumed = pi.withNodeName(host);
    try {
      this.cache.assumePod(assumed);
    } catch (e) {
      return { failure: { status: Status.asStatus(e), nominatingInfo: CLEAR_NOMINATED } };
    }
    this.queue.nominator.deleteNominatedPodIfExists(assumed.pod);
    const reject = (s: Status): { failure: Failure } => {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.forget(assumed.pod);
      if (s.isRejected()) return { failure: { status: new Status(s.code), fitError: singleNodeFitError(pi.pod, host, s), nominatingInfo: CLEAR_NOMINATED } };
      return { failure: { status: s, nominatingInfo: CLEAR_NOMINATED } };
    };
    const rs = fwk.runReservePluginsReserve(state, assumed, host);
    if (rs !== null) return reject(rs);
    const ps = fwk.runPermitPlugins(state, assumed, host);
    if (ps !== null && ps.code !== Code.Wait) return reject(ps);
    return { result: outcome.result, assumed };
  }

  private forget(pod: Pod): void {
    try {
      this.cache.forgetPod(pod);
    } catch {
      // Already confirmed or gone.
    }
  }

  private async bindingCycle(
    state: CycleState,
    fwk: Framework,
    result: ScheduleResult,
    assumed: PodInfo,
    qpi: QueuedPodInfo,
    _start: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const host = result.suggestedHost;
    let s = await fwk.waitOnPermit(assumed);
    if (s !== null) {
      if (s.isRejected()) {
        await this.handleBindingCycleError(state, fwk, qpi, assumed, host, { status: new Status(s.code), fitError: singleNodeFitError(qpi.podInfo.pod, host, s), nominatingInfo: CLEAR_NOMINATED });
        return;
      }
      await this.handleBindingCycleError(state, fwk, qpi, assumed, host, { status: s, nominatingInfo: CLEAR_NOMINATED });
      return;
    }
    s = await fwk.runPreBindPlugins(state, assumed, host, signal);
    if (s === null) {
      s = await fwk.runBindPlugins(state, assumed, host, signal);
      this.cache.finishBinding(assumed.pod);
    }
    if (s !== null && s.code !== Code.Success) {
      await this.handleBindingCycleError(state, fwk, qpi, assumed, host, { status: s, nominatingInfo: CLEAR_NOMINATED });
      return;
    }
    fwk.recorder.event(assumed.pod, 'Normal', 'Scheduled', `Successfully assigned ${podRef(assumed.pod)} to ${host}`);
    fwk.runPostBindPlugins(state, assumed, host);
  }

  private async handleBindingCycleError(
    state: CycleState,
    fwk: Framework,
    qpi: QueuedPodInfo,
    assumed: PodInfo,
    host: string,
    failure: Failure,
  ): Promise<void> {
    fwk.runReservePluginsUnreserve(state, assumed, host);
    this.forget(assumed.pod);
    await this.handleSchedulingFailure(fwk, qpi, failure);
    // The resources the assumed pod held are free again: other pods may fit now.
    this.queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete, assumed.pod, undefined, (p) => podKey(p) !== assumed.key);
  }

  /** Records the failure (Event, PodScheduled=False), requeues the pod, records a nomination. Returns the message. */
  private async handleSchedulingFailure(fwk: Framework, qpi: QueuedPodInfo, failure: Failure): Promise<string> {
    const pod = qpi.podInfo.pod;
    const key = qpi.podInfo.key;
    const reason = failure.status.isRejected() ? 'Unschedulable' : 'SchedulerError';
    const message = failure.fitError ? failure.fitError.message : failure.status.message();
    if (failure.fitError) {
      qpi.unschedulablePlugins = new Set(failure.fitError.diagnosis.unschedulablePlugins);
      qpi.pendingPlugins = new Set(failure.fitError.diagnosis.pendingPlugins);
    }
    const latest = this.pendingPods.get(key);
    if (latest && !latest.spec.nodeName) {
      if (latest !== pod) qpi.podInfo = new PodInfo(latest);
      try {
        this.queue.addUnschedulableIfNotPresent(qpi);
      } catch {
        // Already queued again (e.g. by an update); nothing to do.
      }
    }
    if (failure.nominatingInfo && failure.nominatingInfo.mode === 'Override') this.queue.nominator.addNominatedPod(qpi.podInfo, failure.nominatingInfo);
    fwk.recorder.event(pod, 'Warning', 'FailedScheduling', truncateMessage(message));
    await this.updatePodStatus(latest ?? pod, {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message: truncateMessage(message),
    }, failure.nominatingInfo);
    return message;
  }

  /** PATCHes the PodScheduled condition and nominatedNodeName, only when something changes (upstream updatePod). */
  private async updatePodStatus(pod: Pod, condition: PodCondition, nominating: NominatingInfo | null): Promise<void> {
    if (!this.statusUpdater) return;
    const nnnChange = nominating !== null && nominating.mode === 'Override' && (pod.status?.nominatedNodeName ?? '') !== nominating.nominatedNodeName;
    const existing = (pod.status?.conditions ?? []).find((c) => c.type === condition.type);
    const conditionChange = !existing || existing.status !== condition.status || existing.reason !== condition.reason || existing.message !== condition.message;
    if (!conditionChange && !nnnChange) return;
    const now = new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const cond: PodCondition = {
      ...condition,
      lastProbeTime: null,
      lastTransitionTime: existing && existing.status === condition.status ? (existing.lastTransitionTime ?? now) : now,
    };
    try {
      await this.statusUpdater.updatePodStatus(pod, { condition: cond, ...(nnnChange ? { nominatedNodeName: nominating!.nominatedNodeName } : {}) });
    } catch {
      // Best effort, as upstream: the next attempt tries again.
    }
  }
}

/** A FitError for a rejection after the node was chosen (Reserve/Permit): one node, the chosen one. */
function singleNodeFitError(pod: Pod, host: string, s: Status): FitError {
  const d = new Diagnosis();
  d.nodeToStatus.set(host, s);
  d.addPluginStatus(s);
  return new FitError(pod, 1, d);
}
