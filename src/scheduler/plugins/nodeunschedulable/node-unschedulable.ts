// NodeUnschedulable: rejects nodes with spec.unschedulable unless the pod tolerates the
// node.kubernetes.io/unschedulable:NoSchedule taint.

import type { KubeObject } from '../../../api/types.js';
import type { Node, Pod, Taint } from '../../framework/api.js';
import { ActionType, type ClusterEventWithHint, type QueueingHint } from '../../framework/events.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { tolerationsTolerateTaint } from '../helper/taints.js';
import { Names } from '../names.js';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const ERR_REASON_UNKNOWN_CONDITION = 'node(s) had unknown conditions';
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodeUnschedulable;
  private readonly rejected = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_UNSCHEDULABLE]);

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    if (nodeInfo.node === null) return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_UNKNOWN_CONDITION]);
    if (!nodeInfo.unschedulable) return null;
    if (tolerationsTolerateTaint(pod.pod.spec.tolerations, UNSCHEDULABLE_TAINT)) return null;
    return this.rejected;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint, label: 'NodeAddOrTaintChange' },
        hint: (_pod: Pod, _old: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint =>
          (newObj as Node | undefined)?.spec?.unschedulable ? 'QueueSkip' : 'Queue',
      },
      {
        event: { resource: 'UnscheduledPod', actionType: ActionType.UpdatePodTolerations, label: 'UpdatePodTolerations' },
        hint: (pod, _old, newObj): QueueingHint => {
          const p = newObj as Pod | undefined;
          if (!p || p.metadata.uid !== pod.metadata.uid) return 'QueueSkip';
          return tolerationsTolerateTaint(p.spec.tolerations, UNSCHEDULABLE_TAINT) ? 'Queue' : 'QueueSkip';
        },
      },
    ];
  }
}
