// InterPodAffinity PreFilter/Filter: the incoming pod's required affinity and anti-affinity, and the
// existing pods' required anti-affinity against the incoming pod, counted per topology domain once per
// cycle so Filter is a few map lookups per node.

import type { Labels } from '../../../machinery/labels/index.js';
import { type CycleState, type StateData, StateKey } from '../../framework/cycle-state.js';
import type { NamespaceLister, NodeInfoLister } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { AffinityTerm, PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../names.js';
import { mergeNamespaces, namespaceLabels, podMatchesAllAffinityTerms, TopologyCounts } from './common.js';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

export class PreFilterState implements StateData {
  constructor(
    readonly pod: PodInfo,
    readonly affinityTerms: readonly AffinityTerm[],
    readonly antiAffinityTerms: readonly AffinityTerm[],
    readonly namespaceLabels: Labels,
    /** Existing pods whose required anti-affinity matches the incoming pod, per topology pair. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Existing pods matching all of the incoming pod's required affinity terms, per pair. */
    readonly affinityCounts: TopologyCounts,
    /** Existing pods matching the incoming pod's required anti-affinity terms, per pair. */
    readonly antiAffinityCounts: TopologyCounts,
  ) {}

  clone(): StateData {
    return new PreFilterState(
      this.pod,
      this.affinityTerms,
      this.antiAffinityTerms,
      this.namespaceLabels,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
    );
  }

  /** Counts (multiplier 1) or uncounts (−1) an existing pod on node, for preemption's what-if runs. */
  updateWithPod(p: PodInfo, node: NodeInfo, multiplier: 1 | -1): void {
    for (const t of p.requiredAntiAffinityTerms) {
      if (!t.matches(this.pod.pod, this.namespaceLabels)) continue;
      const v = node.labels[t.topologyKey];
      if (v !== undefined) this.existingAntiAffinityCounts.add(t.topologyKey, v, multiplier);
    }
    if (podMatchesAllAffinityTerms(this.affinityTerms, p.pod)) this.affinityCounts.addTerms(this.affinityTerms, node.labels, multiplier);
    for (const t of this.antiAffinityTerms) {
      if (!t.matches(p.pod, null)) continue;
      const v = node.labels[t.topologyKey];
      if (v !== undefined) this.antiAffinityCounts.add(t.topologyKey, v, multiplier);
    }
  }
}

export const preFilterKey = new StateKey<PreFilterState>('PreFilter' + Names.InterPodAffinity);

export function computePreFilterState(pod: PodInfo, lister: NodeInfoLister, nsLister: NamespaceLister | undefined): PreFilterState | Status {
  if (pod.parseError) return new Status(Code.UnschedulableAndUnresolvable, [`parsing pod: ${pod.parseError.message}`]);
  const affinityTerms = pod.requiredAffinityTerms.map((t) => mergeNamespaces(t, nsLister));
  const antiAffinityTerms = pod.requiredAntiAffinityTerms.map((t) => mergeNamespaces(t, nsLister));
  const nsLabels = namespaceLabels(pod.pod.metadata.namespace ?? '', nsLister);
  const existingAnti = new TopologyCounts();
  for (const ni of lister.havePodsWithRequiredAntiAffinityList()) {
    for (const existing of ni.podsWithRequiredAntiAffinity) {
      for (const t of existing.requiredAntiAffinityTerms) {
        if (!t.matches(pod.pod, nsLabels)) continue;
        const v = ni.labels[t.topologyKey];
        if (v !== undefined) existingAnti.add(t.topologyKey, v, 1);
      }
    }
  }
  const affinityCounts = new TopologyCounts();
  const antiCounts = new TopologyCounts();
  if (affinityTerms.length > 0 || antiAffinityTerms.length > 0) {
    for (const ni of lister.list()) {
      for (const existing of ni.pods) {
        if (affinityTerms.length > 0 && podMatchesAllAffinityTerms(affinityTerms, existing.pod)) affinityCounts.addTerms(affinityTerms, ni.labels, 1);
        for (const t of antiAffinityTerms) {
          if (!t.matches(existing.pod, null)) continue;
          const v = ni.labels[t.topologyKey];
          if (v !== undefined) antiCounts.add(t.topologyKey, v, 1);
        }
      }
    }
  }
  return new PreFilterState(pod, affinityTerms, antiAffinityTerms, nsLabels, existingAnti, affinityCounts, antiCounts);
}

/** The node has every topology key of the incoming pod's affinity, and matching pods in those domains (or the pod is the first of its group). */
export function satisfyPodAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  let podsExist = true;
  for (const t of s.affinityTerms) {
    const v = nodeInfo.labels[t.topologyKey];
    if (v === undefined) return false;
    if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: allowed when no pod matches yet and it matches its own terms.
  return s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(s.affinityTerms, s.pod.pod);
}

export function satisfyPodAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  for (const t of s.antiAffinityTerms) {
    const v = nodeInfo.labels[t.topologyKey];
    if (v !== undefined && s.antiAffinityCounts.get(t.topologyKey, v) > 0) return false;
  }
  return true;
}

export function satisfyExistingPodsAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  // Any of the node's topology pairs with a count: walk the (few) counted keys rather than every label.
  for (const [key, byValue] of s.existingAntiAffinityCounts.byKey) {
    const v = nodeInfo.labels[key];
    if (v !== undefined && (byValue.get(v) ?? 0) > 0) return false;
  }
  return true;
}
