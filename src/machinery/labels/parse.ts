// labels.Parse: the label selector grammar with upstream's error messages.
//
//   <selector>     ::= <requirement> | <requirement> "," <selector>
//   <requirement>  ::= [!] KEY [ <set-based> | <exact-match> ]
//   <set-based>    ::= ("in" | "notin") "(" VALUE ["," VALUE]* ")"
//   <exact-match>  ::= ("=" | "==" | "!=" | ">" | "<") VALUE
//
// Values of a requirement are sorted and de-duplicated; requirements are sorted by key.

import { sortedUnique } from '../validation/index.js';
import { Lexer, type ScannedItem, type Token } from './lexer.js';
import {
  BINARY_OPERATORS,
  newRequirement,
  type Operator,
  Requirement,
  type RequirementOptions,
  SelectorError,
  validateLabelKey,
} from './requirement.js';
import { Selector } from './selector.js';

type Context = 'KeyAndOperator' | 'Values';

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly errors: SelectorError['errors'] = [],
  ) {
    super(message);
  }
}

function fail(msg: string, errors?: SelectorError['errors']): never {
  throw new ParseFailure(msg, errors);
}

class Parser {
  #pos = 0;
  constructor(
    private readonly items: readonly ScannedItem[],
    private readonly opts: RequirementOptions,
  ) {}

  #adjust(item: ScannedItem, ctx: Context): [Token, string] {
    // In a Values context the keywords "in"/"notin" are plain identifiers.
    if (ctx === 'Values' && (item.tok === 'In' || item.tok === 'NotIn')) return ['Identifier', item.literal];
    return [item.tok, item.literal];
  }

  #lookahead(ctx: Context): [Token, string] {
    return this.#adjust(this.items[this.#pos]!, ctx);
  }

  #consume(ctx: Context): [Token, string] {
    return this.#adjust(this.items[this.#pos++]!, ctx);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const [tok, lit] = this.#lookahead('Values');
      if (tok === 'EndOfString') return reqs;
      if (tok !== 'Identifier' && tok !== 'DoesNotExist') fail(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.#parseRequirement());
      } catch (e) {
        if (e instanceof ParseFailure || e instanceof SelectorError) fail(`unable to parse requirement: ${e.message}`, e.errors);
        throw e;
      }
      const [t, l] = this.#consume('Values');
      if (t === 'EndOfString') return reqs;
      if (t !== 'Comma') fail(`found '${l}', expected: ',' or 'end of string'`);
      const [t2, l2] = this.#lookahead('Values');
      if (t2 !== 'Identifier' && t2 !== 'DoesNotExist') fail(`found '${l2}', expected: identifier after ','`);
    }
  }

  #parseRequirement(): Requirement {
    const [key, inferred] = this.#parseKeyAndInferOperator();
    if (inferred !== undefined) return newRequirement(key, inferred, [], this.opts);
    const op = this.#parseOperator();
    const values = op === 'in' || op === 'notin' ? this.#parseValues() : this.#parseExactValue();
    return newRequirement(key, op, sortedUnique(values), this.opts);
  }

  /** The key, and "exists"/"!" when no binary operator follows. */
  #parseKeyAndInferOperator(): [string, Operator | undefined] {
    let op: Operator | undefined;
    let [tok, lit] = this.#consume('Values');
    if (tok === 'DoesNotExist') {
      op = '!';
      [tok, lit] = this.#consume('Values');
    }
    if (tok !== 'Identifier') fail(`found '${lit}', expected: identifier`);
    const keyErr = validateLabelKey(lit, this.opts.path ?? null);
    if (keyErr) fail(keyErr.message, [keyErr]);
    const [next] = this.#lookahead('Values');
    if ((next === 'EndOfString' || next === 'Comma') && op !== '!') op = 'exists';
    return [lit, op];
  }

  #parseOperator(): Operator {
    const [tok, lit] = this.#consume('KeyAndOperator');
    switch (tok) {
      case 'In': return 'in';
      case 'Equals': return '=';
      case 'DoubleEquals': return '==';
      case 'GreaterThan': return 'gt';
      case 'LessThan': return 'lt';
      case 'NotIn': return 'notin';
      case 'NotEquals': return '!=';
      default: return fail(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  #parseValues(): string[] {
    const [open, openLit] = this.#consume('Values');
    if (open !== 'OpenPar') fail(`found '${openLit}' expected: '('`);
    const [tok, lit] = this.#lookahead('Values');
    if (tok === 'Identifier' || tok === 'Comma') {
      const s = this.#parseIdentifiersList();
      if (this.#consume('Values')[0] !== 'ClosedPar') fail(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === 'ClosedPar') {
      this.#consume('Values');
      return [''];
    }
    return fail(`found '${lit}', expected: ',', ')' or identifier`);
  }

  /** A possibly empty list of possibly empty identifiers: "(a,,b)", "(,a)", "(a,)". */
  #parseIdentifiersList(): string[] {
    const s = new Set<string>();
    for (;;) {
      const [tok, lit] = this.#consume('Values');
      if (tok === 'Identifier') {
        s.add(lit);
        const [tok2, lit2] = this.#lookahead('Values');
        if (tok2 === 'Comma') continue;
        if (tok2 === 'ClosedPar') return [...s];
        fail(`found '${lit2}', expected: ',' or ')'`);
      } else if (tok === 'Comma') {
        if (s.size === 0) s.add('');
        const [tok2] = this.#lookahead('Values');
        if (tok2 === 'ClosedPar') {
          s.add('');
          return [...s];
        }
        if (tok2 === 'Comma') {
          this.#consume('Values');
          s.add('');
        }
      } else {
        fail(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  #parseExactValue(): string[] {
    const [next] = this.#lookahead('Values');
    if (next === 'EndOfString' || next === 'Comma') return [''];
    const [tok, lit] = this.#consume('Values');
    if (tok === 'Identifier') return [lit];
    return fail(`found '${lit}', expected: identifier`);
  }
}

export interface ParseOptions {
  /** Path prefix for validation errors (upstream's field.WithPath); errors show "<nil>: …" / "key: …" without it. */
  path?: RequirementOptions['path'];
}

/** The requirements of a selector string, sorted by key (upstream's ParseToRequirements). Throws SelectorError. */
export function parseToRequirements(selector: string, opts: ParseOptions = {}): Requirement[] {
  const p = new Parser(Lexer.scan(selector), { path: opts.path ?? null });
  try {
    return Selector.of(p.parse()).requirements().slice();
  } catch (e) {
    if (e instanceof ParseFailure) throw new SelectorError(e.message, e.errors);
    throw e;
  }
}

/** Upstream's labels.Parse. Throws SelectorError with upstream's message. */
export function parse(selector: string, opts: ParseOptions = {}): Selector {
  return Selector.of(parseToRequirements(selector, opts));
}
