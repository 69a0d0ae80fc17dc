// The scoring half shared by NodeResourcesFit (LeastAllocated / MostAllocated) and
// NodeResourcesBalancedAllocation (upstream resourceAllocationScorer): for each configured resource,
// the node's allocatable and what would be requested with the pod on it, then a scorer over those.

import { MAX_NODE_SCORE } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { isScalarResourceName, RESOURCE_CPU, RESOURCE_EPHEMERAL_STORAGE, RESOURCE_MEMORY } from '../../framework/resource.js';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export const DEFAULT_RESOURCES: readonly ResourceSpec[] = Object.freeze([
  { name: RESOURCE_CPU, weight: 1 },
  { name: RESOURCE_MEMORY, weight: 1 },
]);

/** Scores requested/allocatable vectors (index-aligned with the resources; allocatable 0 = not counted). */
export type Scorer = (requested: Float64Array, allocatable: Float64Array) => number;

/** ((capacity − requested) × 100) / capacity, 0 when over capacity (integer arithmetic). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** (requested × 100) / capacity, capped at capacity. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MAX_NODE_SCORE) / capacity);
}

function weightedScorer(resources: readonly ResourceSpec[], f: (req: number, cap: number) => number): Scorer {
  return (requested, allocatable) => {
    let score = 0;
    let weights = 0;
    for (let i = 0; i < resources.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      score += f(requested[i]!, allocatable[i]!) * w;
      weights += w;
    }
    return weights === 0 ? 0 : Math.trunc(score / weights);
  };
}

export function leastAllocatedScorer(resources: readonly ResourceSpec[]): Scorer {
  return weightedScorer(resources, leastRequestedScore);
}

export function mostAllocatedScorer(resources: readonly ResourceSpec[]): Scorer {
  return weightedScorer(resources, mostRequestedScore);
}

/** (1 − standard deviation of the requested/allocatable fractions) × 100. */
export const balancedResourceScorer: Scorer = (requested, allocatable) => {
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i]! / allocatable[i]!;
    if (f > 1) f = 1;
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    total += f;
    n++;
  }
  let std = 0;
  if (n === 2) std = Math.abs((f0 - f1) / 2);
  else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const f = Math.min(1, requested[i]! / allocatable[i]!);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
};

export class ResourceAllocationScorer {
  private readonly requested: Float64Array;
  private readonly allocatable: Float64Array;

  constructor(
    readonly resources: readonly ResourceSpec[],
    /** true: count actual requests; false: count 100m/200Mi for containers without cpu/memory requests. */
    readonly useRequested: boolean,
    readonly scorer: Scorer,
  ) {
    this.requested = new Float64Array(resources.length);
    this.allocatable = new Float64Array(resources.length);
  }

  /** The pod's request for each configured resource. */
  podRequests(pod: PodInfo): number[] {
    return this.resources.map((r) => {
      if (!this.useRequested) {
        if (r.name === RESOURCE_CPU) return pod.nonZeroCPU;
        if (r.name === RESOURCE_MEMORY) return pod.nonZeroMemory;
      }
      return pod.requests.get(r.name);
    });
  }

  score(nodeInfo: NodeInfo, podRequests: readonly number[]): number {
    const req = this.requested;
    const alloc = this.allocatable;
    const used = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    for (let i = 0; i < this.resources.length; i++) {
      const name = this.resources[i]!.name;
      const podReq = podRequests[i]!;
      let a = 0;
      let r = 0;
      if (name === RESOURCE_CPU) {
        a = nodeInfo.allocatable.milliCPU;
        r = used.milliCPU + podReq;
      } else if (name === RESOURCE_MEMORY) {
        a = nodeInfo.allocatable.memory;
        r = used.memory + podReq;
      } else if (name === RESOURCE_EPHEMERAL_STORAGE) {
        a = nodeInfo.allocatable.ephemeralStorage;
        r = nodeInfo.requested.ephemeralStorage + podReq;
      } else if (!(podReq === 0 && isScalarResourceName(name)) && nodeInfo.allocatable.scalar?.has(name)) {
        a = nodeInfo.allocatable.scalarValue(name);
        r = nodeInfo.requested.scalarValue(name) + podReq;
      }
      alloc[i] = a;
      req[i] = a === 0 ? 0 : r;
    }
    return this.scorer(req, alloc);
  }
}
