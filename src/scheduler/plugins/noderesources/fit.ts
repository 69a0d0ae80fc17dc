// NodeResourcesFit: Filter checks the pod's requests (max of init steps, sum of containers, plus
// overhead) against the node's allocatable minus what its pods already request, and the pod count;
// Score ranks nodes by the configured strategy (LeastAllocated by default: cpu and memory, weight 1).

import type { KubeObject } from '../../../api/types.js';
import type { Node, Pod } from '../../framework/api.js';
import { ActionType, type ClusterEventWithHint, type QueueingHint } from '../../framework/events.js';
import { type CycleState, type StateData, StateKey } from '../../framework/cycle-state.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { isExtendedResourceName, podRequests, type Resource, Resource as ResourceClass } from '../../framework/resource.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../names.js';
import { DEFAULT_RESOURCES, leastAllocatedScorer, mostAllocatedScorer, ResourceAllocationScorer, type ResourceSpec } from './resource-allocation.js';

export interface FitArgs {
  /** Extended resources the filter does not check. */
  ignoredResources?: string[];
  /** Extended resource groups (the part before "/") the filter does not check. */
  ignoredResourceGroups?: string[];
  scoringStrategy?: { type?: 'LeastAllocated' | 'MostAllocated'; resources?: ResourceSpec[] };
}

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

class PreFilterState implements StateData {
  constructor(readonly requests: Resource) {}
  clone(): StateData {
    return this;
  }
}
class PreScoreState implements StateData {
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}
const preFilterKey = new StateKey<PreFilterState>('PreFilter' + Names.NodeResourcesFit);
const preScoreKey = new StateKey<PreScoreState>('PreScore' + Names.NodeResourcesFit);

function ignored(name: string, ignoredResources: ReadonlySet<string>, ignoredGroups: ReadonlySet<string>): boolean {
  if (!isExtendedResourceName(name)) return false;
  if (ignoredResources.has(name)) return true;
  const slash = name.indexOf('/');
  return slash > 0 && ignoredGroups.has(name.slice(0, slash));
}

/** The resources the node lacks for the pod (empty when it fits). */
export function fitsRequest(
  req: Resource,
  nodeInfo: NodeInfo,
  ignoredResources: ReadonlySet<string> = new Set(),
  ignoredGroups: ReadonlySet<string> = new Set(),
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: nodeInfo.pods.length, capacity: alloc.allowedPodNumber });
  }
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && (req.scalar === null || req.scalar.size === 0)) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU)
    out.push({ resourceName: 'cpu', reason: 'Insufficient cpu', requested: req.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU });
  if (req.memory > 0 && req.memory > alloc.memory - used.memory)
    out.push({ resourceName: 'memory', reason: 'Insufficient memory', requested: req.memory, used: used.memory, capacity: alloc.memory });
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)
    out.push({
      resourceName: 'ephemeral-storage',
      reason: 'Insufficient ephemeral-storage',
      requested: req.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
    });
  if (req.scalar !== null)
    for (const [name, q] of req.scalar) {
      if (q === 0 || ignored(name, ignoredResources, ignoredGroups)) continue;
      if (q > alloc.scalarValue(name) - used.scalarValue(name))
        out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: q, used: used.scalarValue(name), capacity: alloc.scalarValue(name) });
    }
  return out;
}

export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.NodeResourcesFit;
  private readonly ignoredResources: ReadonlySet<string>;
  private readonly ignoredGroups: ReadonlySet<string>;
  readonly scorer: ResourceAllocationScorer;

  constructor(args: FitArgs = {}) {
    this.ignoredResources = new Set(args.ignoredResources ?? []);
    this.ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
    const resources = args.scoringStrategy?.resources ?? DEFAULT_RESOURCES;
    const type = args.scoringStrategy?.type ?? 'LeastAllocated';
    if (type !== 'LeastAllocated' && type !== 'MostAllocated') throw new Error(`scoring strategy ${String(type)} is not supported`);
    this.scorer = new ResourceAllocationScorer(resources, false, type === 'MostAllocated' ? mostAllocatedScorer(resources) : leastAllocatedScorer(resources));
  }

  preFilter(state: CycleState, pod: PodInfo): Status | null {
    state.write(preFilterKey, new PreFilterState(pod.requests));
    return null;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const req = (state.read(preFilterKey) ?? new PreFilterState(pod.requests)).requests;
    // Fast path: the common pod fits without building the list of reasons.
    const alloc = nodeInfo.allocatable;
    const used = nodeInfo.requested;
    if (
      nodeInfo.pods.length < alloc.allowedPodNumber &&
      req.milliCPU <= alloc.milliCPU - used.milliCPU &&
      req.memory <= alloc.memory - used.memory &&
      req.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage &&
      req.scalar === null
    )
      return null;
    const insufficient = fitsRequest(req, nodeInfo, this.ignoredResources, this.ignoredGroups);
    if (insufficient.length === 0) return null;
    return new Status(
      Code.Unschedulable,
      insufficient.map((r) => r.reason),
    );
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(preScoreKey, new PreScoreState(this.scorer.podRequests(pod)));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const reqs = state.read(preScoreKey)?.podRequests ?? this.scorer.podRequests(pod);
    return this.scorer.score(nodeInfo, reqs);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown, label: 'AssignedPodDeleteOrScaleDown' },
        hint: (_pod: Pod, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint => {
          if (!oldObj) return 'Queue';
          // Any scheduled pod going away frees resources (or at least a pod slot).
          if (!newObj) return (oldObj as Pod).spec?.nodeName ? 'Queue' : 'QueueSkip';
          const before = podRequests(oldObj as Pod);
          const after = podRequests(newObj as Pod);
          const freed =
            after.milliCPU < before.milliCPU || after.memory < before.memory || after.ephemeralStorage < before.ephemeralStorage || !!before.scalar;
          return freed ? 'Queue' : 'QueueSkip';
        },
      },
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable, label: 'NodeAddOrAllocatableChange' },
        hint: (pod: Pod, _oldObj: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint => {
          const node = newObj as Node | undefined;
          if (!node) return 'Queue';
          const req = podRequests(pod);
          const alloc = ResourceClass.fromList(node.status?.allocatable);
          const fits =
            req.milliCPU <= alloc.milliCPU &&
            req.memory <= alloc.memory &&
            req.ephemeralStorage <= alloc.ephemeralStorage &&
            [...(req.scalar ?? new Map<string, number>())].every(([k, v]) => v <= alloc.scalarValue(k));
          return fits ? 'Queue' : 'QueueSkip';
        },
      },
    ];
  }
}
