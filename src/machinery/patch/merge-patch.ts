// RFC 7386 JSON merge patch (application/merge-patch+json), as upstream's apiserver applies it
// (evanphx/json-patch MergePatch): null deletes a key, objects merge recursively, anything else
// (arrays included) replaces. Values that arrive from the patch lose their null members, and null
// array elements are dropped, as that library does.

import { patchErrors } from './errors.js';
import { isObject, type JsonObject, type JsonValue } from './json.js';

function pruneNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(pruneNulls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
  return out;
}

function mergeInto(doc: JsonObject, patch: JsonObject): JsonObject {
  for (const [k, pv] of Object.entries(patch)) {
    if (pv === null) {
      delete doc[k];
      continue;
    }
    const cur = Object.hasOwn(doc, k) ? doc[k] : undefined;
    if (isObject(cur) && isObject(pv)) doc[k] = mergeInto(cur, pv);
    else if (isObject(cur)) doc[k] = pv;
    else doc[k] = pruneNulls(pv);
  }
  return doc;
}

/**
 * Apply a JSON merge patch. `patch` is the parsed request body; the document is not modified. A
 * patch that is neither an object nor an array is rejected with 400 "Invalid JSON Patch"; an array
 * patch replaces the whole document, as upstream does.
 */
export function mergePatch(doc: JsonValue, patch: unknown): JsonValue {
  if (Array.isArray(patch)) return pruneNulls(patch as JsonValue[]);
  if (!isObject(patch)) throw patchErrors.badRequest('Invalid JSON Patch');
  if (!isObject(doc)) return pruneNulls(patch);
  return mergeInto(structuredClone(doc), structuredClone(patch));
}
