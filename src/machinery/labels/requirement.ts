// One label selector requirement (key, operator, values), as upstream's labels.Requirement: creation
// validates with upstream's messages, matching follows upstream's rules, toString is canonical.

import {
  AggregateFieldError,
  childOf,
  compareGoStrings,
  type FieldError,
  type FieldPath,
  GoValue,
  invalid,
  isQualifiedName,
  isValidLabelValue,
  type MaybePath,
  notSupported,
} from '../validation/index.js';

/** selection.Operator values. */
export type Operator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

export const Operators = {
  DoesNotExist: '!',
  Equals: '=',
  DoubleEquals: '==',
  In: 'in',
  NotEquals: '!=',
  NotIn: 'notin',
  Exists: 'exists',
  GreaterThan: 'gt',
  LessThan: 'lt',
} as const satisfies Record<string, Operator>;

/** Binary operators in upstream's order (used in "expected: in, notin, =, ==, !=, gt, lt"). */
export const BINARY_OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const VALID_OPERATORS: readonly Operator[] = [...BINARY_OPERATORS, 'exists', '!'];

export type Labels = Readonly<Record<string, string>> | null | undefined;

/** An invalid selector or requirement. `errors` holds the field errors when the cause was validation. */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
  readonly errors: readonly FieldError[];
  constructor(message: string, errors: readonly FieldError[] = []) {
    super(message);
    this.errors = errors;
  }
}

export function lookupLabel(labels: Labels, key: string): string | undefined {
  if (!labels || !Object.prototype.hasOwnProperty.call(labels, key)) return undefined;
  return labels[key];
}

/** Go's strconv.ParseInt(s, 10, 64); undefined when not a valid int64. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

export class Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** The values as given (not sorted); parsed selectors hold them sorted and unique. */
  readonly values: readonly string[];

  /** Builds a requirement without validation (as upstream's SelectorFromValidatedSet); prefer newRequirement. */
  constructor(key: string, operator: Operator, values: readonly string[]) {
    this.key = key;
    this.operator = operator;
    this.values = Object.freeze([...values]);
  }

  hasValue(v: string): boolean {
    return this.values.includes(v);
  }

  matches(labels: Labels): boolean {
    const val = lookupLabel(labels, this.key);
    switch (this.operator) {
      case 'in':
      case '=':
      case '==':
        return val !== undefined && this.hasValue(val);
      case 'notin':
      case '!=':
        return val === undefined || !this.hasValue(val);
      case 'exists':
        return val !== undefined;
      case '!':
        return val === undefined;
      case 'gt':
      case 'lt': {
        if (val === undefined || this.values.length !== 1) return false;
        const have = parseInt64(val);
        const want = parseInt64(this.values[0]!);
        if (have === undefined || want === undefined) return false;
        return this.operator === 'gt' ? have > want : have < want;
      }
    }
  }

  /** Canonical form: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`. */
  toString(): string {
    if (this.operator === 'exists') return this.key;
    if (this.operator === '!') return '!' + this.key;
    const vals = this.values.length === 1 ? this.values[0]! : [...this.values].sort(compareGoStrings).join(',');
    switch (this.operator) {
      case 'in':
        return `${this.key} in (${vals})`;
      case 'notin':
        return `${this.key} notin (${vals})`;
      case 'gt':
        return `${this.key}>${vals}`;
      case 'lt':
        return `${this.key}<${vals}`;
      default:
        return `${this.key}${this.operator}${vals}`;
    }
  }

  equals(other: Requirement): boolean {
    return (
      this.key === other.key &&
      this.operator === other.operator &&
      this.values.length === other.values.length &&
      this.values.every((v, i) => v === other.values[i])
    );
  }
}

export function validateLabelKey(key: string, p: MaybePath): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length > 0 ? invalid(p, key, errs.join('; ')) : undefined;
}

function validateLabelValue(key: string, value: string, p: FieldPath): FieldError | undefined {
  const errs = isValidLabelValue(value);
  return errs.length > 0 ? invalid(p.key(key), value, errs.join('; ')) : undefined;
}

export interface RequirementOptions {
  /** Prefix for error paths (upstream's field.WithPath); without it errors read "key: …", "values[0][k]: …". */
  path?: FieldPath | null;
}

/**
 * Upstream's labels.NewRequirement: validates the key, the operator/values combination and each value,
 * throwing a SelectorError whose message is the aggregate of the field errors. `values: null` stands
 * for a Go nil slice (printed `[]string(nil)` in messages).
 */
export function newRequirement(key: string, op: string, values: readonly string[] | null, opts: RequirementOptions = {}): Requirement {
  const p = opts.path ?? null;
  const errs: FieldError[] = [];
  const keyErr = validateLabelKey(key, childOf(p, 'key'));
  if (keyErr) errs.push(keyErr);
  const vals = values ?? [];
  const shown = values === null ? new GoValue('[]string(nil)') : vals;
  const valuePath = childOf(p, 'values');
  switch (op) {
    case 'in':
    case 'notin':
      if (vals.length === 0) errs.push(invalid(valuePath, shown, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) errs.push(invalid(valuePath, shown, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) errs.push(invalid(valuePath, vals, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) errs.push(invalid(valuePath, shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(invalid(valuePath.index(i), v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(notSupported(childOf(p, 'operator'), op, VALID_OPERATORS));
  }
  vals.forEach((v, i) => {
    const e = validateLabelValue(key, v, valuePath.index(i));
    if (e) errs.push(e);
  });
  if (errs.length > 0) throw new SelectorError(new AggregateFieldError(errs).message, errs);
  return new Requirement(key, op as Operator, vals);
}
