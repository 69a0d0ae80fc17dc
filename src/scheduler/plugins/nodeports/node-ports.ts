// NodePorts: a pod's host ports must be free on the node (same protocol and port collide when either
// side binds 0.0.0.0 or both bind the same IP).

import type { KubeObject } from '../../../api/types.js';
import type { Pod } from '../../framework/api.js';
import { ActionType, type ClusterEventWithHint, type QueueingHint } from '../../framework/events.js';
import { type CycleState, type StateData, StateKey } from '../../framework/cycle-state.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { type HostPort, PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../names.js';

export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

class PreFilterState implements StateData {
  constructor(readonly ports: readonly HostPort[]) {}
  clone(): StateData {
    return this;
  }
}
const preFilterKey = new StateKey<PreFilterState>('PreFilter' + Names.NodePorts);

export function fitsPorts(ports: readonly HostPort[], nodeInfo: NodeInfo): boolean {
  for (const p of ports) if (nodeInfo.usedPorts.checkConflict(p)) return false;
  return true;
}

function portsConflict(a: readonly HostPort[], b: readonly HostPort[]): boolean {
  for (const x of a)
    for (const y of b) {
      if (x.port !== y.port || x.protocol !== y.protocol) continue;
      if (x.ip === '0.0.0.0' || y.ip === '0.0.0.0' || x.ip === y.ip) return true;
    }
  return false;
}

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodePorts;
  private readonly rejected = new Status(Code.Unschedulable, [ERR_REASON_PORTS]);

  preFilter(state: CycleState, pod: PodInfo): Status | null {
    if (pod.hostPorts.length === 0) return Status.skip();
    state.write(preFilterKey, new PreFilterState(pod.hostPorts));
    return null;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const ports = state.read(preFilterKey)?.ports ?? pod.hostPorts;
    return fitsPorts(ports, nodeInfo) ? null : this.rejected;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' },
        hint: (pod: Pod, oldObj: KubeObject | undefined): QueueingHint => {
          const deleted = oldObj as Pod | undefined;
          if (!deleted) return 'Queue';
          return portsConflict(new PodInfo(pod).hostPorts, new PodInfo(deleted).hostPorts) ? 'Queue' : 'QueueSkip';
        },
      },
      { event: { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' } },
    ];
  }
}
