// Escaping of field selector values: `\`, `,` and `=` are written `\\`, `\,` and `\=` (upstream
// fields.EscapeValue / UnescapeValue, with its error messages).

/** Any invalid field selector (the apiserver answers 400 BadRequest with the message). */
export class FieldSelectorError extends Error {
  override readonly name: string = 'FieldSelectorError';
}

export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => '\\' + c);
}

/**
 * The literal value of an escaped field selector value. Unknown escapes fail with
 * "invalid field selector: invalid escape sequence: \x"; an unescaped `,` or `=` with
 * "invalid field selector: unescaped character in value: 61" (Go prints the rune as a number).
 */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}
