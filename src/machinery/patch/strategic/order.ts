// Element order of merged lists. Upstream's rule (the "preserve order" design): items named by the
// patch keep the patch's order ($setElementOrder takes precedence over the patch list), items only
// the server has keep their relative order, and a server-only item is placed before a patch item
// when it came before that item in the live list.

import { isObject, type JsonObject, type JsonValue } from '../json.js';
import { DELETE, DIRECTIVE_MARKER, smpErrors } from './directives.js';

/** The value an item is matched by: its merge key for maps (missing → null), itself otherwise. */
function matchValue(item: JsonValue | undefined, mergeKey: string, isMap: boolean): JsonValue | undefined {
  if (!isMap) return item;
  if (!isObject(item)) return null;
  return Object.hasOwn(item, mergeKey) ? item[mergeKey] : null;
}

export function indexOfItem(list: readonly JsonValue[], item: JsonValue, mergeKey: string, isMap: boolean): number {
  const want = matchValue(item, mergeKey, isMap);
  return list.findIndex((v) => matchValue(v, mergeKey, isMap) === want);
}

function validateMergeKeyInLists(mergeKey: string, ...lists: (readonly JsonValue[])[]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw smpErrors.badArgType('map', item);
      if (!Object.hasOwn(item, mergeKey)) throw smpErrors.noMergeKey(item, mergeKey);
    }
  }
}

/** Split a patch list of maps into the items to keep and those marked `$patch: delete`. */
export function extractToDeleteItems(list: readonly JsonValue[]): { keep: JsonObject[]; toDelete: JsonObject[] } {
  const keep: JsonObject[] = [];
  const toDelete: JsonObject[] = [];
  for (const v of list) {
    if (!isObject(v)) throw smpErrors.badArgType('map', v);
    if (v[DIRECTIVE_MARKER] === DELETE) toDelete.push(v);
    else keep.push(v);
  }
  return { keep, toDelete };
}

/** Sort `toSort` by the position of each item in `order` (a stable sort). */
function normalizeSliceOrder(toSort: JsonValue[], order: readonly JsonValue[], mergeKey: string, isMap: boolean): JsonValue[] {
  let items = toSort;
  let toDelete: JsonValue[] = [];
  if (isMap) {
    validateMergeKeyInLists(mergeKey, toSort, order);
    const split = extractToDeleteItems(toSort);
    items = split.keep;
    toDelete = split.toDelete;
  }
  const pos = (v: JsonValue) => indexOfItem(order, v, mergeKey, isMap);
  const sorted = [...items].sort((a, b) => {
    const ia = pos(a);
    const ib = pos(b);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  });
  return [...sorted, ...toDelete];
}

/**
 * Merge two sorted, disjoint lists: `left` (server-only items) is woven into `right` (patch items);
 * a left item goes first only when both are in `serverOrder` and it came first there.
 */
function mergeSortedSlice(left: JsonValue[], right: JsonValue[], serverOrder: readonly JsonValue[], mergeKey: string, isMap: boolean): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++] as JsonValue);
    else if (j >= right.length) out.push(left[i++] as JsonValue);
    else {
      const li = indexOfItem(serverOrder, left[i] as JsonValue, mergeKey, isMap);
      const ri = indexOfItem(serverOrder, right[j] as JsonValue, mergeKey, isMap);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++] as JsonValue);
      else out.push(right[j++] as JsonValue);
    }
  }
  return out;
}

/** Sort patch items by `patchOrder`, server-only items by `serverOrder`, then weave them together. */
export function normalizeElementOrder(opts: {
  patch: JsonValue[];
  serverOnly: JsonValue[];
  patchOrder: readonly JsonValue[];
  serverOrder: readonly JsonValue[];
  mergeKey: string;
  isMap: boolean;
}): JsonValue[] {
  const { mergeKey, isMap } = opts;
  const patch = normalizeSliceOrder(opts.patch, opts.patchOrder, mergeKey, isMap);
  const serverOnly = normalizeSliceOrder(opts.serverOnly, opts.serverOrder, mergeKey, isMap);
  return mergeSortedSlice(serverOnly, patch, opts.serverOrder, mergeKey, isMap);
}

/** The first map in `list` whose `key` equals `value`. */
export function findMapByKey(list: readonly JsonValue[], key: string, value: JsonValue | undefined): { map: JsonObject; index: number } | undefined {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isObject(v)) throw smpErrors.other(`value for key ${i} is not a map`);
    if (Object.hasOwn(v, key) && v[key] === value) return { map: v, index: i };
  }
  return undefined;
}

/** Items of `merged` present in `partitionBy` (by value, or by merge key for maps), and the others. */
export function partitionByPresence(
  merged: readonly JsonValue[],
  partitionBy: readonly JsonValue[],
  mergeKey: string,
): { patch: JsonValue[]; serverOnly: JsonValue[] } {
  const patch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  if (!mergeKey) {
    const present = new Set(partitionBy);
    for (const v of merged) (present.has(v) ? patch : serverOnly).push(v);
    return { patch, serverOnly };
  }
  for (const v of merged) {
    if (!isObject(v)) throw smpErrors.badArgType('map', v);
    if (!Object.hasOwn(v, mergeKey)) throw smpErrors.noMergeKey(v, mergeKey);
    (findMapByKey(partitionBy, mergeKey, v[mergeKey]) ? patch : serverOnly).push(v);
  }
  return { patch, serverOnly };
}
