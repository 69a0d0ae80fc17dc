// NodeName: a pod with spec.nodeName set only fits that node.

import type { KubeObject } from '../../../api/types.js';
import type { Pod } from '../../framework/api.js';
import { ActionType, type ClusterEventWithHint, type QueueingHint } from '../../framework/events.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../names.js';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodeName;
  private readonly rejected = new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_NODE_NAME]);

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const want = pod.pod.spec.nodeName;
    if (!want || want === nodeInfo.name) return null;
    return this.rejected;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' },
        hint: (pod: Pod, _old: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint =>
          !pod.spec.nodeName || pod.spec.nodeName === newObj?.metadata.name ? 'Queue' : 'QueueSkip',
      },
    ];
  }
}
