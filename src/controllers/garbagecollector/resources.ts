// Which resources the garbage collector watches, and how an owner reference's apiVersion/kind maps
// to a resource (upstream uses discovery and a REST mapper; kts serves a fixed catalogue).

import { RESOURCES, isVirtual } from '../../api/resources.js';
import { parseApiVersion } from '../../api/types.js';
import type { GroupVersionResource } from '../../machinery/client/index.js';

export interface MonitoredResource {
  gvr: GroupVersionResource;
  apiVersion: string;
  kind: string;
  namespaced: boolean;
}

/** Resources the garbage collector never tracks (upstream's default ignoredResources). */
export const IGNORED_RESOURCES = new Set(['/events', 'events.k8s.io/events']);

/** Every resource that can be listed, watched and deleted, in one version each. */
export function monitoredResources(): MonitoredResource[] {
  const seen = new Set<string>();
  const out: MonitoredResource[] = [];
  for (const d of RESOURCES) {
    const key = `${d.group}/${d.plural}`;
    if (IGNORED_RESOURCES.has(key) || seen.has(key) || isVirtual(d)) continue;
    if (!['list', 'watch', 'delete'].every((v) => d.verbs.includes(v as never))) continue;
    seen.add(key);
    out.push({
      gvr: { group: d.group, version: d.version, resource: d.plural, namespaced: d.namespaced },
      apiVersion: d.group ? `${d.group}/${d.version}` : d.version,
      kind: d.kind,
      namespaced: d.namespaced,
    });
  }
  return out;
}

/** The resource of an apiVersion/kind (the exact version, else another served version of the group). */
export function resolveKind(apiVersion: string, kind: string): { gvr: GroupVersionResource; namespaced: boolean } | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  const candidates = RESOURCES.filter((d) => d.group === group && d.kind === kind && !isVirtual(d));
  const d = candidates.find((c) => c.version === version) ?? candidates[0];
  if (!d) return undefined;
  return { gvr: { group: d.group, version: d.version, resource: d.plural, namespaced: d.namespaced }, namespaced: d.namespaced };
}
