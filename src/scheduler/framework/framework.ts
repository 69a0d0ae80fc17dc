// The Framework runs one profile: its plugins at each extension point, in the profile's order, with the
// profile's score weights (upstream frameworkImpl). It is also the Handle plugins receive.

import { type Clock, realClock } from '../../machinery/clock/index.js';
import { ACTION_ALL, type ClusterEventWithHint } from './events.js';
import { CycleState } from './cycle-state.js';
import type { NodeToStatus } from './diagnosis.js';
import type {
  Binder,
  BindPlugin,
  EnqueueExtensions,
  EventRecorder,
  FilterPlugin,
  Handle,
  NamespaceLister,
  NodeInfoLister,
  PDBLister,
  PermitPlugin,
  Plugin,
  PluginFactory,
  PodDeleter,
  PodNominatorReader,
  PodStatusUpdater,
  PostBindPlugin,
  PostFilterOutput,
  PostFilterPlugin,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreScorePlugin,
  QueuedPodInfo,
  QueueSortPlugin,
  ReservePlugin,
  ScorePlugin,
  VolumeBinder,
  VolumeLister,
} from './interface.js';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, PreFilterResult } from './interface.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { Code, Status } from './status.js';
import { WaitingPod } from './waiting-pod.js';

export { WaitingPod };

export interface PluginSpec {
  name: string;
  /** Score weight (Score plugins only); 0 or unset means 1. */
  weight?: number;
  /** Plugin arguments, passed to its factory. */
  args?: unknown;
}

export interface ProfileConfig {
  schedulerName: string;
  /** Every plugin of the profile, in order (upstream's multiPoint): each is used at the points it implements. */
  plugins: PluginSpec[];
  /** 0/unset: adaptive (50% − nodes/125, at least 5%). */
  percentageOfNodesToScore?: number;
}

export type Registry = Readonly<Record<string, PluginFactory>>;

export interface FrameworkOptions {
  registry: Registry;
  profile: ProfileConfig;
  /** The snapshot of the current cycle (the scheduler swaps it in). */
  snapshot: () => NodeInfoLister;
  nominator?: PodNominatorReader;
  recorder?: EventRecorder;
  binder?: Binder;
  statusUpdater?: PodStatusUpdater;
  podDeleter?: PodDeleter;
  pdbLister?: PDBLister;
  namespaceLister?: NamespaceLister;
  volumeLister?: VolumeLister;
  volumeBinder?: VolumeBinder;
  clock?: Clock;
  random?: () => number;
}

interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

const MAX_PERMIT_TIMEOUT_MS = 15 * 60 * 1000;

function has<K extends string>(p: Plugin, method: K): p is Plugin & Record<K, (...a: never[]) => unknown> {
  return typeof (p as unknown as Record<string, unknown>)[method] === 'function';
}

function safe<T>(fn: () => T): T | Status {
  try {
    return fn();
  } catch (e) {
    return Status.asStatus(e);
  }
}

export class Framework implements Handle {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly clock: Clock;
  readonly nominator: PodNominatorReader;
  readonly recorder: EventRecorder;
  readonly binder: Binder | undefined;
  readonly statusUpdater: PodStatusUpdater | undefined;
  readonly podDeleter: PodDeleter | undefined;
  readonly pdbLister: PDBLister | undefined;
  readonly namespaceLister: NamespaceLister | undefined;
  readonly volumeLister: VolumeLister | undefined;
  readonly volumeBinder: VolumeBinder | undefined;
  private readonly rand: () => number;
  private readonly snapshotFn: () => NodeInfoLister;

