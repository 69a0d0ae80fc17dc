// Field ownership bookkeeping (structured-merge-diff's merge.Updater): who owns which fields after
// an apply or an update, conflicts with other managers, and pruning of fields an applier stopped
// applying. All managers are taken to use one schema (kts serves one version per type, so no
// conversion between API versions happens here).

import type { Path } from '../fieldpath/element.js';
import { FieldSet } from '../fieldpath/set.js';
import { deepEqual, type JsonObject } from '../json.js';
import type { PatchMeta } from '../meta.js';
import { compare, type Comparison } from './compare.js';
import { mergeApplied } from './merge.js';
import { removeItems } from './remove.js';
import { ensureNamedFieldsAreMembers, toFieldSet } from './to-field-set.js';

export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/** Field sets by manager identifier. */
export type ManagedSets = Map<string, VersionedSet>;

export interface Conflict {
  /** The manager identifier. */
  manager: string;
  path: Path;
}

/** Thrown when an apply would change fields other managers own. */
export class ApplyConflicts extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(`${conflicts.length} apply conflict(s)`);
  }
}

export interface UpdaterOptions {
  meta: PatchMeta;
  /** Fields never tracked (reset fields); anything at or below a member is ignored. */
  ignore?: FieldSet;
}

const filter = (set: FieldSet, ignore: FieldSet | undefined) => (ignore ? set.recursiveDifference(ignore) : set);

function compareFiltered(oldObj: JsonObject, newObj: JsonObject, opts: UpdaterOptions): Comparison {
  const c = compare(oldObj, newObj, opts.meta);
  return { added: filter(c.added, opts.ignore), modified: filter(c.modified, opts.ignore), removed: filter(c.removed, opts.ignore) };
}

/** Take changed fields away from other managers; conflicts throw unless `force`. */
function update(oldObj: JsonObject, newObj: JsonObject, managers: ManagedSets, workflow: string, force: boolean, opts: UpdaterOptions): Comparison {
  const cmp = compareFiltered(oldObj, newObj, opts);
  const changed = cmp.modified.union(cmp.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [m, vs] of managers) {
    if (m === workflow) continue;
    const c = vs.set.intersection(changed);
    if (!c.empty()) conflicts.set(m, c);
  }
  if (!force && conflicts.size) {
    const list: Conflict[] = [];
    for (const m of [...conflicts.keys()].sort()) for (const path of (conflicts.get(m) as FieldSet).paths()) list.push({ manager: m, path });
    throw new ApplyConflicts(list);
  }
  for (const [m, c] of conflicts) {
    const vs = managers.get(m) as VersionedSet;
    managers.set(m, { ...vs, set: vs.set.difference(c) });
  }
  if (!cmp.removed.empty()) {
    for (const [m, vs] of managers) if (m !== workflow) managers.set(m, { ...vs, set: vs.set.difference(cmp.removed) });
  }
  for (const [m, vs] of managers) if (vs.set.empty()) managers.delete(m);
  return cmp;
}

/** Record a non-apply write by `manager`: it now owns what it added or changed. */
export function updateManaged(
  liveObj: JsonObject,
  newObj: JsonObject,
  opts: UpdaterOptions & { managers: ManagedSets; manager: string; apiVersion: string },
): ManagedSets {
  const managers = new Map(opts.managers);
  const cmp = update(liveObj, newObj, managers, opts.manager, true, opts);
  const prev = managers.get(opts.manager)?.set ?? new FieldSet();
  const set = filter(prev.difference(cmp.removed).union(cmp.modified).union(cmp.added), opts.ignore);
  if (set.empty()) managers.delete(opts.manager);
  else managers.set(opts.manager, { set, apiVersion: opts.apiVersion, applied: false });
  return managers;
}

/**
 * Apply `config` as `manager`: merge it into the live object, make the manager own exactly what it
 * applied, prune what it applied before and no longer does (unless someone else owns it), and take
 * over (force) or report (conflicts) fields other managers own. `object` is null when nothing changed.
 */
export function applyManaged(
  liveObj: JsonObject,
  config: JsonObject,
  opts: UpdaterOptions & { managers: ManagedSets; manager: string; apiVersion: string; force: boolean },
): { object: JsonObject | null; managers: ManagedSets } {
  const { meta } = opts;
  const set = filter(toFieldSet(config, meta, { allowDuplicates: false }), opts.ignore);
  let merged = mergeApplied(liveObj, config, meta);
  const managers = new Map(opts.managers);
  const lastSet = managers.get(opts.manager);
  managers.set(opts.manager, { set, apiVersion: opts.apiVersion, applied: true });
  merged = prune(merged, managers, lastSet, meta);
  update(liveObj, merged, managers, opts.manager, opts.force, opts);
  return { object: deepEqual(liveObj, merged) ? null : merged, managers };
}

function prune(merged: JsonObject, managers: ManagedSets, lastSet: VersionedSet | undefined, meta: PatchMeta): JsonObject {
  if (!lastSet || lastSet.set.empty()) return merged;
  const named = (s: FieldSet) => ensureNamedFieldsAreMembers(s, meta);
  const fieldsOf = (o: JsonObject) => named(toFieldSet(o, meta, { allowDuplicates: true }));
  const last = named(lastSet.set);
  let pruned = removeItems(merged, last, meta);

  // Add back what anyone (the applier's new configuration included) owns.
  let managed = new FieldSet();
  for (const vs of managers.values()) managed = managed.union(vs.set);
  const mergedSet = fieldsOf(merged);
  pruned = removeItems(merged, mergedSet.difference(fieldsOf(pruned).union(named(managed))), meta);

  // Add back what the applier did not own before (unowned, or owned by updaters).
  return removeItems(merged, mergedSet.difference(fieldsOf(pruned)).intersection(last), meta);
}
