// Removing the items of a field set from a value (structured-merge-diff's RemoveItems). Only the
// branches the set reaches are rebuilt; a container left empty becomes null, as upstream's does
// (the typed round trip upstream then drops it; kts drops nulls when it finishes an apply).

import type { Path } from '../fieldpath/element.js';
import type { FieldSet } from '../fieldpath/set.js';
import { isObject, type JsonObject, type JsonValue } from '../json.js';
import type { PatchMeta } from '../meta.js';
import { childCtx, elementCtx, listItems, listTypeOf, type Ctx } from './typed.js';

function remove(v: JsonValue, toRemove: FieldSet, ctx: Ctx, path: Path): JsonValue {
  if (Array.isArray(v)) {
    if (v.length === 0 || listTypeOf(ctx) === 'atomic') return null;
    const out: JsonValue[] = [];
    for (const { pe, item } of listItems(v, ctx, path)) {
      if (toRemove.hasMember(pe)) continue;
      const sub = toRemove.withPrefix(pe);
      out.push(sub.empty() ? item : remove(item, sub, elementCtx(ctx), [...path, pe]));
    }
    return out.length ? out : null;
  }
  if (isObject(v)) {
    if (Object.keys(v).length === 0 || ctx.meta.atomic) return null;
    const out: JsonObject = {};
    for (const [k, val] of Object.entries(v)) {
      const pe = { field: k };
      if (toRemove.hasMember(pe)) continue;
      const sub = toRemove.withPrefix(pe);
      out[k] = sub.empty() ? val : remove(val, sub, childCtx(ctx, k), [...path, pe]);
    }
    return Object.keys(out).length ? out : null;
  }
  return v;
}

/** `obj` without the items in `toRemove`. */
export function removeItems(obj: JsonObject, toRemove: FieldSet, meta: PatchMeta): JsonObject {
  const out = remove(obj, toRemove, { meta }, []);
  return isObject(out) ? out : {};
}

/** Null members of maps removed, recursively (what upstream's typed round trip does to them). */
export function dropNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = dropNulls(x);
  return out;
}