  readonly plugins: Plugin[] = [];
  queueSortPlugin: QueueSortPlugin | null = null;
  readonly preEnqueuePlugins: PreEnqueuePlugin[] = [];
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: WeightedScorePlugin[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  readonly permitPlugins: PermitPlugin[] = [];
  readonly preBindPlugins: PreBindPlugin[] = [];
  readonly bindPlugins: BindPlugin[] = [];
  readonly postBindPlugins: PostBindPlugin[] = [];
  readonly waitingPods = new Map<string, WaitingPod>();

  constructor(opts: FrameworkOptions) {
    this.profileName = opts.profile.schedulerName;
    this.percentageOfNodesToScore = opts.profile.percentageOfNodesToScore;
    this.clock = opts.clock ?? realClock;
    this.rand = opts.random ?? Math.random;
    this.snapshotFn = opts.snapshot;
    this.nominator = opts.nominator ?? { nominatedPodsForNode: () => [] };
    this.recorder = opts.recorder ?? { event: () => {} };
    this.binder = opts.binder;
    this.statusUpdater = opts.statusUpdater;
    this.podDeleter = opts.podDeleter;
    this.pdbLister = opts.pdbLister;
    this.namespaceLister = opts.namespaceLister;
    this.volumeLister = opts.volumeLister;
    this.volumeBinder = opts.volumeBinder;
    const seen = new Set<string>();
    for (const spec of opts.profile.plugins) {
      if (seen.has(spec.name)) throw new Error(`plugin "${spec.name}" already registered as "multiPoint"`);
      seen.add(spec.name);
      const factory = opts.registry[spec.name];
      if (!factory) throw new Error(`plugin "${spec.name}" does not exist`);
      this.addPlugin(factory(spec.args, this), spec.weight);
    }
    if (!this.queueSortPlugin) throw new Error('no queue sort plugin is enabled');
    if (this.bindPlugins.length === 0) throw new Error('at least one bind plugin is needed');
  }

  private addPlugin(p: Plugin, weight: number | undefined): void {
    this.plugins.push(p);
    if (has(p, 'less')) {
      if (this.queueSortPlugin) throw new Error('only one queue sort plugin can be enabled');
      this.queueSortPlugin = p as QueueSortPlugin;
    }
    if (has(p, 'preEnqueue')) this.preEnqueuePlugins.push(p as PreEnqueuePlugin);
    if (has(p, 'preFilter')) this.preFilterPlugins.push(p as PreFilterPlugin);
    if (has(p, 'filter')) this.filterPlugins.push(p as FilterPlugin);
    if (has(p, 'postFilter')) this.postFilterPlugins.push(p as PostFilterPlugin);
    if (has(p, 'preScore')) this.preScorePlugins.push(p as PreScorePlugin);
    if (has(p, 'score')) this.scorePlugins.push({ plugin: p as ScorePlugin, weight: weight && weight > 0 ? weight : 1 });
    if (has(p, 'reserve')) this.reservePlugins.push(p as ReservePlugin);
    if (has(p, 'permit')) this.permitPlugins.push(p as PermitPlugin);
    if (has(p, 'preBind')) this.preBindPlugins.push(p as PreBindPlugin);
    if (has(p, 'bind')) this.bindPlugins.push(p as BindPlugin);
    if (has(p, 'postBind')) this.postBindPlugins.push(p as PostBindPlugin);
  }

  // ---- Handle
  random(): number {
    return this.rand();
  }
  snapshotSharedLister(): NodeInfoLister {
    return this.snapshotFn();
  }

  hasFilterPlugins(): boolean {
    return this.filterPlugins.length > 0;
  }
  hasPostFilterPlugins(): boolean {
    return this.postFilterPlugins.length > 0;
  }
  hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }

  queueSortLess(): (a: QueuedPodInfo, b: QueuedPodInfo) => boolean {
    const p = this.queueSortPlugin!;
    return (a, b) => p.less(a, b);
  }

  /**
   * The cluster events each plugin that can reject a pod listens to. Plugins without EnqueueExtensions
   * are registered for every event (as upstream does).
   */
  eventsToRegister(): Map<string, ClusterEventWithHint[]> {
    const out = new Map<string, ClusterEventWithHint[]>();
    const rejecting = new Set<Plugin>([
      ...this.preEnqueuePlugins,
      ...this.preFilterPlugins,
      ...this.filterPlugins,
      ...this.reservePlugins,
      ...this.permitPlugins,
    ]);
    for (const p of rejecting) {
      if (has(p, 'eventsToRegister')) out.set(p.name, (p as unknown as EnqueueExtensions).eventsToRegister());
      else out.set(p.name, [{ event: { resource: '*', actionType: ACTION_ALL, label: 'WildCard' } }]);
    }
    return out;
  }

