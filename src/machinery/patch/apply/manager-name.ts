// The field manager of a request: ?fieldManager= when given, else the user agent's product name
// (the text before the first '/', printable characters only, at most 128 bytes), as upstream.

const FIELD_MANAGER_MAX_LENGTH = 128;

export function managerFromRequest(opts: { fieldManager?: string; userAgent?: string }): string {
  if (opts.fieldManager) return opts.fieldManager;
  const prefix = (opts.userAgent ?? '').split('/')[0] as string;
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch) || (/\s/u.test(ch) && ch !== ' ')) continue;
    const n = Buffer.byteLength(ch);
    if (bytes + n > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += n;
  }
  return out;
}
