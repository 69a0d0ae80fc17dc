// RFC 6902 JSON patch (application/json-patch+json) with the semantics of the library upstream's
// apiserver uses (evanphx/json-patch v4): paths are resolved the way it resolves them (a missing
// parent fails every operation, `remove` of a missing key fails, `replace` of a missing object key
// adds it, negative array indices count from the end), errors carry its messages, and `test`
// operations are honoured. fast-json-patch performs the edits once a path has been resolved.

import jsonpatch from 'fast-json-patch';
import { patchErrors } from './errors.js';
import { deepEqual, isObject, type JsonObject, type JsonValue } from './json.js';

/** The most operations one patch may carry (upstream's maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: JsonValue;
}

type Container = JsonObject | JsonValue[];

interface Resolved {
  container: Container;
  /** The decoded last segment. */
  key: string;
  /** The JSON pointer of the container, rebuilt from decoded segments. */
  pointer: string;
}

class OpFailure extends Error {}
const missing = (what: string) => new OpFailure(`${what}: missing value`);

function goUnmarshalError(v: unknown, into: string): string {
  const kind = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
  return `json: cannot unmarshal ${kind} into Go value of type ${into}`;
}

/** Decode a patch body (already parsed JSON) into operations, as jsonpatch.DecodePatch does. */
export function decodeJsonPatch(body: unknown): JsonObject[] {
  if (body === null) return [];
  if (!Array.isArray(body)) throw patchErrors.badRequest(goUnmarshalError(body, 'jsonpatch.Patch'));
  for (const op of body) {
    if (op !== null && !isObject(op)) throw patchErrors.badRequest(goUnmarshalError(op, 'jsonpatch.Operation'));
  }
  return body.map((op) => (op === null ? {} : (op as JsonObject)));
}

const escape = (s: string) => jsonpatch.escapePathComponent(s);
const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : undefined;
}

/** Go's findObject: walk every segment but the last; intermediates must be objects or arrays. */
function findObject(doc: Container, path: string): Resolved | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  let pointer = '';
  for (const raw of split.slice(1, -1)) {
    const part = unescape(raw);
    let next: JsonValue | undefined;
    if (Array.isArray(cur)) {
      const i = atoi(part);
      if (i === undefined) return undefined;
      const idx = i < 0 ? i + cur.length : i;
      if (idx < 0 || idx >= cur.length) return undefined;
      next = cur[idx];
      pointer += `/${idx}`;
    } else {
      next = Object.hasOwn(cur, part) ? cur[part] : undefined;
      pointer += `/${escape(part)}`;
    }
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    cur = next;
  }
  return { container: cur, key: unescape(split[split.length - 1] as string), pointer };
}

function arrayIndex(arr: JsonValue[], key: string, opts: { forAdd: boolean }): number {
  const i = atoi(key);
  if (i === undefined) {
    const why = `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`;
    throw new OpFailure(opts.forAdd ? `value was not a proper array index: '${key}': ${why}` : why);
  }
  const len = arr.length + (opts.forAdd ? 1 : 0);
  if (i >= len || i < -len) throw new OpFailure(`Unable to access invalid index: ${i}: invalid index referenced`);
  return i < 0 ? i + len : i;
}

function stringField(op: JsonObject, name: 'path' | 'from', verb: string): string {
  const v = op[name];
  if (v === undefined || v === null) {
    throw missing(name === 'path' ? `${verb} operation failed to decode path` : `operation, missing from field`);
  }
  if (typeof v !== 'string') throw new OpFailure(goUnmarshalError(v, 'string'));
  return v;
}

function get(r: Resolved): JsonValue | undefined {
  if (Array.isArray(r.container)) return r.container[arrayIndex(r.container, r.key, { forAdd: false })];
  return Object.hasOwn(r.container, r.key) ? r.container[r.key] : undefined;
}

function apply(doc: JsonValue, op: { op: 'add' | 'remove' | 'replace'; path: string; value?: JsonValue }): JsonValue {
  const value = op.value === undefined ? null : structuredClone(op.value);
  const operation = op.op === 'remove' ? { op: 'remove' as const, path: op.path } : { op: op.op, path: op.path, value };
  return jsonpatch.applyOperation(doc, operation, false, true, true).newDocument as JsonValue;
}

/** Insert `value` at `r` (the Go container's add): append with '-', insert at an index, set a key. */
function addAt(doc: JsonValue, r: Resolved, value: JsonValue | undefined, path: string, errPrefix: string): JsonValue {
  let target: string;
  if (Array.isArray(r.container)) {
    if (r.key === '-') target = `${r.pointer}/-`;
    else {
      try {
        target = `${r.pointer}/${arrayIndex(r.container, r.key, { forAdd: true })}`;
      } catch (err) {
        throw new OpFailure(`${errPrefix}${path}': ${(err as Error).message}`);
      }
    }
  } else target = `${r.pointer}/${escape(r.key)}`;
  return apply(doc, { op: 'add', path: target, value: value ?? null });
}

