// The label selector lexer, with upstream's token rules: identifiers run until whitespace or one of
// = ! ( ) , > <; operators are the longest match of those symbols; "in"/"notin" are keywords; a NUL
// character reads as the end of the input.

export type Token =
  | 'Error'
  | 'EndOfString'
  | 'ClosedPar'
  | 'Comma'
  | 'DoesNotExist'
  | 'DoubleEquals'
  | 'Equals'
  | 'GreaterThan'
  | 'Identifier'
  | 'In'
  | 'LessThan'
  | 'NotEquals'
  | 'NotIn'
  | 'OpenPar';

const LITERAL_TOKENS: ReadonlyMap<string, Token> = new Map<string, Token>([
  [')', 'ClosedPar'],
  [',', 'Comma'],
  ['!', 'DoesNotExist'],
  ['==', 'DoubleEquals'],
  ['=', 'Equals'],
  ['>', 'GreaterThan'],
  ['in', 'In'],
  ['<', 'LessThan'],
  ['!=', 'NotEquals'],
  ['notin', 'NotIn'],
  ['(', 'OpenPar'],
]);

export interface ScannedItem {
  tok: Token;
  literal: string;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecialSymbol(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}

const END = '\0';

export class Lexer {
  #pos = 0;
  constructor(private readonly s: string) {}

  /** The next character, or NUL at the end (the position only advances inside the input). */
  #read(): string {
    if (this.#pos < this.s.length) return this.s[this.#pos++]!;
    return END;
  }

  #unread(): void {
    this.#pos--;
  }

  #scanIDOrKeyword(): ScannedItem {
    let buf = '';
    for (;;) {
      const ch = this.#read();
      if (ch === END) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.#unread();
        break;
      }
      buf += ch;
    }
    return { tok: LITERAL_TOKENS.get(buf) ?? 'Identifier', literal: buf };
  }

  #scanSpecialSymbol(): ScannedItem {
    let buf = '';
    let last: ScannedItem | undefined;
    for (;;) {
      const ch = this.#read();
      if (ch === END) break;
      if (!isSpecialSymbol(ch)) {
        this.#unread();
        break;
      }
      buf += ch;
      const tok = LITERAL_TOKENS.get(buf);
      if (tok !== undefined) {
        last = { tok, literal: buf };
      } else if (last !== undefined) {
        this.#unread();
        break;
      }
    }
    return last ?? { tok: 'Error', literal: `error expected: keyword found '${buf}'` };
  }

  lex(): ScannedItem {
    let ch = this.#read();
    while (isWhitespace(ch)) ch = this.#read();
    if (ch === END) return { tok: 'EndOfString', literal: '' };
    this.#unread();
    return isSpecialSymbol(ch) ? this.#scanSpecialSymbol() : this.#scanIDOrKeyword();
  }

  /** All tokens up to and including the first EndOfString. */
  static scan(s: string): ScannedItem[] {
    const lx = new Lexer(s);
    const items: ScannedItem[] = [];
    for (;;) {
      const item = lx.lex();
      items.push(item);
      if (item.tok === 'EndOfString') return items;
    }
  }
}
