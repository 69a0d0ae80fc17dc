// Interplay with client-side apply's last-applied-configuration annotation, for the manager
// "kubectl" only, as upstream: when `kubectl apply --server-side` takes over an object that was
// applied client-side, conflicts on fields whose live value still matches the annotation are allowed;
// and after such an apply the annotation (if present) is rewritten to the new configuration.

import type { FieldSet } from '../fieldpath/set.js';
import { goJsonMarshal, isObject, type JsonObject } from '../json.js';
import type { PatchMeta } from '../meta.js';
import { compare } from './compare.js';
import { toFieldSet } from './to-field-set.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * (1 << 10);

function annotations(obj: JsonObject): JsonObject | undefined {
  const md = obj.metadata;
  if (!isObject(md) || !isObject(md.annotations)) return undefined;
  return md.annotations;
}

export function hasLastApplied(obj: JsonObject): boolean {
  const v = annotations(obj)?.[LAST_APPLIED_ANNOTATION];
  return typeof v === 'string' && v.length > 0;
}

/** Fields the annotation claims and the live object still has as claimed; undefined when unusable. */
export function allowedConflictsFromLastApplied(live: JsonObject, opts: { meta: PatchMeta; apiVersion: string }): FieldSet | undefined {
  const raw = annotations(live)?.[LAST_APPLIED_ANNOTATION];
  if (typeof raw !== 'string' || raw === '') return undefined;
  let last: unknown;
  try {
    last = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(last) || last.apiVersion !== opts.apiVersion) return undefined;
  try {
    const set = toFieldSet(last, opts.meta, { allowDuplicates: false });
    const cmp = compare(last, live, opts.meta);
    return set.difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
  } catch {
    return undefined;
  }
}

/** The annotation value for an applied configuration: its JSON (keys sorted) without the annotation. */
export function buildLastApplied(applied: JsonObject): string {
  const copy = structuredClone(applied);
  const md = copy.metadata;
  if (isObject(md) && isObject(md.annotations)) delete md.annotations[LAST_APPLIED_ANNOTATION];
  return `${goJsonMarshal(copy)}\n`;
}

/** Set the annotation on `obj` (in place), unless that would make the annotations too large. */
export function setLastApplied(obj: JsonObject, value: string): void {
  if (!isObject(obj.metadata)) obj.metadata = {};
  const md = obj.metadata as JsonObject;
  if (!isObject(md.annotations)) md.annotations = {};
  const ann = md.annotations as JsonObject;
  ann[LAST_APPLIED_ANNOTATION] = value;
  let size = 0;
  for (const [k, v] of Object.entries(ann)) size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) delete ann[LAST_APPLIED_ANNOTATION];
}
