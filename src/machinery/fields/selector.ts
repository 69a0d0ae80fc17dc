// Field selectors as upstream's k8s.io/apimachinery/pkg/fields: `a=b` / `a==b` (hasTerm), `a!=b`
// (notHasTerm), an AND of terms, and "nothing". A field missing from the object reads as "".

import { escapeValue } from './escape.js';

export type Fields = Readonly<Record<string, string>>;

export interface FieldRequirement {
  /** "=" for `=` and `==`, "!=" for `!=` (upstream's selection.Equals / NotEquals). */
  readonly operator: '=' | '!=';
  readonly field: string;
  readonly value: string;
}

/**
 * Renames or checks one term: returns the new [field, value] or throws (e.g. fieldLabelNotSupported).
 * Returning ["", ""] drops the term.
 */
export type TransformFunc = (field: string, value: string) => readonly [string, string];

export interface FieldSelector {
  matches(fields: Fields | null | undefined): boolean;
  /** True when nothing is restricted ("" or only dropped terms). */
  empty(): boolean;
  /** True only for the "nothing" selector. */
  matchesNothing(): boolean;
  /** The value a `field=value` term pins the field to (first match), or undefined. */
  requiresExactMatch(field: string): string | undefined;
  /** A new selector with fn applied to every term; throws what fn throws. */
  transform(fn: TransformFunc): FieldSelector;
  requirements(): readonly FieldRequirement[];
  /** Upstream's String(): terms joined by ",", values escaped. */
  toString(): string;
}

function get(fields: Fields | null | undefined, key: string): string {
  if (!fields || !Object.prototype.hasOwnProperty.call(fields, key)) return '';
  return fields[key] ?? '';
}

class Term implements FieldSelector {
  constructor(
    readonly negated: boolean,
    readonly field: string,
    readonly value: string,
  ) {}
  matches(fields: Fields | null | undefined): boolean {
    return (get(fields, this.field) === this.value) !== this.negated;
  }
  empty(): boolean {
    return false;
  }
  matchesNothing(): boolean {
    return false;
  }
  requiresExactMatch(field: string): string | undefined {
    return !this.negated && this.field === field ? this.value : undefined;
  }
  transform(fn: TransformFunc): FieldSelector {
    const [f, v] = fn(this.field, this.value);
    if (f.length === 0 && v.length === 0) return everything();
    return new Term(this.negated, f, v);
  }
  requirements(): readonly FieldRequirement[] {
    return [{ operator: this.negated ? '!=' : '=', field: this.field, value: this.value }];
  }
  toString(): string {
    return `${this.field}${this.negated ? '!=' : '='}${escapeValue(this.value)}`;
  }
}

class AndTerm implements FieldSelector {
  constructor(readonly terms: readonly FieldSelector[]) {}
  matches(fields: Fields | null | undefined): boolean {
    return this.terms.every((t) => t.matches(fields));
  }
  empty(): boolean {
    return this.terms.every((t) => t.empty());
  }
  matchesNothing(): boolean {
    return false;
  }
  requiresExactMatch(field: string): string | undefined {
    for (const t of this.terms) {
      const v = t.requiresExactMatch(field);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  transform(fn: TransformFunc): FieldSelector {
    const next: FieldSelector[] = [];
    for (const t of this.terms) {
      const n = t.transform(fn);
      if (!n.empty()) next.push(n);
    }
    return new AndTerm(next);
  }
  requirements(): readonly FieldRequirement[] {
    return this.terms.flatMap((t) => t.requirements());
  }
  toString(): string {
    return this.terms.map((t) => t.toString()).join(',');
  }
}

class Nothing implements FieldSelector {
  matches(): boolean {
    return false;
  }
  empty(): boolean {
    return false;
  }
  matchesNothing(): boolean {
    return true;
  }
  requiresExactMatch(): string | undefined {
    return undefined;
  }
  transform(): FieldSelector {
    return this;
  }
  requirements(): readonly FieldRequirement[] {
    return [];
  }
  toString(): string {
    return '';
  }
}

const EVERYTHING: FieldSelector = new AndTerm([]);
const NOTHING: FieldSelector = new Nothing();

export function everything(): FieldSelector {
  return EVERYTHING;
}

export function nothing(): FieldSelector {
  return NOTHING;
}

export function oneTermEqualSelector(field: string, value: string): FieldSelector {
  return new Term(false, field, value);
}

export function oneTermNotEqualSelector(field: string, value: string): FieldSelector {
  return new Term(true, field, value);
}

export function andSelectors(...selectors: FieldSelector[]): FieldSelector {
  return new AndTerm(selectors);
}

/** `field=value` for every entry (a missing set is everything). */
export function selectorFromSet(set: Fields | null | undefined): FieldSelector {
  if (!set) return EVERYTHING;
  const items = Object.entries(set).map(([f, v]) => new Term(false, f, v));
  return items.length === 1 ? items[0]! : new AndTerm(items);
}
