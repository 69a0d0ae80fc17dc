// Field-level validation errors, as upstream's field.Error / field.ErrorList, with the same message
// text: `<field>: <Type text>[: <value>][: <detail>]`.

import { goNumber, goQuote, goStringSlice } from './goformat.js';
import { type MaybePath, pathString } from './path.js';

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** The canonical text of an error type ("Required value", "Invalid value", …). */
export function errorTypeText(t: FieldErrorType): string {
  return TYPE_TEXT[t];
}

/** A value already rendered the way Go's `%#v`/`%v` would (structs, typed slices, times). */
export class GoValue {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Marker for "no value to show" (upstream's omitValue). */
export const OMIT_VALUE: unique symbol = Symbol('omitValue');

/**
 * What a validator rejected. Strings print quoted (`%q`), numbers and booleans plain, null/undefined
 * as `null`, string arrays as `[]string{"a", "b"}`; anything else should be wrapped in a GoValue.
 */
export type BadValue = string | number | bigint | boolean | null | undefined | readonly string[] | GoValue | typeof OMIT_VALUE;

export function formatBadValue(v: Exclude<BadValue, typeof OMIT_VALUE>): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof GoValue) return v.text;
  return goStringSlice(v);
}

export class FieldError {
  constructor(
    readonly type: FieldErrorType,
    /** The rendered field path, e.g. "spec.containers[0].image". */
    readonly field: string,
    readonly badValue: BadValue,
    readonly detail: string,
  ) {}

  /** The message without the field path (upstream's ErrorBody; the `message` of a Status cause). */
  get body(): string {
    let s: string;
    switch (this.type) {
      case 'FieldValueRequired':
      case 'FieldValueForbidden':
      case 'FieldValueTooLong':
      case 'InternalError':
        s = TYPE_TEXT[this.type];
        break;
      default:
        s = this.badValue === OMIT_VALUE ? TYPE_TEXT[this.type] : `${TYPE_TEXT[this.type]}: ${formatBadValue(this.badValue)}`;
    }
    return this.detail.length > 0 ? `${s}: ${this.detail}` : s;
  }

  /** The full message, "field: body" (upstream's Error()). */
  get message(): string {
    return `${this.field}: ${this.body}`;
  }

  toString(): string {
    return this.message;
  }
}

export type ErrorList = FieldError[];

// Constructors, named and shaped after upstream's field.Required, field.Invalid, …

export function required(p: MaybePath, detail = ''): FieldError {
  return new FieldError('FieldValueRequired', pathString(p), '', detail);
}

export function invalid(p: MaybePath, value: BadValue, detail: string): FieldError {
  return new FieldError('FieldValueInvalid', pathString(p), value, detail);
}

export function typeInvalid(p: MaybePath, value: BadValue, detail: string): FieldError {
  return new FieldError('FieldValueTypeInvalid', pathString(p), value, detail);
}

export function notFound(p: MaybePath, value: BadValue): FieldError {
  return new FieldError('FieldValueNotFound', pathString(p), value, '');
}

export function duplicate(p: MaybePath, value: BadValue): FieldError {
  return new FieldError('FieldValueDuplicate', pathString(p), value, '');
}

/** `Unsupported value: "x": supported values: "a", "b"` (valid values quoted, in the order given). */
export function notSupported(p: MaybePath, value: BadValue, validValues: readonly (string | number)[]): FieldError {
  const detail = validValues.length > 0 ? 'supported values: ' + validValues.map((v) => goQuote(String(v))).join(', ') : '';
  return new FieldError('FieldValueNotSupported', pathString(p), value, detail);
}

export function forbidden(p: MaybePath, detail: string): FieldError {
  return new FieldError('FieldValueForbidden', pathString(p), '', detail);
}

/** `Too long: may not be more than N bytes` (the value is never shown); a negative max gives "value is too long". */
export function tooLong(p: MaybePath, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long';
  return new FieldError('FieldValueTooLong', pathString(p), '<value omitted>', detail);
}

/** `Too many: 5: must have at most 3 items`; a negative actual omits the count, a negative max says "has too many items". */
export function tooMany(p: MaybePath, actualQuantity: number, maxQuantity: number): FieldError {
  const detail = maxQuantity >= 0 ? `must have at most ${maxQuantity} items` : 'has too many items';
  return new FieldError('FieldValueTooMany', pathString(p), actualQuantity >= 0 ? actualQuantity : OMIT_VALUE, detail);
}

export function internalError(p: MaybePath, err: Error | string): FieldError {
  return new FieldError('InternalError', pathString(p), null, typeof err === 'string' ? err : err.message);
}

/**
 * Upstream's `errs.ToAggregate().Error()`: undefined for no errors; one distinct message as is;
 * several as "[a, b]". Messages are de-duplicated, keeping the first occurrence.
 */
export function aggregateMessage(errs: readonly { readonly message: string }[]): string | undefined {
  const seen = new Set<string>();
  for (const e of errs) seen.add(e.message);
  if (seen.size === 0) return undefined;
  const msgs = [...seen];
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

/** An Error carrying a list of field errors; its message is the aggregate message. */
export class AggregateFieldError extends Error {
  override readonly name = 'AggregateFieldError';
  readonly errors: readonly FieldError[];
  constructor(errors: readonly FieldError[], prefix = '') {
    super(prefix + (aggregateMessage(errors) ?? ''));
    this.errors = errors;
  }
}
