// PodTopologySpread PreFilter/Filter (whenUnsatisfiable: DoNotSchedule): counts matching pods per
// topology domain once per cycle, keeps the two least-loaded domains per key, and rejects a node when
// placing the pod there would make its domain exceed the global minimum by more than maxSkew.

import type { Node } from '../../framework/api.js';
import type { StateData } from '../../framework/cycle-state.js';
import { StateKey } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { RequiredNodeAffinity } from '../helper/node-selector.js';
import { Names } from '../names.js';
import { type Constraint, countPodsMatchSelector, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints } from './common.js';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';

const MAX_INT32 = 2147483647;

/** The two domains with the fewest matching pods for one topology key (upstream criticalPaths). */
export class CriticalPaths {
  v0 = '';
  n0 = MAX_INT32;
  v1 = '';
  n1 = MAX_INT32;

  update(value: string, num: number): void {
    if (value === this.v0 || value === this.v1) {
      if (value === this.v0) this.n0 = num;
      else this.n1 = num;
      if (this.n0 > this.n1) {
        [this.v0, this.v1] = [this.v1, this.v0];
        [this.n0, this.n1] = [this.n1, this.n0];
      }
      return;
    }
    if (num < this.n0) {
      this.v1 = this.v0;
      this.n1 = this.n0;
      this.v0 = value;
      this.n0 = num;
    } else if (num < this.n1) {
      this.v1 = value;
      this.n1 = num;
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.v0 = this.v0;
    c.n0 = this.n0;
    c.v1 = this.v1;
    c.n1 = this.n1;
    return c;
  }
}

export class PreFilterState implements StateData {
  constructor(
    readonly constraints: readonly Constraint[],
    readonly tpKeyToCriticalPaths: Map<string, CriticalPaths>,
    readonly tpKeyToDomainsNum: Map<string, number>,
    /** topologyKey → value → matching pods, for every eligible domain (0 included). */
    readonly tpCounts: Map<string, Map<string, number>>,
  ) {}

  clone(): StateData {
    const paths = new Map<string, CriticalPaths>();
    for (const [k, v] of this.tpKeyToCriticalPaths) paths.set(k, v.clone());
    const counts = new Map<string, Map<string, number>>();
    for (const [k, m] of this.tpCounts) counts.set(k, new Map(m));
    return new PreFilterState(this.constraints, paths, new Map(this.tpKeyToDomainsNum), counts);
  }

  matchNum(key: string, value: string): number {
    return this.tpCounts.get(key)?.get(value) ?? 0;
  }

  /** The global minimum for key: the least-loaded domain, or 0 while there are fewer domains than minDomains. */
  minMatchNum(key: string, minDomains: number): number | undefined {
    const paths = this.tpKeyToCriticalPaths.get(key);
    const domains = this.tpKeyToDomainsNum.get(key);
    if (!paths || domains === undefined) return undefined;
    return domains < minDomains ? 0 : paths.n0;
  }

  /** Counts (delta 1) or uncounts (−1) a pod on node, for preemption's what-if runs. */
  updateWithPod(updated: PodInfo, preemptor: PodInfo, node: Node | null, delta: 1 | -1): void {
    if (!node || (updated.pod.metadata.namespace ?? '') !== (preemptor.pod.metadata.namespace ?? '')) return;
    const labels = node.metadata.labels ?? {};
    if (!nodeLabelsMatchSpreadConstraints(labels, this.constraints)) return;
    const required = new RequiredNodeAffinity(preemptor.pod);
    for (const c of this.constraints) {
      if (!c.selector.matches(updated.pod.metadata.labels)) continue;
      if (!matchNodeInclusionPolicies(c, preemptor.pod, node, required)) continue;
      const v = labels[c.topologyKey]!;
      let m = this.tpCounts.get(c.topologyKey);
      if (!m) this.tpCounts.set(c.topologyKey, (m = new Map()));
      const n = (m.get(v) ?? 0) + delta;
      m.set(v, n);
      this.tpKeyToCriticalPaths.get(c.topologyKey)?.update(v, n);
    }
  }
}

export const preFilterKey = new StateKey<PreFilterState>('PreFilter' + Names.PodTopologySpread);

export function computePreFilterState(pod: PodInfo, constraints: readonly Constraint[], allNodes: readonly NodeInfo[]): PreFilterState {
  const required = new RequiredNodeAffinity(pod.pod);
  const ns = pod.pod.metadata.namespace ?? '';
  const checkInclusion = constraints.some((c) => (c.honorNodeAffinity && !required.isEmpty) || c.honorNodeTaints);
  const counts = new Map<string, Map<string, number>>();
  for (const c of constraints) if (!counts.has(c.topologyKey)) counts.set(c.topologyKey, new Map());
  // Two constraints on one key: upstream keeps the later one's count per node.
  const duplicateKeys = counts.size !== constraints.length;
  const perNode = new Map<string, [string, number]>();
  for (const ni of allNodes) {
    const node = ni.node;
    if (!node || !nodeLabelsMatchSpreadConstraints(ni.labels, constraints)) continue;
    if (duplicateKeys) perNode.clear();
    for (const c of constraints) {
      if (checkInclusion && !matchNodeInclusionPolicies(c, pod.pod, node, required)) continue;
      const v = ni.labels[c.topologyKey]!;
      const cnt = ni.pods.length === 0 ? 0 : countPodsMatchSelector(ni.pods, c.selector, ns);
      if (duplicateKeys) perNode.set(c.topologyKey, [v, cnt]);
      else {
        const m = counts.get(c.topologyKey)!;
        m.set(v, (m.get(v) ?? 0) + cnt);
      }
    }
    if (duplicateKeys)
      for (const [k, [v, cnt]] of perNode) {
        const m = counts.get(k)!;
        m.set(v, (m.get(v) ?? 0) + cnt);
      }
  }
  const domains = new Map<string, number>();
  const paths = new Map<string, CriticalPaths>();
  for (const [key, m] of counts) {
    const p = new CriticalPaths();
    for (const [v, n] of m) p.update(v, n);
    paths.set(key, p);
    if (m.size > 0) domains.set(key, m.size);
  }
  return new PreFilterState(constraints, paths, domains, counts);
}
