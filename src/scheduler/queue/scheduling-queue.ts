// The scheduling queue (upstream internal/queue.PriorityQueue):
//   activeQ            pods ready to be tried, a heap ordered by the QueueSort plugin;
//   backoffQ           pods that failed and wait out their backoff (1 s doubling per attempt, max 10 s);
//   unschedulablePods  pods that failed and wait for a cluster event that may help them (per the
//                      rejecting plugins' queueing hints), or 5 minutes at most.
// Events that arrive while a pod is being scheduled ("in flight") are remembered, so that a pod failing
// afterwards is not parked waiting for an event that already happened.

import type { KubeObject } from '../../api/types.js';
import { type Clock, realClock, type Timer } from '../../machinery/clock/index.js';
import type { Pod } from '../framework/api.js';
import { podKey } from '../framework/api.js';
import type { Labels } from '../../machinery/labels/index.js';
import { ActionType, type ClusterEvent, type ClusterEventWithHint, eventMatches, Events, isWildCard, podUpdateEvent } from '../framework/events.js';
import type { QueuedPodInfo } from '../framework/interface.js';
import { PodInfo } from '../framework/pod-info.js';
import type { Status } from '../framework/status.js';
import { Heap } from './heap.js';
import { PodNominator } from './nominator.js';

export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;
const BACKOFF_FLUSH_INTERVAL_MS = 1000;
const UNSCHEDULABLE_FLUSH_INTERVAL_MS = 30_000;

/** What the queue needs from a profile: its PreEnqueue plugins and its plugins' queueing hints. */
export interface QueueProfile {
  preEnqueue?(pod: PodInfo): Status | null;
  /** Plugin name → the events it registers (Framework.eventsToRegister()). */
  hints: Map<string, ClusterEventWithHint[]>;
}

export interface SchedulingQueueOptions {
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  /** Profiles by scheduler name. */
  profiles?: Map<string, QueueProfile>;
  clock?: Clock;
  nominator?: PodNominator;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsDurationMs?: number;
  /** Namespace labels (affinity terms with a namespaceSelector). */
  namespaceLabels?: (namespace: string) => Labels;
}

type Strategy = 'skip' | 'afterBackoff' | 'immediately';

interface InFlightEvent {
  seq: number;
  event: ClusterEvent;
  oldObj: KubeObject | undefined;
  newObj: KubeObject | undefined;
}

function keyOf(q: QueuedPodInfo): string {
  return q.podInfo.key;
}

export class SchedulingQueue {
  readonly nominator: PodNominator;
  private readonly clock: Clock;
  private readonly profiles: Map<string, QueueProfile>;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private readonly namespaceLabels: (namespace: string) => Labels;
  private readonly activeQ: Heap<QueuedPodInfo>;
  private readonly backoffQ: Heap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Pod key → the event sequence number when it was popped. */
  private readonly inFlightPods = new Map<string, number>();
  private inFlightEvents: InFlightEvent[] = [];
  private eventSeq = 0;
  private cycle = 0;
  private closed = false;
  private waiters: (() => void)[] = [];

  constructor(opts: SchedulingQueueOptions) {
    this.clock = opts.clock ?? realClock;
    this.profiles = opts.profiles ?? new Map();
    this.nominator = opts.nominator ?? new PodNominator();
    this.initialBackoff = opts.podInitialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS;
    this.maxBackoff = opts.podMaxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS;
    this.maxInUnschedulable = opts.podMaxInUnschedulablePodsDurationMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS;
    this.namespaceLabels = opts.namespaceLabels ?? (() => undefined);
    this.activeQ = new Heap(keyOf, opts.less);
    this.backoffQ = new Heap(keyOf, (a, b) => this.backoffTime(a) < this.backoffTime(b));
  }

