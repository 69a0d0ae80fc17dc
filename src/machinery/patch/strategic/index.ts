// Strategic merge patch (application/strategic-merge-patch+json), applied as upstream's
// strategicpatch.StrategicMergeMapPatch does. Field metadata (patch strategy, merge key) comes from a
// PatchMeta: schemaPatchMeta(typeId) for kts's types, untypedMeta to get merge-patch behaviour.

import { isObject, type JsonObject, type JsonValue } from '../json.js';
import { patchErrors } from '../errors.js';
import type { PatchMeta } from '../meta.js';
import { mergeMap } from './map.js';

function decodeError(patch: unknown): string {
  const kind = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/**
 * Apply a strategic merge patch to `doc`. `patch` is the parsed request body (it must be an object;
 * null is an empty patch). Neither argument is modified. Errors are PatchErrors with upstream's
 * codes: 400 for malformed directives, 422 for lists of lists, 500 for the rest (a missing merge
 * key, mismatched $setElementOrder), as upstream's apiserver answers.
 */
export function strategicMergePatch(doc: JsonObject, patch: unknown, meta: PatchMeta): JsonObject {
  if (patch === null) return structuredClone(doc);
  if (!isObject(patch)) throw patchErrors.badRequest(decodeError(patch));
  return mergeMap(structuredClone(doc), structuredClone(patch as JsonValue) as JsonObject, meta);
}
