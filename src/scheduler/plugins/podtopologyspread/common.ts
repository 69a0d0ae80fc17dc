// Shared pieces of PodTopologySpread: parsed constraints (selector merged with matchLabelKeys), node
// inclusion policies, and counting matching pods on a node.

import { fromLabelSelector, newRequirement, Selector } from '../../../machinery/labels/index.js';
import type { Node, Pod, TopologySpreadConstraint } from '../../framework/api.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint } from '../helper/taints.js';
import type { RequiredNodeAffinity } from '../helper/node-selector.js';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  /** Honor (default): only nodes matching the pod's nodeSelector/required affinity count. */
  honorNodeAffinity: boolean;
  /** Honor: only nodes whose NoSchedule/NoExecute taints the pod tolerates count (default Ignore). */
  honorNodeTaints: boolean;
}

/** The pod's constraints with the given whenUnsatisfiable, parsed. Throws SelectorError on a bad selector. */
export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Readonly<Record<string, string>> | undefined,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
): Constraint[] {
  const out: Constraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = fromLabelSelector(c.labelSelector);
    const keys = c.matchLabelKeys ?? [];
    if (keys.length > 0 && !selector.matchesNothing()) {
      const reqs = [...selector.requirements()];
      for (const k of keys) {
        const v = podLabels?.[k];
        if (v !== undefined) reqs.push(newRequirement(k, '=', [v]));
      }
      selector = Selector.of(reqs);
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorNodeTaints: c.nodeTaintsPolicy === 'Honor',
    });
  }
  return out;
}

/** The node has every constraint's topology key. */
export function nodeLabelsMatchSpreadConstraints(labels: Readonly<Record<string, string>>, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

export function matchNodeInclusionPolicies(c: Constraint, pod: Pod, node: Node, required: RequiredNodeAffinity): boolean {
  if (c.honorNodeAffinity && !required.matchesNode(node)) return false;
  if (c.honorNodeTaints && findMatchingUntoleratedTaint(node.spec?.taints ?? [], pod.spec.tolerations, isDoNotScheduleTaint)) return false;
  return true;
}

/** Pods in namespace ns, not terminating, whose labels the selector matches. */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: Selector, ns: string): number {
  if (selector.matchesNothing()) return 0;
  let n = 0;
  for (const p of pods) {
    const meta = p.pod.metadata;
    if (meta.deletionTimestamp || (meta.namespace ?? '') !== ns) continue;
    if (selector.matches(meta.labels)) n++;
  }
  return n;
}

export function pairKey(key: string, value: string): string {
  return key + '\u0000' + value;
}