  // ---- PreEnqueue
  runPreEnqueuePlugins(pod: PodInfo): Status | null {
    for (const p of this.preEnqueuePlugins) {
      const s = safe(() => p.preEnqueue(pod.pod));
      if (s !== null && s.code !== Code.Success) {
        if (!s.isRejected()) return Status.asStatus(new Error(`running PreEnqueue plugin "${p.name}": ${s.message()}`)).withPlugin(p.name);
        return s.withPlugin(p.name);
      }
    }
    return null;
  }

  // ---- PreFilter
  runPreFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): { result: PreFilterResult | null; status: Status | null; unschedulablePlugins: Set<string>; pluginsWithNodes: string[] } {
    let result: PreFilterResult | null = null;
    let returnStatus: Status | null = null;
    const unschedulablePlugins = new Set<string>();
    const pluginsWithNodes: string[] = [];
    for (const p of this.preFilterPlugins) {
      const r = safe(() => p.preFilter(state, pod, nodes));
      if (r instanceof Status) {
        if (r.code === Code.Success) continue;
        if (r.code === Code.Skip) {
          state.skipFilterPlugins.add(p.name);
          continue;
        }
        r.withPlugin(p.name);
        if (r.code === Code.UnschedulableAndUnresolvable) {
          unschedulablePlugins.add(p.name);
          return { result: null, status: r, unschedulablePlugins, pluginsWithNodes };
        }
        if (r.isRejected()) {
          unschedulablePlugins.add(p.name);
          returnStatus = r;
          continue;
        }
        return {
          result: null,
          status: Status.asStatus(new Error(`running PreFilter plugin "${p.name}": ${r.message()}`)).withPlugin(p.name),
          unschedulablePlugins,
          pluginsWithNodes,
        };
      }
      if (r instanceof PreFilterResult) {
        pluginsWithNodes.push(p.name);
        result = result === null ? r : result.merge(r);
        if (result.nodeNames.size === 0) {
          const msg =
            pluginsWithNodes.length === 1
              ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}`
              : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(' ')}] simultaneously`;
          for (const n of pluginsWithNodes) unschedulablePlugins.add(n);
          return { result, status: new Status(Code.UnschedulableAndUnresolvable, [msg]), unschedulablePlugins, pluginsWithNodes };
        }
      }
    }
    return { result, status: returnStatus, unschedulablePlugins, pluginsWithNodes };
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const p of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const ext = p.preFilterExtensions?.();
      if (!ext) continue;
      const s = safe(() => ext.addPod(state, pod, toAdd, nodeInfo));
      if (s !== null && s.code !== Code.Success) return Status.asStatus(new Error(`running AddPod on PreFilter plugin "${p.name}": ${s.message()}`));
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const p of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const ext = p.preFilterExtensions?.();
      if (!ext) continue;
      const s = safe(() => ext.removePod(state, pod, toRemove, nodeInfo));
      if (s !== null && s.code !== Code.Success) return Status.asStatus(new Error(`running RemovePod on PreFilter plugin "${p.name}": ${s.message()}`));
    }
    return null;
  }

  // ---- Filter
  private activeFilters(state: CycleState): FilterPlugin[] {
    let a = state.activeFilters as FilterPlugin[] | null;
    if (a === null) {
      a = state.skipFilterPlugins.size === 0 ? this.filterPlugins : this.filterPlugins.filter((p) => !state.skipFilterPlugins.has(p.name));
      state.activeFilters = a;
    }
    return a;
  }

  /** Runs the Filter plugins in order; the first non-success status (with its plugin set) wins. */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const plugins = this.activeFilters(state);
    let i = 0;
    let s: Status | null = null;
    try {
      for (; i < plugins.length; i++) {
        s = plugins[i]!.filter(state, pod, nodeInfo);
        if (s !== null && s.code !== Code.Success) break;
      }
    } catch (e) {
      s = Status.asStatus(e);
    }
    if (s === null || s.code === Code.Success) return null;
    const p = plugins[i]!;
    if (!s.isRejected()) s = Status.asStatus(new Error(`running "${p.name}" filter plugin: ${s.message()}`));
    return s.withPlugin(p.name);
  }

  /**
   * Filters a node as if the pods nominated to it with equal or higher priority were already there, and
   * (when that passes) also without them (upstream's RunFilterPluginsWithNominatedPods).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const nominated = this.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    let stateToUse = state;
    let infoToUse = nodeInfo;
    let added = false;
    for (const np of nominated) {
      if (np.priority < pod.priority || np.key === pod.key) continue;
      if (!added) {
        stateToUse = state.clone();
        infoToUse = nodeInfo.clone();
        added = true;
      }
      infoToUse.addPodInfo(np);
      const s = this.runPreFilterExtensionAddPod(stateToUse, pod, np, infoToUse);
      if (s !== null) return s;
    }
    const first = this.runFilterPlugins(stateToUse, pod, infoToUse);
    if (!added || first !== null) return first;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  // ---- PostFilter
  async runPostFilterPlugins(state: CycleState, pod: PodInfo, statuses: NodeToStatus, signal?: AbortSignal): Promise<PostFilterOutput> {
    let result: PostFilterOutput['result'] = null;
    const reasons: string[] = [];
    let rejector = '';
    for (const p of this.postFilterPlugins) {
      let out: PostFilterOutput;
      try {
        out = await p.postFilter(state, pod, statuses, signal);
      } catch (e) {
        return { result: null, status: Status.asStatus(e).withPlugin(p.name) };
      }
      const s = out.status;
      if (s === null || s.code === Code.Success) return out;
      if (s.code === Code.UnschedulableAndUnresolvable) return { result: out.result, status: s.withPlugin(p.name) };
      if (!s.isRejected()) return { result: null, status: Status.asStatus(s.asError()).withPlugin(p.name) };
      if (out.result && out.result.nominatingInfo.mode !== 'Noop') result = out.result;
      reasons.push(...s.reasons);
      if (!rejector) rejector = p.name;
    }
    return { result, status: new Status(Code.Unschedulable, reasons).withPlugin(rejector) };
  }

  // ---- PreScore / Score
  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    for (const p of this.preScorePlugins) {
      const s = safe(() => p.preScore(state, pod, nodes));
      if (s === null || s.code === Code.Success) continue;
      if (s.code === Code.Skip) {
        state.skipScorePlugins.add(p.name);
        continue;
      }
      return Status.asStatus(new Error(`running PreScore plugin "${p.name}": ${s.message()}`)).withPlugin(p.name);
    }
    return null;
  }

  /** Runs Score and NormalizeScore for every plugin not skipped; returns the weighted total per node. */
  runScorePlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    perPlugin?: Map<string, Float64Array>,
  ): Float64Array | Status {
    const n = nodes.length;
    const totals = new Float64Array(n);
    const scores = new Float64Array(n);
    for (const { plugin: p, weight } of this.scorePlugins) {
      if (state.skipScorePlugins.has(p.name)) continue;
      let bad: Status | null = null;
      try {
        for (let i = 0; i < n; i++) {
          const r = p.score(state, pod, nodes[i]!);
          if (typeof r !== 'number') {
            bad = r;
            break;
          }
          scores[i] = r;
        }
      } catch (e) {
        bad = Status.asStatus(e);
      }
      if (bad !== null) return Status.asStatus(new Error(`running Score plugin "${p.name}": ${bad.message()}`)).withPlugin(p.name);
      const ext = p.scoreExtensions?.();
      if (ext) {
        const s = safe(() => ext.normalizeScore(state, pod, nodes, scores));
        if (s !== null && s.code !== Code.Success)
          return Status.asStatus(new Error(`running Normalize on Score plugin "${p.name}": ${s.message()}`)).withPlugin(p.name);
      }
      for (let i = 0; i < n; i++) {
        const v = scores[i]!;
        if (v > MAX_NODE_SCORE || v < MIN_NODE_SCORE)
          return Status.asStatus(
            new Error(`plugin "${p.name}" returns an invalid score ${v}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`),
          ).withPlugin(p.name);
        totals[i] += v * weight;
      }
      if (perPlugin) perPlugin.set(p.name, scores.slice());
    }
    return totals;
  }

  // ---- Reserve / Permit
  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const p of this.reservePlugins) {
      const s = safe(() => p.reserve(state, pod, nodeName));
      if (s !== null && s.code !== Code.Success) {
        if (s.isRejected()) return s.withPlugin(p.name);
        return Status.asStatus(new Error(`running Reserve plugin "${p.name}": ${s.message()}`)).withPlugin(p.name);
      }
    }
    return null;
  }

  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) {
      try {
        this.reservePlugins[i]!.unreserve(state, pod, nodeName);
      } catch {
        // Unreserve must not fail; nothing to do.
      }
    }
  }

  /** Runs Permit plugins. A Wait status means the pod now waits (see waitOnPermit). */
  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    const waits = new Map<string, number>();
    for (const p of this.permitPlugins) {
      const out = safe(() => p.permit(state, pod, nodeName));
      if (out instanceof Status) return Status.asStatus(new Error(`running Permit plugin "${p.name}": ${out.message()}`)).withPlugin(p.name);
      const s = out.status;
      if (s === null || s.code === Code.Success) continue;
      if (s.isRejected()) return s.withPlugin(p.name);
      if (s.code === Code.Wait) {
        waits.set(p.name, Math.min(out.timeoutMs ?? MAX_PERMIT_TIMEOUT_MS, MAX_PERMIT_TIMEOUT_MS));
        continue;
      }
      return Status.asStatus(new Error(`running Permit plugin "${p.name}": ${s.message()}`)).withPlugin(p.name);
    }
    if (waits.size > 0) {
      this.waitingPods.set(pod.key, new WaitingPod(pod, waits, this.clock));
      return new Status(Code.Wait, [`one or more plugins asked to wait and no plugin rejected pod "${pod.pod.metadata.name}"`]);
    }
    return null;
  }

  async waitOnPermit(pod: PodInfo): Promise<Status | null> {
    const w = this.waitingPods.get(pod.key);
    if (!w) return null;
    try {
      return await w.done;
    } finally {
      this.waitingPods.delete(pod.key);
    }
  }

  getWaitingPod(podKey: string): WaitingPod | undefined {
    return this.waitingPods.get(podKey);
  }

  rejectWaitingPod(podKey: string, plugin = '', msg = 'removed'): boolean {
    const w = this.waitingPods.get(podKey);
    if (!w) return false;
    w.reject(plugin, msg);
    return true;
  }

  // ---- Binding cycle
  async runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<Status | null> {
    for (const p of this.preBindPlugins) {
      let s: Status | null;
      try {
        s = await p.preBind(state, pod, nodeName, signal);
      } catch (e) {
        s = Status.asStatus(e);
      }
      if (s !== null && s.code !== Code.Success) {
        if (s.isRejected()) return s.withPlugin(p.name);
        return Status.asStatus(new Error(`running PreBind plugin "${p.name}": ${s.message()}`)).withPlugin(p.name);
      }
    }
    return null;
  }

  async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<Status | null> {
    let last: Status | null = new Status(Code.Skip);
    for (const p of this.bindPlugins) {
      let s: Status | null;
      try {
        s = await p.bind(state, pod, nodeName, signal);
      } catch (e) {
        s = Status.asStatus(e);
      }
      last = s;
      if (s !== null && s.code === Code.Skip) continue;
      if (s !== null && s.code !== Code.Success) {
        if (s.isRejected()) return s.withPlugin(p.name);
        return Status.asStatus(new Error(`running Bind plugin "${p.name}": ${s.message()}`)).withPlugin(p.name);
      }
      return s;
    }
    return last;
  }

  runPostBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const p of this.postBindPlugins) {
      try {
        p.postBind(state, pod, nodeName);
      } catch {
        // PostBind is informational.
      }
    }
  }
}

export { CycleState };
