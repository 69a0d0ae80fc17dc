// Shared pieces of InterPodAffinity: topology-pair counters and namespace-selector merging.

import type { Labels } from '../../../machinery/labels/index.js';
import { Selector } from '../../../machinery/labels/index.js';
import type { Pod } from '../../framework/api.js';
import type { NamespaceLister } from '../../framework/interface.js';
import { AffinityTerm } from '../../framework/pod-info.js';

/** topologyToMatchedTermCount: counts per topology pair (key → value → count); entries that reach 0 are deleted. */
export class TopologyCounts {
  readonly byKey = new Map<string, Map<string, number>>();
  private pairs = 0;

  /** The number of pairs with a non-zero count. */
  get size(): number {
    return this.pairs;
  }
  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }
  add(key: string, value: string, delta: number): void {
    let m = this.byKey.get(key);
    if (!m) this.byKey.set(key, (m = new Map()));
    const before = m.get(value);
    const n = (before ?? 0) + delta;
    if (n === 0) {
      if (before !== undefined) {
        m.delete(value);
        this.pairs--;
        if (m.size === 0) this.byKey.delete(key);
      }
      return;
    }
    if (before === undefined) this.pairs++;
    m.set(value, n);
  }
  /** Adds delta for each term's topology pair on the node, when the node has the label. */
  addTerms(terms: readonly AffinityTerm[], labels: Readonly<Record<string, string>>, delta: number): void {
    for (const t of terms) {
      const v = labels[t.topologyKey];
      if (v !== undefined) this.add(t.topologyKey, v, delta);
    }
  }
  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, m] of this.byKey) c.byKey.set(k, new Map(m));
    c.pairs = this.pairs;
    return c;
  }
}

/** True when pod matches every term (false for no terms). */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!t.matches(pod, null)) return false;
  return true;
}

/**
 * A copy of the term whose namespaceSelector is resolved to namespace names (so that matching needs no
 * namespace labels). Without a namespace lister the term is kept as it is.
 */
export function mergeNamespaces(t: AffinityTerm, nsLister: NamespaceLister | undefined): AffinityTerm {
  if (t.namespaceSelector.empty() || t.namespaceSelector.matchesNothing() || !nsLister) return t;
  const namespaces = new Set(t.namespaces);
  for (const [name, labels] of nsLister.list()) if (t.namespaceSelector.matches(labels)) namespaces.add(name);
  return new AffinityTerm(namespaces, t.selector, t.topologyKey, Selector.nothing());
}

export function namespaceLabels(ns: string, nsLister: NamespaceLister | undefined): Labels {
  return nsLister?.labels(ns);
}
