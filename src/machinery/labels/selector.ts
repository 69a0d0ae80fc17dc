// An immutable label selector: an AND of requirements kept sorted by key, or the special "nothing"
// selector (what a nil metav1.LabelSelector converts to) that matches no object at all.

import { compareGoStrings } from '../validation/index.js';
import { type Labels, newRequirement, Requirement } from './requirement.js';

function byKey(a: Requirement, b: Requirement): number {
  return compareGoStrings(a.key, b.key);
}

export class Selector {
  /** null means "nothing". */
  readonly #reqs: readonly Requirement[] | null;

  private constructor(reqs: readonly Requirement[] | null) {
    this.#reqs = reqs === null ? null : Object.freeze([...reqs].sort(byKey));
  }

  static #everything = new Selector([]);
  static #nothing = new Selector(null);

  /** Matches every object (an empty selector: "", `{}`, an empty set). */
  static everything(): Selector {
    return Selector.#everything;
  }

  /** Matches no object (a nil metav1.LabelSelector). */
  static nothing(): Selector {
    return Selector.#nothing;
  }

  /** A selector of the given requirements (sorted by key, stable for equal keys). */
  static of(reqs: readonly Requirement[]): Selector {
    return reqs.length === 0 ? Selector.#everything : new Selector(reqs);
  }

  matches(labels: Labels): boolean {
    if (this.#reqs === null) return false;
    for (const r of this.#reqs) if (!r.matches(labels)) return false;
    return true;
  }

  /** True when the selector does not restrict anything (false for "nothing"). */
  empty(): boolean {
    return this.#reqs !== null && this.#reqs.length === 0;
  }

  /** True only for the "nothing" selector. */
  matchesNothing(): boolean {
    return this.#reqs === null;
  }

  /** The requirements, sorted by key; empty for both "everything" and "nothing" (tell them apart with matchesNothing). */
  requirements(): readonly Requirement[] {
    return this.#reqs ?? [];
  }

  /**
   * Upstream's RequiresExactMatch: the value the first requirement on `label` pins it to (=, == or
   * in with one value), or undefined.
   */
  requiresExactMatch(label: string): string | undefined {
    for (const r of this.#reqs ?? []) {
      if (r.key !== label) continue;
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
      return undefined;
    }
    return undefined;
  }

  /** Every label pinned to one value (for index lookups), keyed by label. */
  exactMatches(): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const r of this.#reqs ?? []) {
      if (out.has(r.key)) continue;
      const v = this.requiresExactMatch(r.key);
      if (v !== undefined) out.set(r.key, v);
    }
    return out;
  }

  /** A new selector with more requirements ("nothing" stays "nothing"). */
  add(...reqs: Requirement[]): Selector {
    if (this.#reqs === null) return this;
    return Selector.of([...this.#reqs, ...reqs]);
  }

  /** Canonical string: requirements sorted by key, joined by ","; "" for everything and nothing. */
  toString(): string {
    return (this.#reqs ?? []).map((r) => r.toString()).join(',');
  }
}

export function everything(): Selector {
  return Selector.everything();
}

export function nothing(): Selector {
  return Selector.nothing();
}

/** A selector matching exactly the given labels, without validating them; empty or missing → everything. */
export function selectorFromSet(set: Labels): Selector {
  if (!set) return Selector.everything();
  return Selector.of(Object.entries(set).map(([k, v]) => new Requirement(k, '=', [v])));
}

/** Like selectorFromSet, but validates keys and values (throws SelectorError). */
export function validatedSelectorFromSet(set: Labels): Selector {
  if (!set) return Selector.everything();
  return Selector.of(Object.entries(set).map(([k, v]) => newRequirement(k, '=', [v])));
}