function removeAt(doc: JsonValue, r: Resolved, path: string, errPrefix: string): JsonValue {
  let target: string;
  if (Array.isArray(r.container)) {
    try {
      target = `${r.pointer}/${arrayIndex(r.container, r.key, { forAdd: false })}`;
    } catch (err) {
      throw new OpFailure(`${errPrefix}${path}': ${(err as Error).message}`);
    }
  } else {
    if (!Object.hasOwn(r.container, r.key)) throw missing(`${errPrefix}${path}': Unable to remove nonexistent key: ${r.key}`);
    target = `${r.pointer}/${escape(r.key)}`;
  }
  return apply(doc, { op: 'remove', path: target });
}

function applyOne(doc: JsonValue, op: JsonObject): JsonValue {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  const value = Object.hasOwn(op, 'value') ? op.value : undefined;
  const root = doc as Container;
  switch (kind) {
    case 'add': {
      const path = stringField(op, 'path', 'add');
      const r = findObject(root, path);
      if (!r) throw missing(`add operation does not apply: doc is missing path: "${path}"`);
      return addAt(doc, r, value, path, "error in add for path: '");
    }
    case 'remove': {
      const path = stringField(op, 'path', 'remove');
      const r = findObject(root, path);
      if (!r) throw missing(`remove operation does not apply: doc is missing path: "${path}"`);
      return removeAt(doc, r, path, "error in remove for path: '");
    }
    case 'replace': {
      const path = stringField(op, 'path', 'replace');
      if (path === '') {
        if (value === undefined || value === null || typeof value !== 'object') {
          throw new OpFailure('replace operation value must be object or array: %!w(<nil>)');
        }
        return structuredClone(value);
      }
      const r = findObject(root, path);
      if (!r) throw missing(`replace operation does not apply: doc is missing path: ${path}`);
      if (Array.isArray(r.container)) {
        let idx: number;
        try {
          idx = arrayIndex(r.container, r.key, { forAdd: false });
        } catch {
          throw missing(`replace operation does not apply: doc is missing key: ${path}`);
        }
        return apply(doc, { op: 'replace', path: `${r.pointer}/${idx}`, value: value ?? null });
      }
      return apply(doc, { op: 'add', path: `${r.pointer}/${escape(r.key)}`, value: value ?? null });
    }
    case 'move':
    case 'copy': {
      const from = stringField(op, 'from', kind);
      const src = findObject(root, from);
      if (!src) throw missing(`${kind} operation does not apply: doc is missing from path: ${from}`);
      let val: JsonValue | undefined;
      try {
        val = get(src);
      } catch (err) {
        throw new OpFailure(`error in ${kind} for ${kind === 'move' ? 'path' : 'from'}: '${kind === 'move' ? src.key : from}': ${(err as Error).message}`);
      }
      val = val === undefined ? undefined : structuredClone(val);
      let next = doc;
      if (kind === 'move') next = removeAt(doc, src, src.key, "error in move for path: '");
      const path = stringField(op, 'path', kind);
      const dst = findObject(next as Container, path);
      if (!dst) throw missing(`${kind} operation does not apply: doc is missing destination path: ${path}`);
      return addAt(next, dst, val, path, kind === 'move' ? "error in move for path: '" : 'error while adding value during copy: ');
    }
    case 'test': {
      const path = stringField(op, 'path', 'test');
      if (path === '') {
        if (deepEqual(doc, value)) return doc;
        throw new OpFailure(`testing value ${path} failed: test failed`);
      }
      const r = findObject(root, path);
      if (!r) throw missing(`test operation does not apply: is missing path: ${path}`);
      let cur: JsonValue | undefined;
      try {
        cur = get(r);
      } catch (err) {
        throw new OpFailure(`error in test for path: '${path}': ${(err as Error).message}`);
      }
      if (cur === undefined || cur === null) {
        if (value === undefined || value === null) return doc;
      } else if (value !== undefined && deepEqual(cur, value)) return doc;
      throw new OpFailure(`testing value ${path} failed: test failed`);
    }
    default:
      throw new OpFailure(`Unexpected kind: ${kind}`);
  }
}

/**
 * Apply an RFC 6902 patch. `ops` is the parsed request body. The document is not modified; the
 * patched copy is returned. Failures throw PatchError: 400 for an undecodable patch, 413 for more
 * than MAX_JSON_PATCH_OPERATIONS operations, 422 for an operation that does not apply.
 */
export function jsonPatch(doc: JsonValue, ops: unknown): JsonValue {
  const decoded = decodeJsonPatch(ops);
  if (decoded.length > MAX_JSON_PATCH_OPERATIONS) {
    throw patchErrors.tooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${decoded.length}`,
    );
  }
  let cur = structuredClone(doc);
  for (const op of decoded) {
    try {
      cur = applyOne(cur, op);
    } catch (err) {
      if (err instanceof OpFailure) throw patchErrors.unprocessable(err.message);
      throw patchErrors.unprocessable(err instanceof Error ? err.message : String(err));
    }
  }
  return cur;
}
