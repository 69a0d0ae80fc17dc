// InterPodAffinity: required pod (anti-)affinity as a Filter, preferred as a Score (see filtering.ts and
// scoring.ts for the two halves).

import type { KubeObject } from '../../../api/types.js';
import type { Pod } from '../../framework/api.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
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
import { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../names.js';
import { mergeNamespaces, namespaceLabels } from './common.js';
import {
  computePreFilterState,
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  preFilterKey,
  satisfyExistingPodsAntiAffinity,
  satisfyPodAffinity,
  satisfyPodAntiAffinity,
} from './filtering.js';
import { PreScoreState, preScoreKey, processExistingPod, type ScoreMap } from './scoring.js';

export interface InterPodAffinityArgs {
  /** Weight of an existing pod's required affinity term that the incoming pod matches (default 1). */
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

export class InterPodAffinity
  implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions
{
  readonly name = Names.InterPodAffinity;
  private readonly hardPodAffinityWeight: number;
  private readonly ignorePreferredTermsOfExistingPods: boolean;
  private readonly affinityRejected = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_AFFINITY_RULES_NOT_MATCH]);
  private readonly antiAffinityRejected = new Status(Code.Unschedulable, [ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH]);
  private readonly existingRejected = new Status(Code.Unschedulable, [ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH]);

  constructor(
    private readonly handle: Handle,
    args: InterPodAffinityArgs = {},
  ) {
    this.hardPodAffinityWeight = args.hardPodAffinityWeight ?? 1;
    this.ignorePreferredTermsOfExistingPods = args.ignorePreferredTermsOfExistingPods ?? false;
  }

  // ---- PreFilter / Filter
  preFilter(state: CycleState, pod: PodInfo): Status | null {
    const lister = this.handle.snapshotSharedLister();
    const s = computePreFilterState(pod, lister, this.handle.namespaceLister);
    if (s instanceof Status) return s;
    if (s.existingAntiAffinityCounts.size === 0 && s.affinityTerms.length === 0 && s.antiAffinityTerms.length === 0) return Status.skip();
    state.write(preFilterKey, s);
    return null;
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.read(preFilterKey)?.updateWithPod(toAdd, nodeInfo, 1);
    return null;
  }

  removePod(state: CycleState, _pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.read(preFilterKey)?.updateWithPod(toRemove, nodeInfo, -1);
    return null;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    let s = state.read(preFilterKey);
    if (!s) {
      const computed = computePreFilterState(pod, this.handle.snapshotSharedLister(), this.handle.namespaceLister);
      if (computed instanceof Status) return computed;
      s = computed;
    }
    if (!satisfyPodAffinity(s, nodeInfo)) return this.affinityRejected;
    if (!satisfyPodAntiAffinity(s, nodeInfo)) return this.antiAffinityRejected;
    if (!satisfyExistingPodsAntiAffinity(s, nodeInfo)) return this.existingRejected;
    return null;
  }

  // ---- PreScore / Score
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    if (nodes.length === 0) return Status.skip();
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (this.ignorePreferredTermsOfExistingPods && !hasConstraints) return Status.skip();
    const lister = this.handle.snapshotSharedLister();
    const all = hasConstraints ? lister.list() : lister.havePodsWithAffinityList();
    if (all.length === 0) return Status.skip();
    const ns = this.handle.namespaceLister;
    const incoming = {
      preferredAffinity: pod.preferredAffinityTerms.map((w) => ({ term: mergeNamespaces(w.term, ns), weight: w.weight })),
      preferredAntiAffinity: pod.preferredAntiAffinityTerms.map((w) => ({ term: mergeNamespaces(w.term, ns), weight: w.weight })),
      namespaceLabels: namespaceLabels(pod.pod.metadata.namespace ?? '', ns),
    };
    const m: ScoreMap = new Map();
    for (const ni of all) {
      const pods = hasConstraints ? ni.pods : ni.podsWithAffinity;
      for (const existing of pods) processExistingPod(m, incoming, pod.pod, existing, ni, this.hardPodAffinityWeight);
    }
    if (m.size === 0) return Status.skip();
    state.write(preScoreKey, new PreScoreState(m));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read(preScoreKey);
    if (!s) return 0;
    let score = 0;
    for (const [key, byValue] of s.topologyScore) {
      const v = nodeInfo.labels[key];
      if (v !== undefined) score += byValue.get(v) ?? 0;
    }
    return score;
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  normalizeScore(state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: Float64Array): Status | null {
    const s = state.read(preScoreKey);
    if (!s || s.topologyScore.size === 0) return null;
    let min = Infinity;
    let max = -Infinity;
    for (const v of scores) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i]! - min)) / diff) : 0;
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    const labelsMatter = (pod: Pod, other: KubeObject | undefined): boolean => {
      if (!other) return true;
      const pi = new PodInfo(pod);
      const o = other as Pod;
      // A pod appearing/leaving matters when one of the incoming pod's terms selects it, or it has any affinity.
      const terms = [...pi.requiredAffinityTerms, ...pi.requiredAntiAffinityTerms];
      if (terms.some((t) => t.matches(o, null))) return true;
      const a = o.spec?.affinity;
      return !!a && (!!a.podAffinity || !!a.podAntiAffinity);
    };
    return [
      {
        event: { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete, label: 'AssignedPodChange' },
        hint: (pod, oldObj, newObj) => (labelsMatter(pod, newObj ?? oldObj) || (oldObj && labelsMatter(pod, oldObj)) ? 'Queue' : 'QueueSkip'),
      },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel, label: 'NodeAddOrLabelChange' } },
    ];
  }
}
