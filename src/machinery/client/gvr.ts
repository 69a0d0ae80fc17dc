// Naming a resource: group, version and plural (client-go's GroupVersionResource), and the URL paths
// built from it.

import { RESOURCES } from '../../api/resources.js';

export interface GroupVersionResource {
  group: string;
  version: string;
  /** The URL name: pods, deployments … */
  resource: string;
  /** Namespaced or cluster-scoped; looked up in the resource catalogue when not given. */
  namespaced?: boolean;
}

/** Any of: a GroupVersionResource, a catalogue entry ({group, version, plural}), or "pods" / "deployments.apps". */
export type ResourceRef = GroupVersionResource | { group: string; version: string; plural: string; namespaced?: boolean } | string;

/** Resolves a reference, filling `namespaced` from the catalogue when it knows the resource. */
export function toGVR(ref: ResourceRef): GroupVersionResource {
  if (typeof ref === 'string') {
    const dot = ref.indexOf('.');
    const plural = dot < 0 ? ref : ref.slice(0, dot);
    const group = dot < 0 ? '' : ref.slice(dot + 1);
    const def = RESOURCES.find((d) => d.group === group && d.plural === plural);
    if (!def) throw new Error(`unknown resource "${ref}" (use {group, version, resource} for resources outside the catalogue)`);
    return { group, version: def.version, resource: plural, namespaced: def.namespaced };
  }
  const resource = 'resource' in ref ? ref.resource : ref.plural;
  const out: GroupVersionResource = { group: ref.group, version: ref.version, resource };
  if (ref.namespaced !== undefined) out.namespaced = ref.namespaced;
  else {
    const def = RESOURCES.find((d) => d.group === ref.group && d.plural === resource);
    if (def) out.namespaced = def.namespaced;
  }
  return out;
}

export function gvrString(g: GroupVersionResource): string {
  return g.group ? `${g.resource}.${g.version}.${g.group}` : `${g.resource}.${g.version}`;
}

/** The kind a resource's objects have, when the catalogue knows it. */
export function kindOf(g: GroupVersionResource): string | undefined {
  return RESOURCES.find((d) => d.group === g.group && d.plural === g.resource)?.kind;
}

export function apiVersionOf(g: { group: string; version: string }): string {
  return g.group ? `${g.group}/${g.version}` : g.version;
}

/** /api/v1[/namespaces/ns]/plural[/name[/sub]] */
export function resourcePath(g: GroupVersionResource, o: { namespace?: string; name?: string; subresource?: string }): string {
  let p = g.group ? `/apis/${g.group}/${g.version}` : `/api/${g.version}`;
  if (o.namespace) p += `/namespaces/${encodeURIComponent(o.namespace)}`;
  p += `/${g.resource}`;
  if (o.name !== undefined) {
    if (o.name === '') throw new Error(`resource name may not be empty (${gvrString(g)})`);
    p += `/${encodeURIComponent(o.name)}`;
  }
  if (o.subresource) p += `/${o.subresource}`;
  return p;
}
