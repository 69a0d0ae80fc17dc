// NodeAffinity: Filter requires spec.nodeSelector and the required node affinity to match the node;
// PreFilter narrows the nodes when the affinity names them (matchFields metadata.name In); Score sums
// the weights of the preferred terms the node matches (normalized to 0..100).

import type { KubeObject } from '../../../api/types.js';
import type { Node, Pod } from '../../framework/api.js';
import { ActionType, type ClusterEventWithHint, type QueueingHint } from '../../framework/events.js';
import { type CycleState, type StateData, StateKey } from '../../framework/cycle-state.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScoreExtensions, ScorePlugin } from '../../framework/interface.js';
import { MAX_NODE_SCORE, PreFilterResult } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { defaultNormalizeScore } from '../helper/normalize.js';
import { CompiledNodeSelectorTerm, RequiredNodeAffinity } from '../helper/node-selector.js';
import { Names } from '../names.js';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}
class PreScoreState implements StateData {
  constructor(readonly preferred: { term: CompiledNodeSelectorTerm; weight: number }[]) {}
  clone(): StateData {
    return this;
  }
}
const preFilterKey = new StateKey<PreFilterState>('PreFilter' + Names.NodeAffinity);
const preScoreKey = new StateKey<PreScoreState>('PreScore' + Names.NodeAffinity);

function preferredTerms(pod: Pod): { term: CompiledNodeSelectorTerm; weight: number }[] {
  const prefs = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return prefs.filter((p) => p.weight !== 0).map((p) => ({ term: new CompiledNodeSelectorTerm(p.preference), weight: p.weight }));
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  readonly name = Names.NodeAffinity;
  private readonly rejected = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_POD]);

  preFilter(state: CycleState, pod: PodInfo): PreFilterResult | Status | null {
    const spec = pod.pod.spec;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !spec.nodeSelector) return Status.skip();
    state.write(preFilterKey, new PreFilterState(new RequiredNodeAffinity(pod.pod)));
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return null;
    // Terms are ORed: only when every term pins node names can the node list be narrowed.
    let names: Set<string> | null = null;
    for (const t of terms) {
      let termNames: Set<string> | null = null;
      for (const r of t.matchFields ?? []) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
        const vals = new Set<string>(r.values ?? []);
        if (termNames !== null) for (const n of vals) if (!termNames.has(n)) vals.delete(n);
        termNames = vals;
      }
      if (termNames === null) return null;
      if (names === null) names = new Set<string>();
      for (const n of termNames) names.add(n);
    }
    if (names !== null && names.size === 0) return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_CONFLICT]);
    return names === null ? null : new PreFilterResult(names);
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read(preFilterKey);
    const required = s ? s.required : new RequiredNodeAffinity(pod.pod);
    return required.matches(nodeInfo.labels, nodeInfo.name) ? null : this.rejected;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const terms = preferredTerms(pod.pod);
    if (terms.length === 0) return Status.skip();
    state.write(preScoreKey, new PreScoreState(terms));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const terms = state.read(preScoreKey)?.preferred ?? preferredTerms(pod.pod);
    let count = 0;
    for (const t of terms) if (t.term.matches(nodeInfo.labels, nodeInfo.name)) count += t.weight;
    return count;
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: Float64Array): Status | null {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel, label: 'NodeAddOrLabelChange' },
        hint: (pod: Pod, _old: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint => {
          const node = newObj as Node | undefined;
          if (!node) return 'Queue';
          return new RequiredNodeAffinity(pod).matchesNode(node) ? 'Queue' : 'QueueSkip';
        },
      },
    ];
  }
}
