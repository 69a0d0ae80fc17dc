// How the structured walkers (field sets, compare, merge, remove) see a value: a leaf (scalars,
// null, atomic lists and maps), an associative list, or a granular map. The context of a value is
// the PatchMeta of its type plus, when it is a field, the FieldMeta that carries the list semantics.

import { keyElement, pathString, type KeyField, type Path, type PathElement } from '../fieldpath/element.js';
import { isObject, type JsonValue } from '../json.js';
import type { FieldMeta, ListType, PatchMeta } from '../meta.js';

export interface Ctx {
  meta: PatchMeta;
  field?: FieldMeta;
}

/** A validation error at a path, formatted as structured-merge-diff formats them. */
export class TypedError extends Error {
  constructor(
    readonly path: Path,
    readonly detail: string,
  ) {
    super(path.length ? `${pathString(path)}: ${detail}` : detail);
  }
}

export const childCtx = (ctx: Ctx, name: string): Ctx => {
  const field = ctx.meta.lookup(name);
  return { meta: field.value, field };
};

export const elementCtx = (ctx: Ctx): Ctx => ({ meta: ctx.meta });

export function listTypeOf(ctx: Ctx): ListType {
  return ctx.field?.listType ?? 'atomic';
}

export type Shape = 'leaf' | 'list' | 'map';

/** The shape of a value in its context; undefined (absent) counts as a leaf. */
export function shapeOf(v: JsonValue | undefined, ctx: Ctx): Shape {
  if (Array.isArray(v)) return listTypeOf(ctx) === 'atomic' ? 'leaf' : 'list';
  if (isObject(v)) return ctx.meta.atomic ? 'leaf' : 'map';
  return 'leaf';
}

/** Lists and maps empty (or absent) on both sides are compared and merged as leaves. */
export function isEmptyContainer(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObject(v) && Object.keys(v).length === 0;
}

const goQuoteList = (xs: readonly string[]) => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;

/** The path element of an element of an associative list. */
export function itemPathElement(item: JsonValue, ctx: Ctx): PathElement {
  const type = listTypeOf(ctx);
  if (type === 'map') {
    if (item === null) throw new Error('associative list with keys may not have a null element');
    if (!isObject(item)) throw new Error('associative list with keys may not have non-map elements');
    const keys = ctx.field?.listMapKeys ?? [];
    const fields: KeyField[] = [];
    for (const name of keys) {
      if (Object.hasOwn(item, name)) fields.push({ name, value: item[name] as JsonValue });
      else {
        const def = ctx.meta.lookup(name).default;
        if (def !== undefined && def !== null) fields.push({ name, value: def });
      }
    }
    if (keys.length > 0 && fields.length === 0) {
      throw new Error(`associative list with keys has an element that omits all key fields ${goQuoteList(keys)} (and doesn't have default values for any key fields)`);
    }
    return keyElement(fields);
  }
  if (type === 'set') {
    if (isObject(item)) throw new Error("associative list without keys has an element that's a map type");
    if (Array.isArray(item)) throw new Error('not supported: associative list with lists as elements');
    if (item === null) throw new Error("associative list without keys has an element that's an explicit null");
    return { value: item };
  }
  throw new Error('invalid indexing of non-associative list');
}

/** Path elements of a list's items, in order; an item without a valid path element throws TypedError. */
export function listItems(list: JsonValue[], ctx: Ctx, path: Path): { pe: PathElement; item: JsonValue }[] {
  return list.map((item, i) => {
    try {
      return { pe: itemPathElement(item, ctx), item };
    } catch (err) {
      throw new TypedError(path, `element ${i}: ${(err as Error).message}`);
    }
  });
}
