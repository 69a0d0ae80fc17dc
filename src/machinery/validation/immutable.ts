// "field is immutable" checks, with a semantic equality close to upstream's apiequality.Semantic.

import { type BadValue, type FieldError, GoValue, invalid } from './errors.js';
import { goTimeString, parseRFC3339 } from './goformat.js';
import type { MaybePath } from './path.js';

export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';

function isMissing(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as object).every((x) => x === undefined);
  return false;
}

/**
 * Deep equality of decoded JSON values, treating a missing value (undefined/null) as equal to "",
 * [] and {} — as Go sees a field that JSON omitted — but not to 0 or false, which for pointer fields
 * Go tells apart. Object keys whose value is undefined are ignored.
 */
export function semanticDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticDeepEqual(x, b[i]));
  }
  if (typeof a === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) if (!semanticDeepEqual(ao[k], bo[k])) return false;
    return true;
  }
  return false;
}

/** A value as it appears in a message: strings, numbers, booleans and string arrays as Go prints them; others as JSON. */
export function toBadValue(v: unknown): BadValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  if (v instanceof GoValue) return v;
  return new GoValue(JSON.stringify(v) ?? 'null');
}

/**
 * Upstream's ValidateImmutableField: `<path>: Invalid value: <new>: field is immutable`. `opts.shown`
 * overrides how the new value is printed (e.g. a GoValue for a struct).
 */
export function validateImmutableField(newVal: unknown, oldVal: unknown, p: MaybePath, opts: { shown?: BadValue } = {}): FieldError[] {
  if (semanticDeepEqual(newVal, oldVal)) return [];
  return [invalid(p, 'shown' in opts ? opts.shown : toBadValue(newVal), FIELD_IMMUTABLE_ERROR_MSG)];
}

/** Two metav1.Time values are equal when they denote the same instant (an empty time is Go's zero time). */
export function timesEqual(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  const ta = parseRFC3339(a);
  const tb = parseRFC3339(b);
  if (!ta || !tb) return a === b;
  return ta.ms === tb.ms && ta.fraction.replace(/0+$/, '') === tb.fraction.replace(/0+$/, '');
}

/** Immutable check for a metav1.Time (non-pointer: empty shows as Go's zero time). */
export function validateImmutableTime(newVal: string | null | undefined, oldVal: string | null | undefined, p: MaybePath): FieldError[] {
  return timesEqual(newVal, oldVal) ? [] : [invalid(p, new GoValue(goTimeString(newVal)), FIELD_IMMUTABLE_ERROR_MSG)];
}

/** Immutable check for a *metav1.Time (nil shows as `null`). */
export function validateImmutableTimePtr(newVal: string | null | undefined, oldVal: string | null | undefined, p: MaybePath): FieldError[] {
  if (timesEqual(newVal, oldVal)) return [];
  return [invalid(p, newVal ? new GoValue(goTimeString(newVal)) : null, FIELD_IMMUTABLE_ERROR_MSG)];
}
