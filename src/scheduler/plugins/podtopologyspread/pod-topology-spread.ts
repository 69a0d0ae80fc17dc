// PodTopologySpread: DoNotSchedule constraints filter, ScheduleAnyway constraints score. Default
// constraints (for pods that set none) apply only when args provide them together with a way to build
// the selector for a pod (upstream builds it from the pod's Services/ReplicaSets/StatefulSets).

import type { KubeObject } from '../../../api/types.js';
import type { Selector } from '../../../machinery/labels/index.js';
import type { Pod, TopologySpreadConstraint } from '../../framework/api.js';
import { ActionType, type ClusterEventWithHint, type QueueingHint } from '../../framework/events.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PreFilterExtensions,
  PreFilterPlugin,
  PreScorePlugin,
  ScoreExtensions,
  ScorePlugin,
} from '../../framework/interface.js';
import { MAX_NODE_SCORE } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../names.js';
import { type Constraint, filterConstraints } from './common.js';
import { computePreFilterState, ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, preFilterKey } from './filtering.js';
import { computePreScoreState, preScoreKey, scoreNode } from './scoring.js';

export interface PodTopologySpreadArgs {
  /** Constraints for pods that set none ("List" defaulting; upstream's System defaults are hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway). */
  defaultConstraints?: TopologySpreadConstraint[];
  /** "System" (upstream default) or "List". */
  defaultingType?: 'System' | 'List';
  /** The selector default constraints use for a pod (upstream: from the Services/RCs/RSs/StatefulSets selecting it); without it, no defaulting. */
  defaultSelector?: (pod: Pod) => Selector | null;
}

/** Upstream's systemDefaultConstraints. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
]);

export class PodTopologySpread implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  readonly name = Names.PodTopologySpread;
  private readonly defaultConstraints: readonly TopologySpreadConstraint[];
  private readonly systemDefaulted: boolean;
  private readonly defaultSelector: ((pod: Pod) => Selector | null) | undefined;
  private readonly labelMissing = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_NODE_LABEL_NOT_MATCH]);
  private readonly skewed = new Status(Code.Unschedulable, [ERR_REASON_CONSTRAINTS_NOT_MATCH]);

  constructor(
    private readonly handle: Handle,
    args: PodTopologySpreadArgs = {},
  ) {
    this.systemDefaulted = (args.defaultingType ?? 'System') === 'System';
    this.defaultConstraints = this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : (args.defaultConstraints ?? []);
    this.defaultSelector = args.defaultSelector;
  }

  private constraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
    const own = pod.spec.topologySpreadConstraints ?? [];
    if (own.length > 0) return filterConstraints(own, pod.metadata.labels, action);
    if (!this.defaultSelector || this.defaultConstraints.length === 0) return [];
    const cs = filterConstraints(this.defaultConstraints, pod.metadata.labels, action);
    if (cs.length === 0) return cs;
    const sel = this.defaultSelector(pod);
    if (!sel || sel.empty()) return [];
    return cs.map((c) => ({ ...c, selector: sel }));
  }

  // ---- PreFilter / Filter
  preFilter(state: CycleState, pod: PodInfo): Status | null {
    const cs = this.constraints(pod.pod, 'DoNotSchedule');
    if (cs.length === 0) return Status.skip();
    state.write(preFilterKey, computePreFilterState(pod, cs, this.handle.snapshotSharedLister().list()));
    return null;
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }
  addPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.read(preFilterKey)?.updateWithPod(toAdd, pod, nodeInfo.node, 1);
    return null;
  }
  removePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.read(preFilterKey)?.updateWithPod(toRemove, pod, nodeInfo.node, -1);
    return null;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    let s = state.read(preFilterKey);
    if (!s) {
      const cs = this.constraints(pod.pod, 'DoNotSchedule');
      if (cs.length === 0) return null;
      s = computePreFilterState(pod, cs, this.handle.snapshotSharedLister().list());
    }
    const podLabels = pod.pod.metadata.labels;
    for (const c of s.constraints) {
      const v = nodeInfo.labels[c.topologyKey];
      if (v === undefined) return this.labelMissing;
      const min = s.minMatchNum(c.topologyKey, c.minDomains);
      if (min === undefined) continue;
      const self = c.selector.matches(podLabels) ? 1 : 0;
      const matchNum = s.matchNum(c.topologyKey, v);
      if (matchNum + self - min > c.maxSkew) return this.skewed;
    }
    return null;
  }

  // ---- PreScore / Score
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    const all = this.handle.snapshotSharedLister().list();
    if (nodes.length === 0 || all.length === 0) return Status.skip();
    const cs = this.constraints(pod.pod, 'ScheduleAnyway');
    if (cs.length === 0) return Status.skip();
    const requireAll = (pod.pod.spec.topologySpreadConstraints ?? []).length > 0 || !this.systemDefaulted;
    state.write(preScoreKey, computePreScoreState(pod, cs, nodes, all, requireAll));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read(preScoreKey);
    return s ? scoreNode(s, pod, nodeInfo) : 0;
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  normalizeScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): Status | null {
    const s = state.read(preScoreKey);
    if (!s) return null;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i]!.name)) continue;
      const v = scores[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i]!.name)) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    const podChange = (pod: Pod, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint => {
      const cs = (pod.spec.topologySpreadConstraints ?? []).map((c) => c);
      if (cs.length === 0) return 'Queue';
      const matters = (o: KubeObject | undefined) => {
        if (!o || (o.metadata.namespace ?? '') !== (pod.metadata.namespace ?? '')) return false;
        return filterConstraints(cs, pod.metadata.labels, 'DoNotSchedule').some((c) => c.selector.matches(o.metadata.labels));
      };
      return matters(oldObj) || matters(newObj) ? 'Queue' : 'QueueSkip';
    };
    return [
      { event: { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete, label: 'AssignedPodChange' }, hint: podChange },
      {
        event: {
          resource: 'Node',
          actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
          label: 'NodeChange',
        },
      },
    ];
  }
}
