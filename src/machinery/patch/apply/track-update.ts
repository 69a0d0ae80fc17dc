// Field management for writes that are not applies (create, update, JSON/merge/strategic patch):
// upstream's FieldManager.Update. The writer's Update entry gains the fields it added or changed,
// other managers lose fields it changed or removed, entries left empty are dropped.

import { deepEqual, isObject, type JsonObject, type JsonValue } from '../json.js';
import { decodeManagedFields, emptyManaged, encodeManagedFields, type Managed } from './managed-fields.js';
import { managedFieldsOf, recordUpdate, setManagedFields, withoutManagedFields, zeroObject, type FieldManagerOptions } from './pipeline.js';

export interface TrackResult {
  /** `newObj` with metadata.managedFields updated. */
  object: JsonObject;
  managedFields: JsonObject[] | undefined;
}

function tryDecode(v: JsonValue | undefined): Managed | undefined {
  try {
    return decodeManagedFields(v);
  } catch {
    return undefined;
  }
}

/** An explicitly empty list (or one empty entry) asks to reset managed fields. */
function isReset(v: JsonValue | undefined): boolean {
  if (!Array.isArray(v)) return false;
  return v.length === 0 || (v.length === 1 && deepEqual(v[0], {}));
}

/** The managed fields to start from: the request's (so clients can edit them) unless absent or invalid. */
function liveOrNew(live: JsonObject | null, newObj: JsonObject, isSubresource: boolean): Managed {
  const fromLive = () => tryDecode(managedFieldsOf(live)) ?? emptyManaged();
  if (isSubresource) return fromLive();
  const requested = managedFieldsOf(newObj);
  if (isReset(requested)) return emptyManaged();
  const m = tryDecode(requested);
  return m && m.sets.size > 0 ? m : fromLive();
}

function hasUid(obj: JsonObject | null): boolean {
  return !!obj && isObject(obj.metadata) && typeof obj.metadata.uid === 'string' && obj.metadata.uid !== '';
}

/**
 * Update managedFields for a non-apply write of `newObj` over `oldObj` (null for a create) by
 * `opts.manager`. Objects that exist but carry no managedFields stay untracked, as upstream. Never
 * fails: if the objects cannot be compared (e.g. a list-map element without its key), the live
 * object's managedFields are kept, as upstream's UpdateNoErrors does.
 */
export function trackUpdate(oldObj: JsonObject | null, newObj: JsonObject, opts: FieldManagerOptions): TrackResult {
  const managed = liveOrNew(oldObj, newObj, !!opts.subresource);
  const object = withoutManagedFields(newObj);
  if (managed.sets.size === 0 && hasUid(oldObj)) return { object, managedFields: undefined };
  const live = oldObj ? withoutManagedFields(oldObj) : zeroObject(newObj, opts.meta);
  let managedFields: JsonObject[] | undefined;
  try {
    managedFields = encodeManagedFields(recordUpdate(live, object, managed, opts.manager, opts));
  } catch {
    const kept = managedFieldsOf(oldObj);
    managedFields = Array.isArray(kept) ? (structuredClone(kept) as JsonObject[]) : undefined;
  }
  setManagedFields(object, managedFields);
  return { object, managedFields };
}
