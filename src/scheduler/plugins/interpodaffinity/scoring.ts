// InterPodAffinity PreScore/Score: preferred (anti-)affinity of the incoming pod towards existing pods,
// and of existing pods towards the incoming one (their required affinity counts with
// hardPodAffinityWeight), summed per topology domain; a node scores the sum over its domains.

import type { Labels } from '../../../machinery/labels/index.js';
import type { StateData } from '../../framework/cycle-state.js';
import { StateKey } from '../../framework/cycle-state.js';
import type { Pod } from '../../framework/api.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { AffinityTerm, PodInfo, WeightedAffinityTerm } from '../../framework/pod-info.js';
import { Names } from '../names.js';

/** topologyKey → value → score. */
export type ScoreMap = Map<string, Map<string, number>>;

export class PreScoreState implements StateData {
  constructor(readonly topologyScore: ScoreMap) {}
  clone(): StateData {
    return this;
  }
}
export const preScoreKey = new StateKey<PreScoreState>('PreScore' + Names.InterPodAffinity);

function processTerm(m: ScoreMap, term: AffinityTerm, weight: number, pod: Pod, nsLabels: Labels, node: NodeInfo, multiplier: number): void {
  if (!term.matches(pod, nsLabels)) return;
  const v = node.labels[term.topologyKey];
  if (v === undefined) return;
  let byValue = m.get(term.topologyKey);
  if (!byValue) m.set(term.topologyKey, (byValue = new Map()));
  byValue.set(v, (byValue.get(v) ?? 0) + weight * multiplier);
}

function processTerms(m: ScoreMap, terms: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Labels, node: NodeInfo, multiplier: number): void {
  for (const t of terms) processTerm(m, t.term, t.weight, pod, nsLabels, node, multiplier);
}

export interface IncomingTerms {
  preferredAffinity: readonly WeightedAffinityTerm[];
  preferredAntiAffinity: readonly WeightedAffinityTerm[];
  namespaceLabels: Labels;
}

/** Adds what one existing pod contributes to the topology scores. */
export function processExistingPod(
  m: ScoreMap,
  incoming: IncomingTerms,
  incomingPod: Pod,
  existing: PodInfo,
  node: NodeInfo,
  hardPodAffinityWeight: number,
): void {
  let anyLabel = false;
  for (const _ in node.labels) {
    anyLabel = true;
    break;
  }
  if (!anyLabel) return;
  processTerms(m, incoming.preferredAffinity, existing.pod, null, node, 1);
  processTerms(m, incoming.preferredAntiAffinity, existing.pod, null, node, -1);
  if (hardPodAffinityWeight > 0)
    for (const t of existing.requiredAffinityTerms) processTerm(m, t, hardPodAffinityWeight, incomingPod, incoming.namespaceLabels, node, 1);
  processTerms(m, existing.preferredAffinityTerms, incomingPod, incoming.namespaceLabels, node, 1);
  processTerms(m, existing.preferredAntiAffinityTerms, incomingPod, incoming.namespaceLabels, node, -1);
}
