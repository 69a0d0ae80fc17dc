// The synchronous heart of a scheduling cycle (upstream schedule_one.go schedulePod and helpers):
// refresh the snapshot, PreFilter, filter nodes starting where the last cycle stopped until enough
// feasible nodes are found, score them, and pick the best (randomly among ties).

import type { Cache } from './cache/cache.js';
import { Snapshot } from './cache/snapshot.js';
import type { CycleState } from './framework/cycle-state.js';
import { Diagnosis, FitError, NO_NODES_AVAILABLE_MSG } from './framework/diagnosis.js';
import type { Framework } from './framework/framework.js';
import type { NodeInfo } from './framework/node-info.js';
import type { PodInfo } from './framework/pod-info.js';
import { Code, Status } from './framework/status.js';

/** Below this many nodes every node is evaluated (upstream minFeasibleNodesToFind). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never goes below this (upstream minFeasibleNodesPercentageToFind). */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes to look for: all below 100 nodes; otherwise percentage% of them (adaptive when
 * 0: 50% − nodes/125, at least 5%), and never fewer than 100.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentageOfNodesToScore;
  if (pct <= 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** The index of the highest score; among equal scores each is chosen with equal probability (reservoir sampling). */
export function selectHost(scores: Float64Array, random: () => number): number {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < scores.length; i++) {
    const s = scores[i]!;
    if (s > scores[best]!) {
      best = i;
      ties = 1;
    } else if (s === scores[best]) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = i;
    }
  }
  return best;
}

export interface ScheduleResult {
  suggestedHost: string;
  /** Nodes the filters ran on. */
  evaluatedNodes: number;
  feasibleNodes: number;
}

export type ScheduleOutcome = { result: ScheduleResult } | { fitError: FitError } | { error: Status };

export interface AlgorithmOptions {
  cache: Cache;
  /** Global default (a profile may override); 0 = adaptive. */
  percentageOfNodesToScore?: number;
  random?: () => number;
}

export class SchedulingAlgorithm {
  readonly snapshot = new Snapshot();
  /** Where the next cycle starts evaluating nodes (so that all nodes get their turn). */
  nextStartNodeIndex = 0;
  private readonly cache: Cache;
  private readonly percentage: number;
  private readonly random: () => number;

  constructor(opts: AlgorithmOptions) {
    this.cache = opts.cache;
    this.percentage = opts.percentageOfNodesToScore ?? 0;
    this.random = opts.random ?? Math.random;
  }

  schedulePod(fwk: Framework, state: CycleState, pod: PodInfo): ScheduleOutcome {
    this.cache.updateSnapshot(this.snapshot);
    const numAll = this.snapshot.numNodes();
    if (numAll === 0) return { error: new Status(Code.UnschedulableAndUnresolvable, [NO_NODES_AVAILABLE_MSG]) };
    const found = this.findNodesThatFitPod(fwk, state, pod);
    if ('error' in found) return found;
    const { feasible, diagnosis } = found;
    if (feasible.length === 0) return { fitError: new FitError(pod.pod, numAll, diagnosis) };
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) return { result: { suggestedHost: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 } };
    const scores = this.prioritizeNodes(fwk, state, pod, feasible);
    if (scores instanceof Status) return { error: scores };
    const host = feasible[selectHost(scores, this.random)]!.name;
    return { result: { suggestedHost: host, evaluatedNodes, feasibleNodes: feasible.length } };
  }

  findNodesThatFitPod(fwk: Framework, state: CycleState, pod: PodInfo): { feasible: NodeInfo[]; diagnosis: Diagnosis } | { error: Status } {
    const diagnosis = new Diagnosis();
    const all = this.snapshot.list();
    const pre = fwk.runPreFilterPlugins(state, pod, all);
    for (const p of pre.pluginsWithNodes) diagnosis.unschedulablePlugins.add(p);
    if (pre.status !== null) {
      if (!pre.status.isRejected()) return { error: pre.status };
      diagnosis.nodeToStatus.absentNodesStatus = pre.status;
      diagnosis.preFilterMsg = pre.status.message();
      diagnosis.addPluginStatus(pre.status);
      for (const p of pre.unschedulablePlugins) diagnosis.unschedulablePlugins.add(p);
      return { feasible: [], diagnosis };
    }
    // A node nominated by an earlier preemption likely is the only one that fits: try it first.
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = this.snapshot.get(nominated);
      if (ni) {
        const r = this.findNodesThatPassFilters(fwk, state, pod, diagnosis, [ni], 0);
        if ('error' in r) return r;
        if (r.feasible.length > 0) return { feasible: r.feasible, diagnosis };
      }
    }
    let nodes: readonly NodeInfo[] = all;
    if (pre.result !== null) {
      const narrowed: NodeInfo[] = [];
      for (const name of pre.result.nodeNames) {
        const ni = this.snapshot.get(name);
        if (ni) narrowed.push(ni);
      }
      nodes = narrowed;
      diagnosis.nodeToStatus.absentNodesStatus = new Status(Code.UnschedulableAndUnresolvable, [
        `node(s) didn't satisfy plugin(s) [${[...pre.pluginsWithNodes].sort().join(' ')}]`,
      ]);
    }
    const r = this.findNodesThatPassFilters(fwk, state, pod, diagnosis, nodes, this.nextStartNodeIndex);
    const processed = ('error' in r ? 0 : r.feasible.length) + diagnosis.nodeToStatus.size;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % all.length;
    if ('error' in r) return r;
    return { feasible: r.feasible, diagnosis };
  }

  /** Filters nodes from start (wrapping) until numFeasibleNodesToFind of them pass. */
  findNodesThatPassFilters(
    fwk: Framework,
    state: CycleState,
    pod: PodInfo,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
    start: number,
  ): { feasible: NodeInfo[] } | { error: Status } {
    const n = nodes.length;
    if (n === 0) return { feasible: [] };
    const want = numFeasibleNodesToFind(fwk.percentageOfNodesToScore ?? this.percentage, n);
    const feasible: NodeInfo[] = [];
    if (!fwk.hasFilterPlugins()) {
      for (let i = 0; i < want; i++) feasible.push(nodes[(start + i) % n]!);
      return { feasible };
    }
    for (let i = 0; i < n; i++) {
      const ni = nodes[(start + i) % n]!;
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
      if (s === null) {
        feasible.push(ni);
        if (feasible.length >= want) break;
        continue;
      }
      if (s.code === Code.Error) return { error: s };
      diagnosis.nodeToStatus.set(ni.name, s);
      diagnosis.addPluginStatus(s);
    }
    return { feasible };
  }

  /** The weighted score of each node (1 each when the profile has no Score plugins). */
  prioritizeNodes(fwk: Framework, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Float64Array | Status {
    if (!fwk.hasScorePlugins()) return new Float64Array(nodes.length).fill(1);
    const s = fwk.runPreScorePlugins(state, pod, nodes);
    if (s !== null) return s;
    return fwk.runScorePlugins(state, pod, nodes);
  }
}