  // ---- introspection
  /** The number of scheduling attempts started so far. */
  schedulingCycle(): number {
    return this.cycle;
  }
  /** Pods per sub-queue. */
  sizes(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.activeQ.length, backoff: this.backoffQ.length, unschedulable: this.unschedulable.size, inFlight: this.inFlightPods.size };
  }
  /** Every pending pod with where it waits. */
  pendingPods(): { pod: Pod; queue: 'activeQ' | 'backoffQ' | 'unschedulablePods' }[] {
    return [
      ...this.activeQ.list().map((q) => ({ pod: q.podInfo.pod, queue: 'activeQ' as const })),
      ...this.backoffQ.list().map((q) => ({ pod: q.podInfo.pod, queue: 'backoffQ' as const })),
      ...[...this.unschedulable.values()].map((q) => ({ pod: q.podInfo.pod, queue: 'unschedulablePods' as const })),
    ];
  }
  /** Where the pod waits, if anywhere. */
  whereIs(pod: Pod): 'activeQ' | 'backoffQ' | 'unschedulablePods' | 'inFlight' | undefined {
    const k = podKey(pod);
    if (this.activeQ.has(k)) return 'activeQ';
    if (this.backoffQ.has(k)) return 'backoffQ';
    if (this.unschedulable.has(k)) return 'unschedulablePods';
    if (this.inFlightPods.has(k)) return 'inFlight';
    return undefined;
  }
  /** The queued info of a waiting pod. */
  get(pod: Pod): QueuedPodInfo | undefined {
    const k = podKey(pod);
    return this.activeQ.get(k) ?? this.backoffQ.get(k) ?? this.unschedulable.get(k);
  }

  // ---- adding and removing pods
  newQueuedPodInfo(pod: Pod, ...unschedulablePlugins: string[]): QueuedPodInfo {
    return {
      podInfo: new PodInfo(pod),
      timestamp: this.clock.now(),
      attempts: 0,
      initialAttemptTimestamp: null,
      unschedulablePlugins: new Set(unschedulablePlugins),
      pendingPlugins: new Set(),
      gated: false,
      gatingPlugin: '',
    };
  }

  /** A new pending pod (informer add). */
  add(pod: Pod): void {
    if (this.moveToActiveQ(this.newQueuedPodInfo(pod), 'PodAdd')) this.wake();
  }

  /** A pending pod changed (informer update). */
  update(oldPod: Pod | null, newPod: Pod): void {
    const key = podKey(newPod);
    const event = oldPod ? podUpdateEvent(oldPod, newPod, 'UnscheduledPod') : null;
    if (this.inFlightPods.has(key)) {
      if (event) this.recordInFlightEvent(event, oldPod ?? undefined, newPod);
      return;
    }
    const inActive = this.activeQ.get(key);
    if (inActive) {
      inActive.podInfo = new PodInfo(newPod);
      this.activeQ.addOrUpdate(inActive);
      if (oldPod) this.nominator.updateNominatedPod(oldPod, inActive.podInfo);
      return;
    }
    const inBackoff = this.backoffQ.get(key);
    if (inBackoff) {
      inBackoff.podInfo = new PodInfo(newPod);
      this.backoffQ.addOrUpdate(inBackoff);
      if (oldPod) this.nominator.updateNominatedPod(oldPod, inBackoff.podInfo);
      return;
    }
    const parked = this.unschedulable.get(key);
    if (parked) {
      parked.podInfo = new PodInfo(newPod);
      if (oldPod) this.nominator.updateNominatedPod(oldPod, parked.podInfo);
      if (!event) return;
      const strategy = this.isPodWorthRequeuing(parked, event, oldPod ?? undefined, newPod);
      if (strategy === 'skip') return;
      this.unschedulable.delete(key);
      if (this.requeue(parked, strategy, event.label) === 'activeQ') this.wake();
      return;
    }
    if (this.moveToActiveQ(this.newQueuedPodInfo(newPod), 'PodUpdate')) this.wake();
  }

  /** A pending pod was deleted (or got bound elsewhere). */
  delete(pod: Pod): void {
    const key = podKey(pod);
    this.nominator.deleteNominatedPodIfExists(pod);
    if (!this.activeQ.delete(key)) {
      this.backoffQ.delete(key);
      this.unschedulable.delete(key);
    }
  }

  /** Moves the given pods to activeQ right away (upstream Activate). */
  activate(pods: Pod[]): void {
    let woke = false;
    for (const pod of pods) {
      const key = podKey(pod);
      const q = this.unschedulable.get(key) ?? this.backoffQ.get(key);
      if (!q) {
        if (this.inFlightPods.has(key)) this.recordInFlightEvent(Events.ForceActivate, undefined, pod);
        continue;
      }
      if (this.moveToActiveQ(q, Events.ForceActivate.label)) {
        woke = true;
        this.unschedulable.delete(key);
        this.backoffQ.delete(key);
      }
    }
    if (woke) this.wake();
  }

  // ---- popping
  /**
   * The next pod to schedule, waiting until there is one; null once the queue is closed or signal aborts.
   * The pod is "in flight" until done(key) is called.
   */
  async pop(signal?: AbortSignal): Promise<QueuedPodInfo | null> {
    for (;;) {
      if (this.closed || signal?.aborted) return null;
      const q = this.activeQ.pop();
      if (q) {
        q.attempts++;
        this.cycle++;
        this.inFlightPods.set(q.podInfo.key, this.eventSeq);
        q.unschedulablePlugins.clear();
        q.pendingPlugins.clear();
        return q;
      }
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }

  /** The scheduling attempt of the pod ended (bound, requeued, or dropped). */
  done(key: string): void {
    if (!this.inFlightPods.delete(key)) return;
    if (this.inFlightPods.size === 0) {
      this.inFlightEvents = [];
      return;
    }
    let min = Infinity;
    for (const s of this.inFlightPods.values()) if (s < min) min = s;
    let drop = 0;
    while (drop < this.inFlightEvents.length && this.inFlightEvents[drop]!.seq <= min) drop++;
    if (drop > 0) this.inFlightEvents = this.inFlightEvents.slice(drop);
  }

  /**
   * Puts back a pod whose attempt failed. Its unschedulablePlugins/pendingPlugins say who rejected it;
   * events seen while it was in flight may send it straight to backoffQ/activeQ.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo): void {
    const key = q.podInfo.key;
    if (this.activeQ.has(key)) throw new Error(`Pod ${key} is already present in the active queue`);
    if (this.backoffQ.has(key)) throw new Error(`Pod ${key} is already present in the backoff queue`);
    if (this.unschedulable.has(key)) throw new Error(`Pod ${key} is already present in unschedulablePods`);
    q.timestamp = this.clock.now();
    const strategy = this.hintForInFlightPod(q);
    if (this.requeue(q, strategy, 'ScheduleAttemptFailure') === 'activeQ') this.wake();
    this.nominator.addNominatedPod(q.podInfo, null);
  }

  // ---- cluster events
  /** A cluster event happened: retries the unschedulable pods it may help (upstream MoveAllToActiveOrBackoffQueue). */
  moveAllToActiveOrBackoffQueue(
    event: ClusterEvent,
    oldObj?: KubeObject,
    newObj?: KubeObject,
    preCheck?: (pod: Pod) => boolean,
  ): void {
    const pods: QueuedPodInfo[] = [];
    for (const q of this.unschedulable.values()) if (!preCheck || preCheck(q.podInfo.pod)) pods.push(q);
    this.movePods(pods, event, oldObj, newObj);
  }

  /**
   * An assigned pod appeared. Only pods it could help are considered (upstream's
   * getUnschedulablePodsWithCrossTopologyTerm): those rejected by PodTopologySpread in its namespace and
   * those whose required affinity selects it.
   */
  assignedPodAdded(pod: Pod): void {
    this.movePods(this.podsWithCrossTopologyTerm(pod), Events.AssignedPodAdd, undefined, pod);
  }

  /** An assigned pod changed; a resource change may help any pod, a label change only cross-topology ones. */
  assignedPodUpdated(oldPod: Pod, newPod: Pod): void {
    const event = podUpdateEvent(oldPod, newPod, 'Pod');
    if (!event) return;
    const candidates = event.actionType & ActionType.UpdatePodScaleDown ? [...this.unschedulable.values()] : this.podsWithCrossTopologyTerm(newPod);
    this.movePods(candidates, event, oldPod, newPod);
  }

  private podsWithCrossTopologyTerm(pod: Pod): QueuedPodInfo[] {
    if (this.unschedulable.size === 0) return [];
    const ns = pod.metadata.namespace ?? '';
    const nsLabels = this.namespaceLabels(ns);
    const out: QueuedPodInfo[] = [];
    for (const q of this.unschedulable.values()) {
      if (q.unschedulablePlugins.has('PodTopologySpread') && (q.podInfo.pod.metadata.namespace ?? '') === ns) {
        out.push(q);
        continue;
      }
      if (q.podInfo.requiredAffinityTerms.some((t) => t.matches(pod, nsLabels))) out.push(q);
    }
    return out;
  }

  private movePods(pods: QueuedPodInfo[], event: ClusterEvent, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): void {
    let activated = false;
    for (const q of pods) {
      if (q.gated) continue;
      const strategy = this.isPodWorthRequeuing(q, event, oldObj, newObj);
      if (strategy === 'skip') continue;
      this.unschedulable.delete(q.podInfo.key);
      if (this.requeue(q, strategy, event.label) === 'activeQ') activated = true;
    }
    this.recordInFlightEvent(event, oldObj, newObj);
    if (activated) this.wake();
  }

  private recordInFlightEvent(event: ClusterEvent, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): void {
    if (this.inFlightPods.size === 0) return;
    this.inFlightEvents.push({ seq: ++this.eventSeq, event, oldObj, newObj });
  }

  // ---- flushing
  /** Moves pods whose backoff is over to activeQ. */
  flushBackoffQCompleted(): void {
    let woke = false;
    const now = this.clock.now();
    for (;;) {
      const q = this.backoffQ.peek();
      if (!q || this.backoffTime(q) > now) break;
      this.backoffQ.pop();
      if (this.moveToActiveQ(q, 'BackoffComplete')) woke = true;
    }
    if (woke) this.wake();
  }

  /** Retries pods that waited in unschedulablePods longer than the maximum (5 minutes by default). */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const old = [...this.unschedulable.values()].filter((q) => now - q.timestamp > this.maxInUnschedulable);
    if (old.length > 0) this.movePods(old, Events.UnschedulableTimeout, undefined, undefined);
  }

  /** Runs the periodic flushes until signal aborts (then closes the queue). */
  run(signal: AbortSignal): void {
    const timers: Timer[] = [];
    const every = (ms: number, fn: () => void) => {
      const tick = () => {
        if (signal.aborted) return;
        fn();
        timers[idx] = this.clock.setTimeout(tick, ms);
      };
      const idx = timers.length;
      timers.push(this.clock.setTimeout(tick, ms));
    };
    every(BACKOFF_FLUSH_INTERVAL_MS, () => this.flushBackoffQCompleted());
    every(UNSCHEDULABLE_FLUSH_INTERVAL_MS, () => this.flushUnschedulablePodsLeftover());
    signal.addEventListener(
      'abort',
      () => {
        for (const t of timers) t.cancel();
        this.close();
      },
      { once: true },
    );
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  // ---- internals
  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  /** Backoff: initial × 2^(attempts−1), at most the maximum; counted from the last time the pod was queued. */
  backoffDuration(q: QueuedPodInfo): number {
    if (q.attempts === 0) return 0;
    let d = this.initialBackoff;
    for (let i = 1; i < q.attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return d;
  }

  private backoffTime(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q);
  }

  private isPodBackingOff(q: QueuedPodInfo): boolean {
    if (q.gated) return false;
    return this.backoffTime(q) > this.clock.now();
  }

  /** Runs PreEnqueue; gated pods go to unschedulablePods. True when the pod entered activeQ. */
  private moveToActiveQ(q: QueuedPodInfo, event: string): boolean {
    const key = q.podInfo.key;
    const profile = this.profiles.get(q.podInfo.pod.spec.schedulerName ?? 'default-scheduler');
    const s = profile?.preEnqueue?.(q.podInfo) ?? null;
    q.gated = s !== null;
    q.gatingPlugin = s?.plugin ?? '';
    if (q.gated) {
      q.unschedulablePlugins.add(s!.plugin);
      if (this.activeQ.has(key) || this.backoffQ.has(key)) return false;
      this.unschedulable.set(key, q);
      return false;
    }
    if (q.initialAttemptTimestamp === null) q.initialAttemptTimestamp = this.clock.now();
    this.activeQ.addOrUpdate(q);
    this.unschedulable.delete(key);
    this.backoffQ.delete(key);
    if (event === 'PodAdd' || event === 'PodUpdate') this.nominator.addNominatedPod(q.podInfo, null);
    return true;
  }

  private requeue(q: QueuedPodInfo, strategy: Strategy, event: string): 'activeQ' | 'backoffQ' | 'unschedulablePods' {
    if (strategy === 'skip') {
      this.unschedulable.set(q.podInfo.key, q);
      return 'unschedulablePods';
    }
    if (strategy === 'afterBackoff' && this.isPodBackingOff(q)) {
      this.backoffQ.addOrUpdate(q);
      return 'backoffQ';
    }
    if (this.moveToActiveQ(q, event)) return 'activeQ';
    if (!q.gated) this.unschedulable.set(q.podInfo.key, q);
    return 'unschedulablePods';
  }

  private hintForInFlightPod(q: QueuedPodInfo): Strategy {
    const since = this.inFlightPods.get(q.podInfo.key);
    if (q.unschedulablePlugins.size === 0 && q.pendingPlugins.size === 0) return 'afterBackoff';
    if (since === undefined) return 'skip';
    let strategy: Strategy = 'skip';
    for (const e of this.inFlightEvents) {
      if (e.seq <= since) continue;
      const s = this.isPodWorthRequeuing(q, e.event, e.oldObj, e.newObj);
      if (s === 'skip') continue;
      if (s === 'immediately') return s;
      strategy = 'afterBackoff';
      if (q.pendingPlugins.size === 0) return strategy;
    }
    return strategy;
  }

  /** Asks the hints of the plugins that rejected the pod whether the event may make it schedulable. */
  private isPodWorthRequeuing(q: QueuedPodInfo, event: ClusterEvent, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): Strategy {
    const rejectors = q.unschedulablePlugins.size + q.pendingPlugins.size;
    if (rejectors === 0) return 'afterBackoff';
    if (isWildCard(event)) return 'afterBackoff';
    const profile = this.profiles.get(q.podInfo.pod.spec.schedulerName ?? 'default-scheduler');
    if (!profile) return 'afterBackoff';
    let strategy: Strategy = 'skip';
    for (const plugin of [...q.unschedulablePlugins, ...q.pendingPlugins]) {
      for (const reg of profile.hints.get(plugin) ?? []) {
        if (!eventMatches(reg.event, event)) continue;
        let hint: 'Queue' | 'QueueSkip' = 'Queue';
        if (reg.hint) {
          try {
            hint = reg.hint(q.podInfo.pod, oldObj, newObj);
          } catch {
            hint = 'Queue';
          }
        }
        if (hint === 'QueueSkip') continue;
        if (q.pendingPlugins.has(plugin)) return 'immediately';
        if (q.pendingPlugins.size === 0) return 'afterBackoff';
        strategy = 'afterBackoff';
      }
    }
    return strategy;
  }
}
