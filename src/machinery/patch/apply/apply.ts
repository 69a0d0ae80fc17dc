// Server-side apply (application/apply-patch+yaml): upstream's FieldManager.Apply with its chain —
// version check, last-applied annotation handling for "kubectl", "before-first-apply" ownership of
// objects nobody tracked yet, the structured merge, timestamps and managedFields encoding.

import { patchErrors } from '../errors.js';
import { isObject, type JsonObject } from '../json.js';
import { conflictError } from './conflict.js';
import { allowedConflictsFromLastApplied, buildLastApplied, hasLastApplied, setLastApplied } from './last-applied.js';
import { cloneManaged, decodeManagedFields, emptyManaged, encodeManagedFields, managerId, type Managed } from './managed-fields.js';
import {
  ignoreSet,
  managedFieldsOf,
  nowString,
  recordUpdate,
  setManagedFields,
  stripMeta,
  withoutManagedFields,
  zeroObject,
  type FieldManagerOptions,
} from './pipeline.js';
import { dropNulls } from './remove.js';
import { toFieldSet } from './to-field-set.js';
import { TypedError } from './typed.js';
import { ApplyConflicts, applyManaged, type Conflict } from './updater.js';

export interface ApplyOptions extends FieldManagerOptions {
  /** ?force=true: take ownership of conflicting fields instead of failing. */
  force?: boolean;
  /** The kind the request is for; when given, the applied object's kind must match. */
  kind?: string;
}

export interface ApplyResult {
  /** The object to store, with metadata.managedFields set. */
  object: JsonObject;
  /** The encoded metadata.managedFields (undefined when empty). */
  managedFields: JsonObject[] | undefined;
  /** False when the apply changed no field value (ownership may still have changed). */
  changed: boolean;
}

function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = av.indexOf('/');
  const [group, version] = slash < 0 ? ['', av] : [av.slice(0, slash), av.slice(slash + 1)];
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

function describe(obj: JsonObject): string {
  const md = isObject(obj.metadata) ? obj.metadata : {};
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return `${s(md.namespace)}/${s(md.name)}; ${gvkString(obj.apiVersion, obj.kind)}`;
}

function validate(obj: JsonObject, opts: ApplyOptions, what: 'patch' | 'live'): void {
  try {
    toFieldSet(obj, opts.meta, { allowDuplicates: what === 'live' });
  } catch (err) {
    if (err instanceof TypedError) throw patchErrors.internal(`failed to create typed ${what} object (${describe(obj)}): ${err.message}`);
    throw err;
  }
}

/** One pass of the inner chain: before-first-apply, then the structured apply as `manager`. */
function attempt(live: JsonObject, applied: JsonObject, decoded: Managed, opts: ApplyOptions, force: boolean): { object: JsonObject; managed: Managed; changed: boolean } {
  let managed = cloneManaged(decoded);
  let liveObj = live;
  if (managed.sets.size === 0) {
    managed = recordUpdate(zeroObject(liveObj, opts.meta), liveObj, managed, 'before-first-apply', opts);
  }
  const id = managerId({ manager: opts.manager || 'unknown', operation: 'Apply', subresource: opts.subresource });
  const r = applyManaged(liveObj, applied, {
    meta: opts.meta,
    ignore: ignoreSet(opts),
    managers: managed.sets,
    manager: id,
    apiVersion: opts.apiVersion,
    force,
  });
  managed = { sets: r.managers, times: managed.times };
  stripMeta(managed, id);
  if (r.object) {
    managed.times.set(id, nowString(opts));
    liveObj = dropNulls(r.object) as JsonObject;
  } else liveObj = structuredClone(liveObj);
  return { object: liveObj, managed, changed: r.object !== null };
}

function withLastAppliedAllowance(live: JsonObject, applied: JsonObject, decoded: Managed, opts: ApplyOptions) {
  try {
    return attempt(live, applied, decoded, opts, opts.force ?? false);
  } catch (err) {
    if (!(err instanceof ApplyConflicts) || opts.manager !== 'kubectl') throw err;
    const allowed = allowedConflictsFromLastApplied(live, { meta: opts.meta, apiVersion: opts.apiVersion });
    if (!allowed) throw err;
    const remaining: Conflict[] = err.conflicts.filter((c) => !allowed.has(c.path));
    if (remaining.length) throw new ApplyConflicts(remaining);
    return attempt(live, applied, decoded, opts, true);
  }
}

/**
 * Server-side apply of `applied` (the parsed request body) as `opts.manager`. `live` is the stored
 * object, or null to create it. Throws PatchError: 400 for a wrong apiVersion/kind or a body that
 * sets managedFields, 409 with FieldManagerConflict causes for conflicts (unless `force`), 500 for
 * an invalid configuration (duplicate list keys …) as upstream.
 */
export function apply(live: JsonObject | null, applied: JsonObject, opts: ApplyOptions): ApplyResult {
  if (applied.apiVersion !== opts.apiVersion || (opts.kind !== undefined && applied.kind !== opts.kind)) {
    throw patchErrors.badRequest(`invalid object type: ${gvkString(applied.apiVersion, applied.kind)}`);
  }
  let decoded: Managed;
  try {
    decoded = decodeManagedFields(managedFieldsOf(live));
  } catch (err) {
    throw patchErrors.internal(`failed to decode managed fields: ${(err as Error).message}`);
  }
  if (isObject(applied.metadata) && Object.hasOwn(applied.metadata, 'managedFields') && applied.metadata.managedFields !== null) {
    throw patchErrors.badRequest('metadata.managedFields must be nil');
  }
  const liveObj = live ? withoutManagedFields(live) : {};
  validate(applied, opts, 'patch');
  validate(liveObj, opts, 'live');

  let result: { object: JsonObject; managed: Managed; changed: boolean };
  try {
    result = withLastAppliedAllowance(liveObj, applied, live ? decoded : emptyManaged(), opts);
  } catch (err) {
    if (err instanceof ApplyConflicts) throw conflictError(err.conflicts);
    if (err instanceof TypedError) throw patchErrors.internal(`failed to merge config: ${err.message}`);
    throw err;
  }
  const { object } = result;
  let changed = result.changed;
  if (opts.manager === 'kubectl' && hasLastApplied(object)) {
    const before = JSON.stringify(object.metadata);
    setLastApplied(object, buildLastApplied(applied));
    changed ||= JSON.stringify(object.metadata) !== before;
  }
  const managedFields = encodeManagedFields(result.managed);
  setManagedFields(object, managedFields);
  return { object, managedFields, changed };
}
