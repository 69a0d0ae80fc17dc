// mergeMap: the heart of strategic merge patch application (upstream's mergeMap with
// MergeParallelList and IgnoreUnmatchedNulls, the options StrategicMergePatch uses).

import { isObject, type JsonObject, type JsonValue } from '../json.js';
import type { PatchMeta } from '../meta.js';
import {
  cleanCopied,
  DELETE,
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE_MARKER,
  discardNulls,
  extractKey,
  removeDirectives,
  REPLACE,
  smpErrors,
} from './directives.js';
import { mergeSliceHandler } from './list.js';
import { applyRetainKeysDirective, extractRetainKeysPatchStrategy } from './retain-keys.js';
import { mergePatchIntoOriginal } from './set-element-order.js';

function handleDirectiveInMergeMap(directive: JsonValue | undefined, patch: JsonObject): JsonObject {
  if (directive === REPLACE) {
    const { [DIRECTIVE_MARKER]: _, ...rest } = patch;
    return cleanCopied(rest) as JsonObject;
  }
  if (directive === DELETE) return {};
  throw smpErrors.badPatchType(directive, patch);
}

function kindOf(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (isObject(v)) return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v;
}

function mergeMapHandler(original: JsonValue | undefined, patch: JsonValue, meta: PatchMeta, strategy: string): JsonObject {
  if (!isObject(original)) throw smpErrors.badArgType('map', original);
  if (!isObject(patch)) throw smpErrors.badArgType('map', patch);
  return strategy !== REPLACE ? mergeMap(original, patch, meta) : (cleanCopied(patch) as JsonObject);
}

/** Set `original[k]` to the patch value with directives removed, or drop it if the value was one. */
function takePatchValue(original: JsonObject, k: string, patchValue: JsonValue): void {
  const r = removeDirectives(discardNulls(patchValue));
  if (r.keep) original[k] = r.value;
  else delete original[k];
}

/**
 * Merge `patch` into `original` (both are modified; the result is returned). Keys of `patch` are
 * fields, `null` deletes, and the directives are honoured at this level.
 */
export function mergeMap(original: JsonObject, patch: JsonObject, meta: PatchMeta): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  applyRetainKeysDirective(original, patch);
  mergePatchIntoOriginal(original, patch, meta);

  for (const key of Object.keys(patch)) {
    const patchValue = patch[key] as JsonValue;
    let k = key;
    let isDeleteList = false;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      k = extractKey(key, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchValue === null) {
      delete original[k];
      continue;
    }
    if (!Object.hasOwn(original, k)) {
      if (!isDeleteList) takePatchValue(original, k, patchValue);
      continue;
    }
    const originalValue = original[k] as JsonValue;
    if (kindOf(originalValue) !== kindOf(patchValue)) {
      if (!isDeleteList) takePatchValue(original, k, patchValue);
      continue;
    }
    if (isObject(originalValue)) {
      const fm = meta.lookup(k);
      const { strategy } = extractRetainKeysPatchStrategy(fm.strategies);
      original[k] = mergeMapHandler(originalValue, patchValue, fm.value, strategy);
    } else if (Array.isArray(originalValue)) {
      const fm = meta.lookup(k);
      const { strategy } = extractRetainKeysPatchStrategy(fm.strategies);
      original[k] = mergeSliceHandler(originalValue, patchValue, { meta: fm.value, strategy, mergeKey: fm.mergeKey ?? '', isDeleteList });
    } else {
      takePatchValue(original, k, patchValue);
    }
  }
  return original;
}
