// ControllerRevisions (apps/v1): snapshots of a workload's pod template that DaemonSets and
// StatefulSets keep as their history, which `kubectl rollout history/undo` reads. As upstream's
// pkg/controller/history: the data is a strategic merge patch replacing spec.template, the name is
// `<parent>-<hash>`, and the revision number orders them.

import type { KubeObject, OwnerReference } from '../../api/types.js';
import { goJSON } from './gojson.js';
import { fnv32, safeEncodeString } from './hash.js';

/** The label a revision carries with its hash (upstream's ControllerRevisionHashLabel). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision?: number;
}

/** `{"spec":{"template":{…,"$patch":"replace"}}}` in Go's JSON encoding, from a workload object. */
export function templatePatch(obj: KubeObject): string {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const template = structuredClone((spec.template ?? {}) as Record<string, unknown>);
  template.$patch = 'replace';
  return goJSON({ spec: { template } });
}

/** A revision's data in the same encoding (it arrives from the server as a decoded object). */
export function revisionData(r: ControllerRevision): string {
  return typeof r.data === 'string' ? r.data : goJSON(r.data ?? null);
}

/** The pod template a revision restores (the patch's spec.template without the directive). */
export function templateOfRevision(r: ControllerRevision): Record<string, unknown> {
  const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as { spec?: { template?: Record<string, unknown> } } | undefined;
  const t = structuredClone(data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}

/** upstream's HashControllerRevision: FNV-1 of the data bytes, then of the collision count. */
export function hashControllerRevision(data: string, collisionCount?: number): string {
  const parts: string[] = [data];
  if (collisionCount !== undefined) parts.push(String(collisionCount));
  return safeEncodeString(String(fnv32(...parts)));
}

/** `<prefix>-<hash>`, the prefix cut to 223 characters so the name stays a valid DNS subdomain. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

export interface NewRevisionOptions {
  parent: KubeObject;
  controllerRef: OwnerReference;
  templateLabels: Record<string, string> | undefined;
  data: string;
  revision: number;
  collisionCount: number;
}

/** upstream's NewControllerRevision: labels from the template plus the hash label, named by hash. */
export function newControllerRevision(o: NewRevisionOptions): ControllerRevision {
  const hash = hashControllerRevision(o.data, o.collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(o.parent.metadata.name ?? '', hash),
      namespace: o.parent.metadata.namespace,
      labels: { ...(o.templateLabels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [o.controllerRef],
    },
    data: JSON.parse(o.data) as unknown,
    revision: o.revision,
  };
}

/** Same hash label (when both have one) and the same data. */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (!a || !b) return a === b;
  const ha = a.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const hb = b.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return revisionData(a) === revisionData(b);
}

export function findEqualRevisions(revisions: ControllerRevision[], needle: ControllerRevision): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** By revision number, then creation time, then name (upstream's SortControllerRevisions). */
export function sortRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.sort((a, b) => {
    const d = (a.revision ?? 0) - (b.revision ?? 0);
    if (d !== 0) return d;
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
}

/** One more than the highest revision number (1 for an empty history). */
export function nextRevision(revisions: ControllerRevision[]): number {
  let max = 0;
  for (const r of revisions) max = Math.max(max, r.revision ?? 0);
  return max + 1;
}
