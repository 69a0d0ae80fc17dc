// Steps shared by apply and update tracking, after upstream's field manager chain: stripping fields
// that are never owned, recording an update under its manager, capping the number of update
// managers, and reading/writing metadata.managedFields on objects.

import type { Path } from '../fieldpath/element.js';
import { FieldSet } from '../fieldpath/set.js';
import { isObject, type JsonObject, type JsonValue } from '../json.js';
import type { PatchMeta } from '../meta.js';
import { cloneManaged, formatTime, managerId, type Managed } from './managed-fields.js';
import { updateManaged } from './updater.js';

/** Options every field manager operation takes. */
export interface FieldManagerOptions {
  /** The field manager (?fieldManager=, or derived from the user agent). */
  manager: string;
  /** The group/version the request is served in: 'apps/v1', 'v1'. */
  apiVersion: string;
  /** Patch metadata of the object's type. */
  meta: PatchMeta;
  /** The subresource written through ('status', 'scale'), if any. */
  subresource?: string;
  /** Field paths never tracked for this resource or subresource (upstream's reset fields), e.g. [['status']]. */
  resetFields?: readonly (readonly string[])[];
  /** The clock (default: now). */
  now?: Date;
  /** How many Update entries to keep before merging the oldest (default 10). */
  maxUpdateManagers?: number;
}

const f = (name: string) => ({ field: name });

/** Fields no manager ever owns. */
const STRIP_SET = FieldSet.of(
  [f('apiVersion')],
  [f('kind')],
  [f('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(
    (n): Path => [f('metadata'), f(n)],
  ),
);

export function stripMeta(m: Managed, id: string): void {
  const vs = m.sets.get(id);
  if (!vs) return;
  const set = vs.set.difference(STRIP_SET);
  if (set.empty()) m.sets.delete(id);
  else m.sets.set(id, { ...vs, set });
}

export function ignoreSet(opts: FieldManagerOptions): FieldSet | undefined {
  if (!opts.resetFields?.length) return undefined;
  return FieldSet.of(...opts.resetFields.map((p) => p.map(f)));
}

export const nowString = (opts: FieldManagerOptions) => formatTime(opts.now ?? new Date());

/** A copy of `obj` without metadata.managedFields. */
/** The object without metadata.managedFields: a shallow copy (top level and metadata); nothing deeper is shared-and-mutated by callers. */
export function withoutManagedFields(obj: JsonObject): JsonObject {
  const copy: JsonObject = { ...obj };
  if (isObject(obj.metadata)) {
    const { managedFields: _mf, ...meta } = obj.metadata;
    copy.metadata = meta;
  }
  return copy;
}

export function managedFieldsOf(obj: JsonObject | null): JsonValue | undefined {
  return obj && isObject(obj.metadata) ? obj.metadata.managedFields : undefined;
}

/** Write `entries` into obj.metadata.managedFields (in place), removing the field when undefined. */
export function setManagedFields(obj: JsonObject, entries: JsonObject[] | undefined): void {
  if (entries === undefined) {
    if (isObject(obj.metadata)) delete obj.metadata.managedFields;
    return;
  }
  if (!isObject(obj.metadata)) obj.metadata = {};
  (obj.metadata as JsonObject).managedFields = entries;
}

const VALUE_STRUCT_FIELDS = new Set(['metadata', 'spec', 'status']);
/** Optional fields whose Go type is a struct value (not a pointer), so the zero object has them. */
const VALUE_STRUCT_TYPES = new Set([
  'apps.v1.DeploymentStrategy',
  'apps.v1.DaemonSetUpdateStrategy',
  'apps.v1.StatefulSetUpdateStrategy',
  'batch.v1.JobTemplateSpec',
  'core.v1.PodTemplateSpec',
  'core.v1.ResourceRequirements',
  'core.v1.VolumeResourceRequirements',
  'core.v1.LoadBalancerStatus',
  'core.v1.NodeDaemonEndpoints',
  'core.v1.DaemonEndpoint',
  'core.v1.NodeSystemInfo',
]);

/**
 * The live object upstream compares a create against: the Go zero value of the kind. Only its shape
 * matters here — it decides which containers a create "adds" (marked "." in FieldsV1). It has every
 * required (non-omitempty) field as a zero value, and metadata/spec/status and a few well-known
 * struct-valued (not pointer) fields as empty structs. Other optional struct values cannot be told
 * apart from pointers in the schema and are taken as absent.
 */
export function zeroObject(like: JsonObject, meta: PatchMeta): JsonObject {
  const zero: JsonObject = {};
  for (const [k, v] of Object.entries(like)) {
    const field = meta.lookup(k);
    const valueStruct = isObject(v) && (VALUE_STRUCT_FIELDS.has(k) || VALUE_STRUCT_TYPES.has(field.value.name));
    if (!field.declared || !(field.required || valueStruct)) continue;
    zero[k] = isObject(v) && !field.value.atomic ? zeroObject(v, field.value) : null;
  }
  return zero;
}

const SELF = 'current-operation';

/**
 * Record a non-apply change from `liveObj` to `newObj` made by `manager` (upstream's
 * managedFieldsUpdater over the structured merge manager): the entry gains what changed, and its
 * time moves only when it gained something.
 */
export function recordUpdate(liveObj: JsonObject, newObj: JsonObject, managed: Managed, manager: string, opts: FieldManagerOptions): Managed {
  const id = managerId({ manager: manager || 'unknown', operation: 'Update', apiVersion: opts.apiVersion, subresource: opts.subresource });
  const out = cloneManaged(managed);
  out.sets = updateManaged(withoutManagedFields(liveObj), withoutManagedFields(newObj), {
    meta: opts.meta,
    ignore: ignoreSet(opts),
    managers: out.sets,
    manager: SELF,
    apiVersion: opts.apiVersion,
  });
  stripMeta(out, SELF);
  const vs = out.sets.get(SELF);
  if (vs) {
    out.sets.delete(SELF);
    const prev = out.sets.get(id);
    out.sets.set(id, { set: prev ? vs.set.union(prev.set) : vs.set, apiVersion: vs.apiVersion, applied: false });
    out.times.set(id, nowString(opts));
  }
  capUpdateManagers(out, opts.maxUpdateManagers ?? 10);
  return out;
}

/** Merge the oldest Update entries into "ancient-changes" buckets (one per apiVersion) beyond the cap. */
export function capUpdateManagers(m: Managed, max: number): void {
  const updaters = [...m.sets.entries()].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  const secs = (id: string) => {
    const t = m.times.get(id);
    return t ? Math.floor(Date.parse(t) / 1000) : 0;
  };
  updaters.sort((a, b) => secs(a) - secs(b) || (a < b ? -1 : a > b ? 1 : 0));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i] as string;
    const vs = m.sets.get(id);
    if (!vs) continue;
    const bucket = managerId({ manager: 'ancient-changes', operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!m.sets.has(bucket)) {
      const s = m.sets.get(first);
      m.sets.delete(first);
      if (s) m.sets.set(bucket, s);
    }
    const b = m.sets.get(bucket);
    m.sets.set(bucket, { set: b ? vs.set.union(b.set) : vs.set, apiVersion: vs.apiVersion, applied: vs.applied });
    m.sets.delete(id);
    length--;
    m.times.set(bucket, m.times.get(id));
  }
}
