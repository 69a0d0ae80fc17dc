// Merging an applied configuration into the live object (structured-merge-diff's TypedValue.Merge
// with the keep-right-hand-side rule): leaves take the configuration's value, granular maps merge
// key by key, associative lists merge element by element. Element order: the configuration's order
// for the elements it names, with live-only elements kept where they were relative to those.

import { pathElementString, serializePathElement, type Path, type PathElement } from '../fieldpath/element.js';
import { isObject, type JsonObject, type JsonValue } from '../json.js';
import type { PatchMeta } from '../meta.js';
import { childCtx, elementCtx, isEmptyContainer, listItems, shapeOf, TypedError, type Ctx } from './typed.js';

function merge(l: JsonValue | undefined, r: JsonValue | undefined, ctx: Ctx, path: Path): JsonValue | undefined {
  if (r === undefined) return l;
  if (l === undefined || l === null) return r;
  const sl = shapeOf(l, ctx);
  const sr = r === null ? sl : shapeOf(r, ctx);
  if (sl !== sr) return r;
  if (sl === 'leaf' || (isEmptyContainer(l) && isEmptyContainer(r))) return r;
  if (sl === 'map') return mergeMaps(l as JsonObject, isObject(r) ? r : {}, ctx, path);
  return mergeLists(l as JsonValue[], Array.isArray(r) ? r : [], ctx, path);
}

function mergeMaps(l: JsonObject, r: JsonObject, ctx: Ctx, path: Path): JsonObject {
  const out: JsonObject = {};
  for (const k of new Set([...Object.keys(l), ...Object.keys(r)])) {
    const v = merge(Object.hasOwn(l, k) ? l[k] : undefined, Object.hasOwn(r, k) ? r[k] : undefined, childCtx(ctx, k), [...path, { field: k }]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function mergeLists(l: JsonValue[], r: JsonValue[], ctx: Ctx, path: Path): JsonValue[] {
  const lhs = listItems(l, ctx, path);
  const rhs = listItems(r, ctx, path);
  const key = (pe: PathElement) => serializePathElement(pe);
  const observedR = new Map<string, JsonValue>();
  for (const { pe, item } of rhs) {
    if (observedR.has(key(pe))) throw new TypedError(path, `duplicate entries for key ${pathElementString(pe)}`);
    observedR.set(key(pe), item);
  }
  // Duplicated live elements are not merged with the configuration's element: they become null.
  const observedL = new Map<string, JsonValue>();
  for (const { pe, item } of lhs) observedL.set(key(pe), observedL.has(key(pe)) ? null : item);

  const shared = rhs.filter(({ pe }) => observedL.has(key(pe))).map(({ pe }) => key(pe));
  let nextShared = shared.shift();
  const mergedR = new Set<string>();
  const out: JsonValue[] = [];
  const el = elementCtx(ctx);
  const push = (pe: PathElement, lv: JsonValue | undefined, rv: JsonValue | undefined) => {
    const v = merge(lv, rv, el, [...path, pe]);
    if (v !== undefined) out.push(v);
  };
  let li = 0;
  let ri = 0;
  while (li < lhs.length || ri < rhs.length) {
    if (li < lhs.length && ri < rhs.length) {
      const lk = key((lhs[li] as { pe: PathElement }).pe);
      if (lk === key((rhs[ri] as { pe: PathElement }).pe)) {
        mergedR.add(lk);
        push((lhs[li] as { pe: PathElement }).pe, observedL.get(lk), observedR.get(lk));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (observedR.has(lk) && nextShared !== undefined && nextShared !== lk) {
        li++;
        continue;
      }
    }
    if (li < lhs.length) {
      const { pe, item } = lhs[li] as { pe: PathElement; item: JsonValue };
      const lk = key(pe);
      if (!observedR.has(lk)) {
        push(pe, item, undefined);
        li++;
        continue;
      } else if (mergedR.has(lk)) li++;
    }
    if (ri < rhs.length) {
      const { pe } = rhs[ri] as { pe: PathElement };
      const rk = key(pe);
      mergedR.add(rk);
      push(pe, observedL.get(rk), observedR.get(rk));
      ri++;
      if (nextShared !== undefined && nextShared === rk) nextShared = shared.shift();
    }
  }
  return out;
}

/** The live object with the configuration merged in. */
export function mergeApplied(live: JsonObject, config: JsonObject, meta: PatchMeta): JsonObject {
  const out = merge(live, config, { meta }, []);
  return isObject(out) ? out : {};
}
