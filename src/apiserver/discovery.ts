// API discovery: the legacy documents (/api, /apis, /api/v1, /apis/<group>[/<version>]) and the
// aggregated discovery v2 documents that kubectl ≥ 1.30 asks for with its Accept header.

import { GROUP_ORDER, groupVersions, type ResourceDef } from '../api/resources.js';

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const AGGREGATED_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Which aggregated discovery version the Accept header asks for, if any (first acceptable wins). */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | null {
  if (!accept) return null;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    if (type !== 'application/json') continue;
    const p = new Map(params.map((x) => x.split('=').map((s) => s.trim()) as [string, string]));
    if (p.get('g') === 'apidiscovery.k8s.io' && p.get('as') === 'APIGroupDiscoveryList') {
      const v = p.get('v');
      if (v === 'v2' || v === 'v2beta1') return v;
    }
    if (p.size === 0 || (p.size === 1 && p.has('q'))) return null; // plain JSON preferred first
  }
  return null;
}

export function aggregatedContentType(v: 'v2' | 'v2beta1'): string {
  return v === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2BETA1;
}

export class Discovery {
  private readonly byGroup = new Map<string, ResourceDef[]>();

  constructor(private readonly resources: ResourceDef[]) {
    for (const r of resources) {
      const list = this.byGroup.get(r.group) ?? [];
      list.push(r);
      this.byGroup.set(r.group, list);
    }
  }

  groups(): string[] {
    const known = GROUP_ORDER.filter((g) => this.byGroup.has(g));
    const extra = [...this.byGroup.keys()].filter((g) => !GROUP_ORDER.includes(g)).sort();
    return [...known, ...extra];
  }

  versions(group: string): string[] {
    const all = groupVersions(group);
    return all.filter((v) => this.resources.some((r) => r.group === group && r.version === v));
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.versions(group).includes(version);
  }

  apiVersions(serverAddress: string): unknown {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  }

  private group(name: string): { name: string; versions: Array<{ groupVersion: string; version: string }>; preferredVersion: { groupVersion: string; version: string } } {
    const versions = this.versions(name).map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
    return { name, versions, preferredVersion: versions[0]! };
  }

  apiGroupList(): unknown {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups().filter((g) => g !== '').map((g) => this.group(g)) };
  }

  apiGroup(name: string): unknown {
    return { kind: 'APIGroup', apiVersion: 'v1', ...this.group(name) };
  }

  resourceList(group: string, version: string): unknown {
    const resources: unknown[] = [];
    for (const r of this.byGroup.get(group) ?? []) {
      if (r.version !== version) continue;
      const entry: Record<string, unknown> = {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
      };
      if (r.shortNames) entry.shortNames = r.shortNames;
      if (r.categories) entry.categories = r.categories;
      resources.push(entry);
      for (const s of r.subresources ?? []) {
        const sub: Record<string, unknown> = { name: `${r.plural}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind.kind, verbs: s.verbs };
        if (s.kind.group !== group || s.kind.version !== version) {
          sub.group = s.kind.group;
          sub.version = s.kind.version;
        }
        resources.push(sub);
      }
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
  }

  /** Aggregated discovery: /api (core only) or /apis (every named group). */
  aggregated(core: boolean, v: 'v2' | 'v2beta1'): unknown {
    const groups = core ? [''] : this.groups().filter((g) => g !== '');
    return {
      kind: 'APIGroupDiscoveryList',
      apiVersion: `apidiscovery.k8s.io/${v}`,
      metadata: {},
      items: groups.map((g) => ({
        metadata: g ? { name: g, creationTimestamp: null } : { creationTimestamp: null },
        versions: this.versions(g).map((ver) => ({
          version: ver,
          resources: (this.byGroup.get(g) ?? []).filter((r) => r.version === ver).map((r) => this.aggregatedResource(r)),
          freshness: 'Current',
        })),
      })),
    };
  }

  private aggregatedResource(r: ResourceDef): unknown {
    const out: Record<string, unknown> = {
      resource: r.plural,
      responseKind: { group: r.group, version: r.version, kind: r.kind },
      scope: r.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: r.singular,
      verbs: r.verbs,
    };
    if (r.shortNames) out.shortNames = r.shortNames;
    if (r.categories) out.categories = r.categories;
    if (r.subresources?.length)
      out.subresources = r.subresources.map((s) => ({ subresource: s.name, responseKind: s.kind, verbs: s.verbs }));
    return out;
  }
}
