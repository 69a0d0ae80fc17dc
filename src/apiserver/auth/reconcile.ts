// Reconciling the bootstrap RBAC policy with what a cluster already has (upstream's
// pkg/registry/rbac/reconciliation, run at every apiserver start with Confirm and without removing
// extras): a default ClusterRole gains the permissions it lacks and a default binding the subjects it
// lacks, so that a cluster created by an older kts gets the rules a newer one needs. Nothing is taken
// away; objects annotated rbac.authorization.kubernetes.io/autoupdate=false are left as they are.

import type { KubeObject } from '../../api/types.js';
import type { PolicyRule } from './authz.js';

export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

interface AggregationRule {
  clusterRoleSelectors?: Array<Record<string, unknown>>;
}

export type ReconcileOp = 'none' | 'update' | 'recreate';

export interface Reconciled {
  op: ReconcileOp;
  /** The object to write (for 'none' the existing one). */
  obj: KubeObject;
}

function isProtected(existing: KubeObject): boolean {
  return existing.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false';
}

function has(set: string[] | undefined, v: string): boolean {
  return !!set && set.includes(v);
}

function hasAllOrStar(set: string[] | undefined, want: string[] | undefined, star: string): boolean {
  if (has(set, star)) return true;
  return (want ?? []).every((w) => has(set, w));
}

// Upstream's resourceCoversAll: `*`, an exact name, or `*/sub` for a subresource.
function resourcesCover(set: string[] | undefined, want: string[] | undefined): boolean {
  if (has(set, '*')) return true;
  return (want ?? []).every((w) => has(set, w) || (w.includes('/') && has(set, `*/${w.slice(w.indexOf('/') + 1)}`)));
}

function urlsCover(set: string[] | undefined, want: string[] | undefined): boolean {
  return (want ?? []).every((w) => has(set, w) || !!set?.some((s) => s.endsWith('*') && w.startsWith(s.slice(0, -1))));
}

function namesCover(set: string[] | undefined, want: string[] | undefined): boolean {
  if (!set?.length) return true;
  return (want ?? []).length > 0 && (want ?? []).every((w) => has(set, w));
}

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  return (
    hasAllOrStar(owner.verbs, sub.verbs, '*') &&
    hasAllOrStar(owner.apiGroups, sub.apiGroups, '*') &&
    resourcesCover(owner.resources, sub.resources) &&
    urlsCover(owner.nonResourceURLs, sub.nonResourceURLs) &&
    namesCover(owner.resourceNames, sub.resourceNames)
  );
}

/** One rule per group × resource × verb (× name), or per URL × verb (upstream's BreakdownRule). */
export function breakdownRule(r: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of r.apiGroups ?? []) {
    for (const resource of r.resources ?? []) {
      for (const verb of r.verbs ?? []) {
        if (r.resourceNames?.length) {
          for (const name of r.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        } else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of r.nonResourceURLs ?? []) for (const verb of r.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/** The parts of `wanted` that no rule of `owned` grants, broken down into single permissions. */
export function uncoveredRules(owned: PolicyRule[], wanted: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const w of wanted) for (const atom of breakdownRule(w)) if (!owned.some((o) => ruleCovers(o, atom))) out.push(atom);
  return out;
}

/** Expected labels/annotations added where the existing object lacks them; existing values win. */
function mergeMeta(existing: KubeObject, expected: KubeObject): boolean {
  let changed = false;
  for (const field of ['labels', 'annotations'] as const) {
    const want = expected.metadata[field];
    if (!want) continue;
    const have = (existing.metadata[field] ??= {});
    for (const [k, v] of Object.entries(want)) {
      if (k in have) continue;
      have[k] = v;
      changed = true;
    }
  }
  return changed;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What to do with an existing (Cluster)Role given the bootstrap one. `existing` may be modified. */
export function reconcileRole(existing: KubeObject, expected: KubeObject): Reconciled {
  if (isProtected(existing)) return { op: 'none', obj: existing };
  let changed = mergeMeta(existing, expected);
  const missing = uncoveredRules((existing.rules as PolicyRule[] | undefined) ?? [], (expected.rules as PolicyRule[] | undefined) ?? []);
  if (missing.length) {
    existing.rules = [...((existing.rules as PolicyRule[] | undefined) ?? []), ...missing];
    changed = true;
  }
  const wantAgg = expected.aggregationRule as AggregationRule | undefined;
  if (wantAgg?.clusterRoleSelectors?.length) {
    const agg = ((existing.aggregationRule as AggregationRule | undefined) ?? {}) as AggregationRule;
    const selectors = [...(agg.clusterRoleSelectors ?? [])];
    for (const s of wantAgg.clusterRoleSelectors) {
      if (selectors.some((x) => sameJson(x, s))) continue;
      selectors.push(s);
      changed = true;
    }
    existing.aggregationRule = { ...agg, clusterRoleSelectors: selectors };
  }
  return { op: changed ? 'update' : 'none', obj: existing };
}

/** Subjects compared as the API defaults them (apiGroup by kind; a namespace only for service accounts). */
function subjectKey(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `${s.kind}\0${s.namespace ?? ''}\0${s.name}` : `${s.kind}\0\0${s.name}`;
}

/** What to do with an existing (Cluster)RoleBinding given the bootstrap one. `existing` may be modified. */
export function reconcileBinding(existing: KubeObject, expected: KubeObject): Reconciled {
  if (isProtected(existing)) return { op: 'none', obj: existing };
  // roleRef is immutable: a binding to another role is deleted and created again.
  if (!sameJson(existing.roleRef, expected.roleRef)) {
    const obj = structuredClone(expected);
    mergeMeta(obj, existing);
    const subjects = [...((expected.subjects as Subject[] | undefined) ?? [])];
    const seen = new Set(subjects.map(subjectKey));
    for (const s of (existing.subjects as Subject[] | undefined) ?? []) if (!seen.has(subjectKey(s))) subjects.push(s);
    obj.subjects = subjects;
    return { op: 'recreate', obj };
  }
  let changed = mergeMeta(existing, expected);
  const subjects = [...((existing.subjects as Subject[] | undefined) ?? [])];
  const seen = new Set(subjects.map(subjectKey));
  for (const s of (expected.subjects as Subject[] | undefined) ?? []) {
    if (seen.has(subjectKey(s))) continue;
    subjects.push(s);
    changed = true;
  }
  if (changed) existing.subjects = subjects;
  return { op: changed ? 'update' : 'none', obj: existing };
}
