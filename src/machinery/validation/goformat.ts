// Helpers that reproduce how Go formats values in Kubernetes error messages: strconv.Quote (`%q`),
// `%v` for numbers, `%#v` for string slices, time.Time.String(), byte lengths and byte-wise ordering.

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrint(ch: string): boolean {
  return ch === ' ' || PRINTABLE.test(ch);
}

/** Go's strconv.Quote. Lone surrogates (not representable in Go) are shown as U+FFFD, as Go decodes them. */
export function goQuote(s: string): string {
  let out = '"';
  for (const raw of s) {
    let ch = raw;
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      ch = '\ufffd';
      cp = 0xfffd;
    }
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
      continue;
    }
    if (isGoPrint(ch)) {
      out += ch;
      continue;
    }
    switch (ch) {
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/**
 * Go's `%v` of a number. JavaScript cannot tell int64 from float64, so integral values print as Go
 * prints integers ("42"); others as Go prints a float64 (shortest digits, exponent form when the
 * exponent is < -4 or >= 6: "1.5e+06").
 */
export function goNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (Number.isInteger(n)) return BigInt(n).toString();
  const [mant, expStr] = n.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Go's `%#v` of a []string: `[]string{"a", "b"}`; a nil slice is `[]string(nil)`. */
export function goStringSlice(values: readonly string[] | null | undefined): string {
  if (values == null) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** UTF-8 byte length (Go's len() of a string). */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Orders strings as Go does (byte-wise UTF-8, i.e. by code point). */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP code unit above them in UTF-8 order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) {
      if (xs) return y >= 0xe000 ? 1 : x - y;
      return x >= 0xe000 ? -1 : x - y;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Sorted, de-duplicated copy (Go's sets.NewString(...).List()). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareGoStrings);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp to epoch milliseconds plus the sub-millisecond digits kept as text. */
export function parseRFC3339(s: string): { ms: number; fraction: string } | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone] = m as unknown as string[];
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  if (Number.isNaN(ms)) return undefined;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return { ms, fraction: frac ? frac.slice(1) : '' };
}

/**
 * Go's time.Time.String() of a metav1.Time decoded from `s`, in UTC (the server's zone in a
 * container): "2024-01-02 03:04:05 +0000 UTC". An empty or missing time is Go's zero time.
 */
export function goTimeString(s: string | null | undefined): string {
  if (s == null || s === '') return '0001-01-01 00:00:00 +0000 UTC';
  const t = parseRFC3339(s);
  if (!t) return s;
  const iso = new Date(t.ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const frac = t.fraction.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? '.' + frac : ''} +0000 UTC`;
}
