// TaintToleration: Filter rejects nodes with a NoSchedule/NoExecute taint the pod does not tolerate;
// Score counts the PreferNoSchedule taints it does not tolerate (fewer is better, normalized reversed).

import type { KubeObject } from '../../../api/types.js';
import type { Node, Pod, Toleration } from '../../framework/api.js';
import { ActionType, type ClusterEventWithHint, type QueueingHint } from '../../framework/events.js';
import { type CycleState, type StateData, StateKey } from '../../framework/cycle-state.js';
import type { EnqueueExtensions, FilterPlugin, PreScorePlugin, ScoreExtensions, ScorePlugin } from '../../framework/interface.js';
import { MAX_NODE_SCORE } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { defaultNormalizeScore } from '../helper/normalize.js';
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint, tolerationsTolerateTaint } from '../helper/taints.js';
import { Names } from '../names.js';

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}
const preScoreKey = new StateKey<PreScoreState>('PreScore' + Names.TaintToleration);

/** The number of the node's PreferNoSchedule taints that none of the tolerations tolerates. */
export function countIntolerableTaintsPreferNoSchedule(nodeInfo: NodeInfo, tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of nodeInfo.taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  readonly name = Names.TaintToleration;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    if (nodeInfo.taints.length === 0) return null;
    const taint = findMatchingUntoleratedTaint(nodeInfo.taints, pod.pod.spec.tolerations, isDoNotScheduleTaint);
    if (!taint) return null;
    return new Status(Code.UnschedulableAndUnresolvable, [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`]);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const tols = (pod.pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(preScoreKey, new PreScoreState(tols));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    if (nodeInfo.taints.length === 0) return 0;
    let s = state.read(preScoreKey);
    if (!s) {
      this.preScore(state, pod);
      s = state.read(preScoreKey)!;
    }
    return countIntolerableTaintsPreferNoSchedule(nodeInfo, s.tolerationsPreferNoSchedule);
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: Float64Array): Status | null {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint, label: 'NodeAddOrTaintChange' },
        hint: (pod: Pod, _old: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint => {
          const node = newObj as Node | undefined;
          if (!node) return 'Queue';
          const untolerated = findMatchingUntoleratedTaint(node.spec?.taints ?? [], pod.spec.tolerations, isDoNotScheduleTaint);
          return untolerated ? 'QueueSkip' : 'Queue';
        },
      },
      {
        event: { resource: 'UnscheduledPod', actionType: ActionType.UpdatePodTolerations, label: 'UpdatePodTolerations' },
        hint: (pod, _old, newObj): QueueingHint => ((newObj as Pod | undefined)?.metadata.uid === pod.metadata.uid ? 'Queue' : 'QueueSkip'),
      },
    ];
  }
}
