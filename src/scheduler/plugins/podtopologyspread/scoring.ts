// PodTopologySpread PreScore/Score (whenUnsatisfiable: ScheduleAnyway): a node scores the matching pods
// in its domains, weighted by log(number of domains + 2) and offset by maxSkew − 1; normalization then
// reverses it so that the least crowded domains score highest.

import type { StateData } from '../../framework/cycle-state.js';
import { StateKey } from '../../framework/cycle-state.js';
import { LABEL_HOSTNAME } from '../../framework/api.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { RequiredNodeAffinity } from '../helper/node-selector.js';
import { Names } from '../names.js';
import { type Constraint, countPodsMatchSelector, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints, pairKey } from './common.js';

export class PreScoreState implements StateData {
  constructor(
    readonly constraints: readonly Constraint[],
    readonly ignoredNodes: Set<string>,
    readonly topologyPairToPodCounts: Map<string, number>,
    readonly topologyNormalizingWeight: number[],
  ) {}
  clone(): StateData {
    return this;
  }
}
export const preScoreKey = new StateKey<PreScoreState>('PreScore' + Names.PodTopologySpread);

export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

export function computePreScoreState(
  pod: PodInfo,
  constraints: readonly Constraint[],
  filteredNodes: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  requireAllTopologies: boolean,
): PreScoreState {
  const ignored = new Set<string>();
  const counts = new Map<string, number>();
  const topoSize = new Array<number>(constraints.length).fill(0);
  for (const ni of filteredNodes) {
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(ni.labels, constraints)) {
      ignored.add(ni.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const k = pairKey(c.topologyKey, ni.labels[c.topologyKey] ?? '');
      if (!counts.has(k)) {
        counts.set(k, 0);
        topoSize[i]!++;
      }
    });
  }
  const weights = constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignored.size : topoSize[i]!),
  );
  const required = new RequiredNodeAffinity(pod.pod);
  const ns = pod.pod.metadata.namespace ?? '';
  for (const ni of allNodes) {
    const node = ni.node;
    if (!node) continue;
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(ni.labels, constraints)) continue;
    for (const c of constraints) {
      if (!matchNodeInclusionPolicies(c, pod.pod, node, required)) continue;
      const k = pairKey(c.topologyKey, ni.labels[c.topologyKey] ?? '');
      const cur = counts.get(k);
      if (cur === undefined) continue;
      counts.set(k, cur + countPodsMatchSelector(ni.pods, c.selector, ns));
    }
  }
  return new PreScoreState(constraints, ignored, counts, weights);
}

export function scoreNode(s: PreScoreState, pod: PodInfo, ni: NodeInfo): number {
  if (s.ignoredNodes.has(ni.name)) return 0;
  let score = 0;
  const ns = pod.pod.metadata.namespace ?? '';
  s.constraints.forEach((c, i) => {
    const v = ni.labels[c.topologyKey];
    if (v === undefined) return;
    const cnt = c.topologyKey === LABEL_HOSTNAME ? countPodsMatchSelector(ni.pods, c.selector, ns) : (s.topologyPairToPodCounts.get(pairKey(c.topologyKey, v)) ?? 0);
    score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]!);
  });
  return Math.round(score);
}
