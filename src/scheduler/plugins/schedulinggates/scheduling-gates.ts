// SchedulingGates: a pod with spec.schedulingGates stays out of activeQ until the gates are removed.

import type { KubeObject } from '../../../api/types.js';
import type { Pod } from '../../framework/api.js';
import { ActionType, type ClusterEventWithHint, type QueueingHint } from '../../framework/events.js';
import type { EnqueueExtensions, PreEnqueuePlugin } from '../../framework/interface.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../names.js';

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = Names.SchedulingGates;

  preEnqueue(pod: Pod): Status | null {
    const gates = pod.spec.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return new Status(Code.UnschedulableAndUnresolvable, [`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`]);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'UnscheduledPod', actionType: ActionType.UpdatePodSchedulingGatesEliminated, label: 'UpdatePodSchedulingGatesEliminated' },
        hint: (pod: Pod, _old: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint => {
          const p = newObj as Pod | undefined;
          if (!p || p.metadata.uid !== pod.metadata.uid) return 'QueueSkip';
          return (p.spec.schedulingGates ?? []).length === 0 ? 'Queue' : 'QueueSkip';
        },
      },
    ];
  }
}
