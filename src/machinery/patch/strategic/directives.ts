// The directives of strategic merge patch, the errors upstream raises about them, and the clean-up
// that upstream gets for free when it decodes a patched map into a typed Go object (directive keys
// and nulls in copied patch content disappear there; kts stores the map itself, so it removes them).

import { patchErrors, type PatchError } from '../errors.js';
import { goFormat, goTypeName, isObject, type JsonObject, type JsonValue } from '../json.js';

export const DIRECTIVE_MARKER = '$patch';
export const REPLACE = 'replace';
export const MERGE = 'merge';
export const DELETE = 'delete';
export const RETAIN_KEYS = '$retainKeys';
export const RETAIN_KEYS_STRATEGY = 'retainKeys';
export const SET_ELEMENT_ORDER = '$setElementOrder';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

export const smpErrors = {
  badJsonDoc: () => patchErrors.badRequest('invalid JSON document'),
  noListOfLists: () => patchErrors.unprocessable('lists of lists are not supported'),
  badPrimitiveListFormat: () => patchErrors.badRequest('invalid patch format of primitive list'),
  badRetainKeysFormat: () => patchErrors.badRequest('invalid patch format of retainKeys'),
  badSetElementOrderFormat: () => patchErrors.badRequest('invalid patch format of setElementOrder list'),
  noMergeKey: (m: JsonObject, key: string): PatchError =>
    patchErrors.internal(`map: ${goFormat(m)} does not contain declared merge key: ${key}`),
  badArgType: (expected: 'map' | 'slice', actual: JsonValue | undefined): PatchError =>
    patchErrors.internal(
      `expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`,
    ),
  badPatchType: (t: JsonValue | undefined, m: JsonObject): PatchError =>
    patchErrors.internal(`unknown patch type: ${typeof t === 'string' ? t : `%!s(${goTypeName(t)}=${goFormat(t)})`} in map: ${goFormat(m)}`),
  other: (message: string): PatchError => patchErrors.internal(message),
};

/** Whether `key` is a directive key (as opposed to a field name). */
export function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE_MARKER ||
    key === RETAIN_KEYS ||
    key.startsWith(`${SET_ELEMENT_ORDER}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)
  );
}

/** The field a `$setElementOrder/x` or `$deleteFromPrimitiveList/x` key refers to. */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw smpErrors.badPrimitiveListFormat();
    if (prefix === SET_ELEMENT_ORDER) throw smpErrors.badSetElementOrderFormat();
    throw smpErrors.other(`fail to find unknown prefix "${prefix}" in ${key}\n`);
  }
  return key.slice(slash + 1);
}

export function containsDirectiveMarker(v: JsonValue | undefined): boolean {
  return isObject(v) && Object.hasOwn(v, DIRECTIVE_MARKER);
}

/**
 * Copied patch content as a typed decode leaves it: directive keys and null members removed,
 * recursively. (Elements of lists are kept even if they carried a directive.)
 */
export function cleanCopied(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(cleanCopied);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || isDirectiveKey(k)) continue;
    out[k] = cleanCopied(x);
  }
  return out;
}

/**
 * upstream's removeDirectives: a map carrying `$patch` is dropped (keep=false), lists lose such
 * elements, recursively; the result is then cleaned like any copied patch content.
 */
export function removeDirectives(v: JsonValue): { value: JsonValue; keep: boolean } {
  const walk = (x: JsonValue): { value: JsonValue; keep: boolean } => {
    if (isObject(x)) {
      if (Object.hasOwn(x, DIRECTIVE_MARKER)) return { value: null, keep: false };
      const out: JsonObject = {};
      for (const [k, y] of Object.entries(x)) {
        const r = walk(y);
        if (r.keep) out[k] = r.value;
      }
      return { value: out, keep: true };
    }
    if (Array.isArray(x)) {
      const out: JsonValue[] = [];
      for (const y of x) {
        const r = walk(y);
        if (r.keep) out.push(r.value);
      }
      return { value: out, keep: true };
    }
    return { value: x, keep: true };
  };
  const r = walk(v);
  return r.keep ? { value: cleanCopied(r.value), keep: true } : r;
}

/** upstream's discardNullValuesFromPatch: null members of maps are removed, recursively. */
export function discardNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(discardNulls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = discardNulls(x);
  return out;
}
