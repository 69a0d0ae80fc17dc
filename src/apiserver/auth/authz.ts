// Authorization: may this user do this verb on this resource or path? RBAC over Roles, ClusterRoles
// and their bindings (read from the watch caches), with system:masters always allowed.

import type { KubeObject } from '../../api/types.js';
import type { UserInfo } from '../registry/strategy.js';

export interface AuthzAttributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  path: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Where RBAC objects come from (the caches of the four RBAC resources). */
export interface RbacSource {
  clusterRoles(): KubeObject[];
  clusterRoleBindings(): KubeObject[];
  roles(namespace: string): KubeObject[];
  roleBindings(namespace: string): KubeObject[];
  clusterRole(name: string): KubeObject | undefined;
  role(namespace: string, name: string): KubeObject | undefined;
  /**
   * A number that changes whenever any Role, ClusterRole or binding changes (e.g. the sum of the four
   * watch caches' revisions, which only grow). With it the authorizer caches each user's rules per
   * namespace until the next change; without it every request walks the bindings.
   */
  revision?(): number;
}

/** Cached rule sets kept at most (users × namespaces); the cache starts over beyond that. */
const MAX_CACHED = 10_000;

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

function subjectMatches(s: Subject, u: UserInfo): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === u.username;
    case 'Group':
      return u.groups.includes(s.name);
    case 'ServiceAccount':
      return u.username === `system:serviceaccount:${s.namespace ?? ''}:${s.name}`;
    default:
      return false;
  }
}

function has(list: string[] | undefined, v: string): boolean {
  return !!list && (list.includes('*') || list.includes(v));
}

export function ruleAllows(r: PolicyRule, a: AuthzAttributes): boolean {
  if (!has(r.verbs, a.verb)) return false;
  if (!a.resourceRequest) {
    return !!r.nonResourceURLs?.some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))));
  }
  if (!has(r.apiGroups, a.apiGroup)) return false;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resOk = !!r.resources?.some((x) => x === '*' || x === res || (a.subresource && x === `*/${a.subresource}`) || (!a.subresource && x === a.resource));
  if (!resOk) return false;
  if (r.resourceNames?.length) return a.name !== '' && r.resourceNames.includes(a.name);
  return true;
}

function rulesOf(role: KubeObject | undefined): PolicyRule[] {
  return (role?.rules as PolicyRule[] | undefined) ?? [];
}

export class RbacAuthorizer {
  private cache = new Map<string, PolicyRule[]>();
  private cachedRevision = -1;

  constructor(private readonly src: RbacSource) {}

  /** Rules that apply to the user in a namespace (cluster-wide ones included); callers must not modify them. */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[] {
    if (!this.src.revision) return this.collect(user, namespace);
    const rev = this.src.revision();
    if (rev !== this.cachedRevision || this.cache.size >= MAX_CACHED) {
      this.cache.clear();
      this.cachedRevision = rev;
    }
    // Groups are part of the key: the same name may come with other groups (impersonation, reviews).
    const key = `${namespace}\0${user.username}\0${user.groups.join('\0')}`;
    let rules = this.cache.get(key);
    if (!rules) {
      rules = Object.freeze(this.collect(user, namespace)) as PolicyRule[];
      this.cache.set(key, rules);
    }
    return rules;
  }

  private collect(user: UserInfo, namespace: string): PolicyRule[] {
    const out: PolicyRule[] = [];
    for (const b of this.src.clusterRoleBindings()) {
      if (!((b.subjects as Subject[] | undefined) ?? []).some((s) => subjectMatches(s, user))) continue;
      const ref = b.roleRef as { kind: string; name: string };
      out.push(...rulesOf(this.src.clusterRole(ref.name)));
    }
    if (namespace) {
      for (const b of this.src.roleBindings(namespace)) {
        if (!((b.subjects as Subject[] | undefined) ?? []).some((s) => subjectMatches(s, user))) continue;
        const ref = b.roleRef as { kind: string; name: string };
        out.push(...rulesOf(ref.kind === 'ClusterRole' ? this.src.clusterRole(ref.name) : this.src.role(namespace, ref.name)));
      }
    }
    return out;
  }

  authorize(a: AuthzAttributes): Decision {
    if (a.user.groups.includes('system:masters')) return { allowed: true, reason: '' };
    for (const r of this.rulesFor(a.user, a.namespace)) if (ruleAllows(r, a)) return { allowed: true, reason: 'RBAC: allowed by rule' };
    return { allowed: false, reason: '' };
  }
}

/** Upstream's wording of a denial, the part after `<resource> "<name>" is forbidden: `. */
export function forbiddenMessage(a: AuthzAttributes): string {
  if (!a.resourceRequest) return `User "${a.user.username}" cannot ${a.verb} path "${a.path}"`;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? ` in the namespace "${a.namespace}"` : ' at the cluster scope';
  return `User "${a.user.username}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}"${scope}`;
}
