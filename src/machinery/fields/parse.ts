// fields.ParseSelector: comma-separated terms (a `\,` is data, not a separator), each `field=value`,
// `field==value` or `field!=value`, split at the first operator; values are unescaped. Terms are
// sorted (as strings) before parsing, so the canonical string is deterministic.

import { compareGoStrings } from '../validation/index.js';
import { FieldSelectorError, unescapeValue } from './escape.js';
import { andSelectors, type FieldSelector, oneTermEqualSelector, oneTermNotEqualSelector, type TransformFunc } from './selector.js';

function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const OPERATORS = ['!=', '==', '='] as const;

function splitTerm(term: string): [string, (typeof OPERATORS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

const identity: TransformFunc = (f, v) => [f, v];

/** Upstream's ParseAndTransformSelector: parse, then apply fn to each term. Throws FieldSelectorError or fn's error. */
export function parseAndTransformSelector(selector: string, fn: TransformFunc): FieldSelector {
  const parts = splitTerms(selector).sort(compareGoStrings);
  const items: FieldSelector[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [lhs, op, rhs] = split;
    const value = unescapeValue(rhs);
    items.push(op === '!=' ? oneTermNotEqualSelector(lhs, value) : oneTermEqualSelector(lhs, value));
  }
  if (items.length === 1) return items[0]!.transform(fn);
  return andSelectors(...items).transform(fn);
}

/** Upstream's fields.ParseSelector. Throws FieldSelectorError. */
export function parseSelector(selector: string): FieldSelector {
  return parseAndTransformSelector(selector, identity);
}
