// Small helpers shared by the strategies: reading plain-JSON objects without `any`, turning the
// validation toolkit's FieldErrors into the store's FieldErr, and common checks.

import type { KubeObject } from '../../../api/types.js';
import {
  type BadValue,
  type FieldError,
  type FieldPath,
  invalid,
  IS_NEGATIVE_ERROR_MSG,
  semanticDeepEqual,
  FIELD_IMMUTABLE_ERROR_MSG,
  GoValue,
} from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext } from '../strategy.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as an object (a fresh empty one when it is not an object). */
export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

/** The value as an object, or undefined. */
export function objOr(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

/** The array of objects at v (non-objects become {}). */
export function objs(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map((x) => obj(x)) : [];
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x ?? ''))) : [];
}

/** Go's view of a string field: missing is "". */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** A string map (labels, selectors, data): non-string values are stringified. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(v)) return out;
  for (const [k, x] of Object.entries(v)) out[k] = str(x);
  return out;
}

/** Go's view of an int field: missing is 0. */
export function int(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** Object/field access: the child object of o at key, created when missing. */
export function child(o: Obj, key: string): Obj {
  const v = o[key];
  if (isObj(v)) return v;
  const n: Obj = {};
  o[key] = n;
  return n;
}

/** The spec of an object (created when missing). */
export function specOf(o: KubeObject): Obj {
  return child(o as Obj, 'spec');
}

/** Converts toolkit errors to the store's FieldErr (message without the path). */
export function toErrs(errs: readonly FieldError[]): FieldErr[] {
  return errs.map((e) => ({ type: e.type, field: e.field, message: e.body }));
}

/** `must be greater than or equal to 0` when value < 0. */
export function nonNegative(value: unknown, p: FieldPath): FieldError[] {
  const n = int(value);
  return n < 0 ? [invalid(p, n, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** Upstream's ValidateImmutableField with a caller-chosen rendering of the new value. */
export function immutable(newV: unknown, oldV: unknown, p: FieldPath, shown: BadValue): FieldError[] {
  return semanticDeepEqual(newV, oldV) ? [] : [invalid(p, shown, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** Plain deep equality of JSON values (objects compared key by key, undefined keys ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Obj;
  const bo = b as Obj;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** A GoValue rendered verbatim. */
export function gv(text: string): GoValue {
  return new GoValue(text);
}

export function isStatusWrite(ctx: RequestContext): boolean {
  return ctx.subresource === 'status';
}

/** Sorted keys of a plain object (Go iterates maps randomly; sorted is stable and usually what tests expect). */
export function sortedKeys(o: Obj | Record<string, string>): string[] {
  return Object.keys(o).sort();
}
