// The `$setElementOrder/<field>` directive: the list named is merged with its patch list (if any)
// and then ordered — items named in the directive first in its order, server-only items woven in
// by their live order.

import { goFormat, isObject, type JsonObject, type JsonValue } from '../json.js';
import type { PatchMeta } from '../meta.js';
import { containsDirectiveMarker, extractKey, removeDirectives, SET_ELEMENT_ORDER, smpErrors } from './directives.js';
import { mergeSliceHandler, sliceElementIsMap } from './list.js';
import { extractToDeleteItems, normalizeElementOrder, partitionByPresence } from './order.js';
import { extractRetainKeysPatchStrategy } from './retain-keys.js';

function mergeKeyValueEqual(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isObject(left)) throw smpErrors.badArgType('map', left);
  if (!isObject(right)) throw smpErrors.badArgType('map', right);
  if (!Object.hasOwn(left, mergeKey)) throw smpErrors.noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw smpErrors.noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/** The relative order of the patch list's items must match the directive's, and be a subset of it. */
function validatePatchWithSetOrderList(patchList: JsonValue[], setOrder: JsonValue[], mergeKey: string): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const nonDelete: JsonValue[] = mergeKey ? extractToDeleteItems(patchList).keep : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < setOrder.length) {
    if (containsDirectiveMarker(nonDelete[p])) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[p] as JsonValue, setOrder[s] as JsonValue, mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= setOrder.length) {
    throw smpErrors.other(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(setOrder)}\n`,
    );
  }
}

/** Process every `$setElementOrder/…` key of `patch`, removing it and its list from the patch. */
export function mergePatchIntoOriginal(original: JsonObject, patch: JsonObject, meta: PatchMeta): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const setOrder = patch[key];
    delete patch[key];
    if (!Array.isArray(setOrder)) throw smpErrors.badArgType('slice', setOrder);
    const field = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = Object.hasOwn(original, field);
    const foundPatch = Object.hasOwn(patch, field);
    const originalList = original[field];
    const patchList = patch[field];
    if (foundOriginal && !Array.isArray(originalList)) throw smpErrors.badArgType('slice', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw smpErrors.badArgType('slice', patchList);
    const originalValue = (foundOriginal ? originalList : []) as JsonValue[];
    const patchValue = (foundPatch ? patchList : []) as JsonValue[];

    const fm = meta.lookup(field);
    const { strategy } = extractRetainKeysPatchStrategy(fm.strategies);
    const mergeKey = fm.mergeKey ?? '';
    validatePatchWithSetOrderList(patchValue, setOrder, mergeKey);

    let merged: JsonValue[];
    if (foundOriginal && !foundPatch) merged = originalValue;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchValue).value as JsonValue[];
    else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(originalValue, patchValue, { meta: fm.value, strategy, mergeKey, isDeleteList: false });
    } else continue;

    const parts = partitionByPresence(merged, setOrder, mergeKey);
    const isMap = sliceElementIsMap(originalValue, patchValue);
    original[field] = normalizeElementOrder({
      patch: parts.patch,
      serverOnly: parts.serverOnly,
      patchOrder: setOrder,
      serverOrder: originalValue,
      mergeKey,
      isMap,
    });
    delete patch[field];
  }
}
