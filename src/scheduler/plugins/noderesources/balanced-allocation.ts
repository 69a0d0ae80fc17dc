// NodeResourcesBalancedAllocation: prefers nodes where, with the pod, the requested fractions of cpu
// and memory (by default) are close to each other: score = (1 − standard deviation) × 100.

import { type CycleState, type StateData, StateKey } from '../../framework/cycle-state.js';
import type { PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { Status } from '../../framework/status.js';
import { Names } from '../names.js';
import { balancedResourceScorer, DEFAULT_RESOURCES, ResourceAllocationScorer, type ResourceSpec } from './resource-allocation.js';

export interface BalancedAllocationArgs {
  resources?: ResourceSpec[];
}

class PreScoreState implements StateData {
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}
const preScoreKey = new StateKey<PreScoreState>('PreScore' + Names.NodeResourcesBalancedAllocation);

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = Names.NodeResourcesBalancedAllocation;
  readonly scorer: ResourceAllocationScorer;

  constructor(args: BalancedAllocationArgs = {}) {
    this.scorer = new ResourceAllocationScorer(args.resources ?? DEFAULT_RESOURCES, true, balancedResourceScorer);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(preScoreKey, new PreScoreState(this.scorer.podRequests(pod)));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const reqs = state.read(preScoreKey)?.podRequests ?? this.scorer.podRequests(pod);
    return this.scorer.score(nodeInfo, reqs);
  }
}
