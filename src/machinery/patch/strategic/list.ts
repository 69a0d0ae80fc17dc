// Merging lists: lists with the "merge" strategy merge their elements (maps by merge key, scalars as
// a set), honour `$patch: delete|replace` elements and `$deleteFromPrimitiveList`; other lists are
// replaced by the patch.

import { goFormat, goTypeName, type JsonObject, type JsonValue } from '../json.js';
import type { PatchMeta } from '../meta.js';
import { cleanCopied, DELETE, DIRECTIVE_MARKER, MERGE, REPLACE, smpErrors } from './directives.js';
import { mergeMap } from './map.js';
import { findMapByKey, normalizeElementOrder, partitionByPresence } from './order.js';

/** The common element type of the given lists: whether it is a map (lists of lists are refused). */
export function sliceElementIsMap(...lists: (readonly JsonValue[])[]): boolean {
  let first: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = goTypeName(v);
      if (first === undefined) {
        first = t;
        if (Array.isArray(v)) throw smpErrors.noListOfLists();
      } else if (t !== first) {
        throw smpErrors.other(`list element types are not identical: ${goFormat(lists as JsonValue[])}`);
      }
    }
  }
  if (first === undefined) throw smpErrors.other('no elements in any of the given slices');
  return first === 'map[string]interface {}';
}

function deleteMatchingEntries(original: JsonValue[], mergeKey: string, value: JsonValue | undefined): JsonValue[] {
  let out = original;
  for (let found = findMapByKey(out, mergeKey, value); found; found = findMapByKey(out, mergeKey, value)) {
    out = [...out.slice(0, found.index), ...out.slice(found.index + 1)];
  }
  return out;
}

/** Apply `$patch` elements of a patch list of maps; returns the new original and the plain patch items. */
function mergeSliceWithSpecialElements(original: JsonValue[], patch: JsonObject[], mergeKey: string): { original: JsonValue[]; patch: JsonObject[] } {
  const plain: JsonObject[] = [];
  let replace = false;
  let cur = original;
  for (const v of patch) {
    if (!Object.hasOwn(v, DIRECTIVE_MARKER)) {
      plain.push(v);
      continue;
    }
    const directive = v[DIRECTIVE_MARKER];
    if (directive === DELETE) {
      if (!Object.hasOwn(v, mergeKey)) throw smpErrors.noMergeKey(v, mergeKey);
      cur = deleteMatchingEntries(cur, mergeKey, v[mergeKey]);
    } else if (directive === REPLACE) {
      replace = true;
    } else if (directive === MERGE) {
      throw smpErrors.other('merging lists cannot yet be specified in the patch');
    } else {
      throw smpErrors.badPatchType(directive, v);
    }
  }
  return replace ? { original: plain, patch: [] } : { original: cur, patch: plain };
}

function mergeSliceWithoutSpecialElements(original: JsonValue[], patch: JsonObject[], mergeKey: string, meta: PatchMeta): JsonValue[] {
  const out = [...original];
  for (const v of patch) {
    if (!Object.hasOwn(v, mergeKey)) throw smpErrors.noMergeKey(v, mergeKey);
    const found = findMapByKey(out, mergeKey, v[mergeKey]);
    if (found) out[found.index] = mergeMap(found.map, v, meta);
    else out.push(cleanCopied(v));
  }
  return out;
}

function deleteFromSlice(current: JsonValue[], toDelete: JsonValue[]): JsonValue[] {
  const del = new Set(toDelete);
  return current.filter((v) => !del.has(v));
}

function dedupeScalars(list: JsonValue[]): JsonValue[] {
  return [...new Set(list)];
}

/** Merge a patch list into an original list with the merge strategy (or apply a deletion list). */
export function mergeSlice(original: JsonValue[], patch: JsonValue[], opts: { meta: PatchMeta; mergeKey: string; isDeleteList: boolean }): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const isMap = sliceElementIsMap(original, patch);
  const { mergeKey } = opts;
  let merged: JsonValue[];
  let serverOrder = original;
  let patchItems: JsonValue[] = patch;
  if (!isMap) {
    if (opts.isDeleteList) return deleteFromSlice(original, patch);
    merged = dedupeScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw smpErrors.other(`cannot merge lists without merge key for ${opts.meta.name}`);
    const special = mergeSliceWithSpecialElements(original, patch as JsonObject[], mergeKey);
    serverOrder = special.original;
    patchItems = special.patch;
    merged = mergeSliceWithoutSpecialElements(special.original, special.patch, mergeKey, opts.meta);
  }
  const parts = partitionByPresence(merged, patchItems, mergeKey);
  return normalizeElementOrder({ patch: parts.patch, serverOnly: parts.serverOnly, patchOrder: patchItems, serverOrder, mergeKey, isMap });
}

/** Merge `patch` into `original` for a list field with the given (non-retainKeys) strategy. */
export function mergeSliceHandler(
  original: JsonValue | undefined,
  patch: JsonValue | undefined,
  opts: { meta: PatchMeta; strategy: string; mergeKey: string; isDeleteList: boolean },
): JsonValue[] {
  if (!Array.isArray(original)) throw smpErrors.badArgType('slice', original);
  if (!Array.isArray(patch)) throw smpErrors.badArgType('slice', patch);
  if (opts.strategy === MERGE || opts.isDeleteList) {
    return mergeSlice(original, patch, { meta: opts.meta, mergeKey: opts.mergeKey, isDeleteList: opts.isDeleteList });
  }
  return cleanCopied(patch) as JsonValue[];
}
