// Which evaluator handles which objects and quota names, the scopes a quota declares, and the usage a
// namespace's objects add up to (upstream's quota registry, generic.Matches and CalculateUsage).

import type { KubeObject } from '../../../../../api/types.js';
import { claimEvaluator, objectCountEvaluator, serviceEvaluator } from './objectcount.js';
import { podEvaluator } from './pods.js';
import { add, mask, parseList, ZERO, type ResourceList } from './resources.js';
import type { Evaluator, ScopeSelector } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SPECIAL: Record<string, Evaluator> = {
  '/pods': podEvaluator,
  '/services': serviceEvaluator,
  '/persistentvolumeclaims': claimEvaluator,
};
const cache = new Map<string, Evaluator>();

/** The evaluator of a resource (pods, services, claims, or object count for anything else). */
export function evaluatorFor(group: string, resource: string): Evaluator {
  const key = `${group}/${resource}`;
  const special = SPECIAL[key];
  if (special) return special;
  let ev = cache.get(key);
  if (!ev) {
    ev = objectCountEvaluator(group, resource);
    cache.set(key, ev);
  }
  return ev;
}

const LEGACY: Record<string, string> = {
  pods: '/pods', cpu: '/pods', memory: '/pods', 'ephemeral-storage': '/pods', services: '/services', 'services.loadbalancers': '/services', 'services.nodeports': '/services',
  persistentvolumeclaims: '/persistentvolumeclaims', 'requests.storage': '/persistentvolumeclaims', configmaps: '/configmaps', secrets: '/secrets',
  replicationcontrollers: '/replicationcontrollers', resourcequotas: '/resourcequotas',
};

/** The resource (group, plural) a quota name charges: count/deployments.apps → apps/deployments. */
export function resourceOfName(name: string): { group: string; resource: string } | undefined {
  if (name.startsWith('count/')) {
    const rest = name.slice('count/'.length);
    const dot = rest.indexOf('.');
    return dot < 0 ? { group: '', resource: rest } : { group: rest.slice(dot + 1), resource: rest.slice(0, dot) };
  }
  const legacy = LEGACY[name];
  if (legacy) return { group: '', resource: legacy.slice(1) };
  if (name.startsWith('requests.') || name.startsWith('limits.') || name.startsWith('hugepages-')) {
    if (name.includes('.storageclass.storage.k8s.io/')) return { group: '', resource: 'persistentvolumeclaims' };
    return { group: '', resource: 'pods' };
  }
  if (name.includes('.storageclass.storage.k8s.io/')) return { group: '', resource: 'persistentvolumeclaims' };
  return undefined;
}

/** The evaluators a set of quota names needs. */
export function evaluatorsForNames(names: string[]): Evaluator[] {
  const out = new Map<string, Evaluator>();
  for (const n of names) {
    const r = resourceOfName(n);
    if (!r) continue;
    const ev = evaluatorFor(r.group, r.resource);
    if (ev.matchingResources([n]).length) out.set(`${r.group}/${r.resource}`, ev);
  }
  return [...out.values()];
}

/** spec.scopes (as Exists selectors) and spec.scopeSelector.matchExpressions. */
export function scopeSelectorsOf(quota: KubeObject): ScopeSelector[] {
  const spec = isObj(quota.spec) ? quota.spec : {};
  const out: ScopeSelector[] = [];
  for (const s of Array.isArray(spec.scopes) ? spec.scopes : []) if (typeof s === 'string') out.push({ scopeName: s, operator: 'Exists' });
  const sel = isObj(spec.scopeSelector) ? spec.scopeSelector : {};
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    if (!isObj(e)) continue;
    out.push({
      scopeName: String(e.scopeName ?? ''),
      operator: String(e.operator ?? ''),
      ...(Array.isArray(e.values) ? { values: e.values.map(String) } : {}),
    });
  }
  return out;
}

export function hardOf(quota: KubeObject, from: 'spec' | 'status'): ResourceList {
  const holder = from === 'spec' ? quota.spec : quota.status;
  return parseList(isObj(holder) ? holder.hard : undefined);
}

export function usedOf(quota: KubeObject): ResourceList {
  return parseList(isObj(quota.status) ? quota.status.used : undefined);
}

/** Does the object fall under every scope of the quota? */
export function matchesScopes(ev: Evaluator, quota: KubeObject, obj: KubeObject): boolean {
  return scopeSelectorsOf(quota).every((s) => ev.matchesScope(s, obj));
}

/** The quota's usage in its namespace: for each evaluator its names count from zero, over the matching objects. */
export function calculateUsage(o: { quota: KubeObject; hard: ResourceList; list(ev: Evaluator): KubeObject[]; nowMs: number }): ResourceList {
  const hardNames = [...o.hard.keys()];
  let total: ResourceList = new Map();
  const tracked: string[] = [];
  for (const ev of evaluatorsForNames(hardNames)) {
    const matched = ev.matchingResources(hardNames);
    if (!matched.length) continue;
    tracked.push(...matched);
    let used: ResourceList = new Map(matched.map((n) => [n, ZERO]));
    for (const item of o.list(ev)) if (matchesScopes(ev, o.quota, item)) used = add(used, ev.usage(item, o.nowMs));
    total = add(total, used);
  }
  return mask(total, tracked);
}
