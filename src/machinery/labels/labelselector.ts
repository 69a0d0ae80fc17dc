// Conversions between the metav1.LabelSelector API type and Selector (upstream meta/v1 helpers.go).

import { parseToRequirements } from './parse.js';
import { newRequirement, type Operator, SelectorError } from './requirement.js';
import { Selector } from './selector.js';
import { goQuote, sortedUnique } from '../validation/index.js';

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator | (string & {});
  values?: string[] | null;
}

/** The metav1.LabelSelector API type. */
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

const API_TO_OPERATOR: Readonly<Record<string, Operator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * Upstream's LabelSelectorAsSelector. A missing (null/undefined) selector selects NOTHING; an empty one
 * (`{}`, no matchLabels and no matchExpressions) selects EVERYTHING. Throws SelectorError for invalid
 * keys, values or operators (`"Foo" is not a valid label selector operator`).
 */
export function fromLabelSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls == null) return Selector.nothing();
  const matchLabels = Object.entries(ls.matchLabels ?? {});
  const exprs = ls.matchExpressions ?? [];
  if (matchLabels.length + exprs.length === 0) return Selector.everything();
  const reqs = matchLabels.map(([k, v]) => newRequirement(k, '=', [v]));
  for (const e of exprs) {
    const op = Object.prototype.hasOwnProperty.call(API_TO_OPERATOR, e.operator) ? API_TO_OPERATOR[e.operator] : undefined;
    if (op === undefined) throw new SelectorError(`${goQuote(e.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(e.key, op, e.values && e.values.length > 0 ? [...e.values] : null));
  }
  return Selector.of(reqs);
}

/**
 * Upstream's FormatLabelSelector (kubectl describe's "Selector:" line): the canonical string, "<none>"
 * when it is empty (including a missing selector), "<error>" when the selector is invalid.
 */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = fromLabelSelector(ls).toString();
  } catch {
    return '<error>';
  }
  return s.length === 0 ? '<none>' : s;
}

/** Upstream's ParseToLabelSelector: a selector string as a metav1.LabelSelector. Throws SelectorError. */
export function parseToLabelSelector(selector: string): LabelSelector {
  let reqs;
  try {
    reqs = parseToRequirements(selector);
  } catch (e) {
    if (e instanceof SelectorError) throw new SelectorError(`couldn't parse the selector string "${selector}": ${e.message}`, e.errors);
    throw e;
  }
  const out: { matchLabels: Record<string, string>; matchExpressions: LabelSelectorRequirement[] } = {
    matchLabels: {},
    matchExpressions: [],
  };
  const toAPI: Partial<Record<Operator, LabelSelectorOperator>> = { in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' };
  for (const r of reqs) {
    if (r.operator === '=' || r.operator === '==') {
      out.matchLabels[r.key] = r.values[0]!;
      continue;
    }
    if (r.operator === 'gt' || r.operator === 'lt') throw new SelectorError(`${goQuote(r.operator)} isn't supported in label selectors`);
    const op = toAPI[r.operator];
    if (op === undefined) throw new SelectorError(`${goQuote(r.operator)} is not a valid label selector operator`);
    out.matchExpressions.push({ key: r.key, operator: op, values: sortedUnique(r.values) });
  }
  return out;
}

/** Upstream's LabelSelectorAsMap: only matchLabels and single-value In are convertible. Throws SelectorError. */
export function labelSelectorAsMap(ls: LabelSelector | null | undefined): Record<string, string> | null {
  if (ls == null) return null;
  const out: Record<string, string> = { ...(ls.matchLabels ?? {}) };
  for (const e of ls.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In':
        if ((e.values ?? []).length !== 1) {
          throw new SelectorError(`operator ${goQuote(e.operator)} without a single value cannot be converted into the old label selector format`);
        }
        out[e.key] = e.values![0]!;
        break;
      case 'NotIn':
      case 'Exists':
      case 'DoesNotExist':
        throw new SelectorError(`operator ${goQuote(e.operator)} cannot be converted into the old label selector format`);
      default:
        throw new SelectorError(`${goQuote(e.operator)} is not a valid selector operator`);
    }
  }
  return out;
}

/** Upstream's SetAsLabelSelector: a label map as a matchLabels-only selector (null stays null). */
export function setAsLabelSelector(set: Record<string, string> | null | undefined): LabelSelector | null {
  return set == null ? null : { matchLabels: { ...set } };
}
