// Comparing two objects field by field (structured-merge-diff's TypedValue.Compare): which fields
// the right-hand side added, modified or removed. Leaves (scalars, atomic lists and maps, empty
// containers) are compared as values; a container that appears or disappears is itself recorded
// along with everything below it.

import { serializePathElement, type Path, type PathElement } from '../fieldpath/element.js';
import { FieldSet } from '../fieldpath/set.js';
import { deepEqual, isObject, type JsonObject, type JsonValue } from '../json.js';
import type { PatchMeta } from '../meta.js';
import { childCtx, elementCtx, isEmptyContainer, listItems, shapeOf, type Ctx, type Shape } from './typed.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Shapes of both sides; null takes the shape of a container on the other side. */
function shapes(l: JsonValue | undefined, r: JsonValue | undefined, ctx: Ctx): [Shape | undefined, Shape | undefined] {
  let sl = l === undefined ? undefined : shapeOf(l, ctx);
  let sr = r === undefined ? undefined : shapeOf(r, ctx);
  if (l === null && sr !== undefined) sl = sr;
  if (r === null && sl !== undefined) sr = sl;
  return [sl, sr];
}

function group(items: { pe: PathElement; item: JsonValue }[]): Map<string, { pe: PathElement; values: JsonValue[] }> {
  const m = new Map<string, { pe: PathElement; values: JsonValue[] }>();
  for (const { pe, item } of items) {
    const k = serializePathElement(pe);
    const g = m.get(k);
    if (g) g.values.push(item);
    else m.set(k, { pe, values: [item] });
  }
  return m;
}

class Comparer {
  readonly res: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };

  cmp(l: JsonValue | undefined, r: JsonValue | undefined, ctx: Ctx, path: Path): void {
    const [sl, sr] = shapes(l, r, ctx);
    if (l !== undefined && r !== undefined && sl !== sr) {
      if (sl !== 'leaf') this.children(l, undefined, ctx, path);
      this.res.modified.insert(path);
      if (sr !== 'leaf') this.children(undefined, r, ctx, path);
      return;
    }
    const shape = sl ?? sr;
    if (shape === 'leaf' || (isEmptyContainer(l) && isEmptyContainer(r))) {
      if (l === undefined) this.res.added.insert(path);
      else if (r === undefined) this.res.removed.insert(path);
      else if (!deepEqual(l, r)) this.res.modified.insert(path);
      return;
    }
    this.children(l, r, ctx, path);
    if (l === undefined) this.res.added.insert(path);
    else if (r === undefined) this.res.removed.insert(path);
  }

  private children(l: JsonValue | undefined, r: JsonValue | undefined, ctx: Ctx, path: Path): void {
    if (Array.isArray(l) || Array.isArray(r)) {
      this.list(Array.isArray(l) ? l : [], Array.isArray(r) ? r : [], ctx, path);
      return;
    }
    const lo = isObject(l) ? l : {};
    const ro = isObject(r) ? r : {};
    const keys = new Set([...Object.keys(lo), ...Object.keys(ro)]);
    for (const k of keys) {
      const lv = Object.hasOwn(lo, k) ? lo[k] : undefined;
      const rv = Object.hasOwn(ro, k) ? ro[k] : undefined;
      this.cmp(lv, rv, childCtx(ctx, k), [...path, { field: k }]);
    }
  }

  private list(l: JsonValue[], r: JsonValue[], ctx: Ctx, path: Path): void {
    const lg = group(listItems(l, ctx, path));
    const rg = group(listItems(r, ctx, path));
    const all = new Map([...lg, ...rg].map(([k, g]) => [k, g.pe]));
    for (const [k, pe] of all) {
      const lv = lg.get(k)?.values ?? [];
      const rv = rg.get(k)?.values ?? [];
      const p = [...path, pe];
      if (lv.length <= 1 && rv.length <= 1) this.cmp(lv[0], rv[0], elementCtx(ctx), p);
      else if (lv.length >= 2 && rv.length >= 2) {
        if (lv.length !== rv.length || lv.some((x, i) => !deepEqual(x, rv[i]))) this.res.modified.insert(p);
      } else if (lv.length >= 2) {
        if (rv.length) this.cmp(undefined, rv[0], elementCtx(ctx), p);
        this.res.removed.insert(p);
      } else {
        if (lv.length) this.cmp(lv[0], undefined, elementCtx(ctx), p);
        this.res.added.insert(p);
      }
    }
  }
}

/** What changed from `lhs` to `rhs`. */
export function compare(lhs: JsonObject, rhs: JsonObject, meta: PatchMeta): Comparison {
  const c = new Comparer();
  c.cmp(lhs, rhs, { meta }, []);
  return c.res;
}
