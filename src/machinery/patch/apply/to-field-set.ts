// The set of fields a value sets (structured-merge-diff's TypedValue.ToFieldSet): every scalar,
// atomic list or map, null, empty map and key of a string-keyed map is a member; list elements are
// members too (k:{...} / v:...) as well as having their own fields.

import { pathElementString, serializePathElement, type Path } from '../fieldpath/element.js';
import { FieldSet } from '../fieldpath/set.js';
import { isObject, type JsonObject, type JsonValue } from '../json.js';
import type { PatchMeta } from '../meta.js';
import { childCtx, elementCtx, listItems, listTypeOf, TypedError, type Ctx } from './typed.js';

function walk(v: JsonValue, ctx: Ctx, path: Path, set: FieldSet, allowDuplicates: boolean): void {
  if (Array.isArray(v)) {
    if (listTypeOf(ctx) === 'atomic') {
      set.insert(path);
      return;
    }
    const items = listItems(v, ctx, path);
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const { pe } of items) {
      const key = serializePathElement(pe);
      if (!seen.has(key)) seen.add(key);
      else if (!allowDuplicates) throw new TypedError(path, `duplicate entries for key ${pathElementString(pe)}`);
      else if (!duplicates.has(key)) {
        duplicates.add(key);
        set.insert([...path, pe]);
      }
    }
    for (const { pe, item } of items) {
      if (duplicates.has(serializePathElement(pe))) continue;
      const p = [...path, pe];
      walk(item, elementCtx(ctx), p, set, allowDuplicates);
      set.insert(p);
    }
    return;
  }
  if (isObject(v)) {
    if (ctx.meta.atomic) {
      set.insert(path);
      return;
    }
    for (const [k, val] of Object.entries(v)) {
      const c = childCtx(ctx, k);
      const p = [...path, { field: k }];
      walk(val, c, p, set, allowDuplicates);
      if (val === null || (isObject(val) && Object.keys(val).length === 0) || !c.field?.declared) set.insert(p);
    }
    return;
  }
  set.insert(path);
}

/**
 * The fields `obj` sets. With `allowDuplicates` false (an applied configuration), list-map and set
 * elements must be unique; duplicates in live objects are owned as a whole.
 */
export function toFieldSet(obj: JsonObject, meta: PatchMeta, opts: { allowDuplicates: boolean }): FieldSet {
  const set = new FieldSet();
  walk(obj, { meta }, [], set, opts.allowDuplicates);
  return set;
}

/**
 * upstream's EnsureNamedFieldsAreMembers: every declared field that has children in `set` becomes a
 * member too, so removing it as an item removes its whole subtree.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, meta: PatchMeta): FieldSet {
  const walkSet = (s: FieldSet, ctx: Ctx): FieldSet => {
    const out = new FieldSet([...s.members]);
    for (const c of s.children) {
      let cctx: Ctx;
      if ('field' in c.pe) {
        cctx = childCtx(ctx, c.pe.field);
        if (cctx.field?.declared) out.insert([c.pe]);
      } else cctx = elementCtx(ctx);
      const sub = walkSet(c.set, cctx);
      for (const p of sub.paths()) out.insert([c.pe, ...p]);
    }
    return out;
  };
  return walkSet(set, { meta });
}
