// resource.Quantity as upstream parses, compares, rounds and prints it ("0.5" → "500m",
// "1024Mi" → "1Gi", "2000" → "2k"). A quantity is kept exactly as unscaled × 10^scale (BigInt),
// rounded away from zero to nano precision as upstream's parser does.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  unscaled: bigint;
  scale: number;
  format: QuantityFormat;
}

export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const NUMERIC_ERROR = 'unable to parse numeric part of quantity';
const SUFFIX_ERROR = "unable to parse quantity's suffix";

export class QuantityError extends Error {}

const DEC_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC_BY_EXP = new Map(Object.entries(DEC_SUFFIX).map(([k, v]) => [v, k]));
const BIN_BY_EXP = new Map(Object.entries(BIN_SUFFIX).map(([k, v]) => [v, k]));

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Splits "123.45Mi" into sign, integer digits, fraction digits and suffix as upstream's parseQuantityString. */
function split(str: string): { positive: boolean; num: string; denom: string; suffix: string } {
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let pos = 0;
  let positive = true;
  const end = str.length;
  if (str[0] === '+') pos++;
  else if (str[0] === '-') {
    positive = false;
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  const numStart = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  const num = str.slice(numStart, pos) || '0';
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    const ds = pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(ds, pos);
  }
  // As upstream: letters from the suffix alphabet, an optional sign, then digits only.
  const suffix = str.slice(pos);
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  return { positive, num, denom, suffix };
}

function interpret(suffix: string): { base: 10 | 2; exponent: number; format: QuantityFormat } | null {
  if (Object.prototype.hasOwnProperty.call(DEC_SUFFIX, suffix)) return { base: 10, exponent: DEC_SUFFIX[suffix]!, format: 'DecimalSI' };
  if (Object.prototype.hasOwnProperty.call(BIN_SUFFIX, suffix)) return { base: 2, exponent: BIN_SUFFIX[suffix]!, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const rest = suffix.slice(1);
    if (!/^[-+]?[0-9]+$/.test(rest)) return null;
    const n = Number(rest);
    if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 31) return null;
    return { base: 10, exponent: n, format: 'DecimalExponent' };
  }
  return null;
}

/** Parses a quantity string; throws QuantityError with upstream's message when it is not one. */
export function parseQuantity(input: string | number): Quantity {
  const s = typeof input === 'number' ? numberToString(input) : input;
  if (s.length === 0) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  if (s === '0') return { unscaled: 0n, scale: 0, format: 'DecimalSI' };
  const { positive, num, denom, suffix } = split(s);
  const suf = interpret(suffix);
  if (!suf) throw new QuantityError(SUFFIX_ERROR);
  let unscaled: bigint;
  try {
    unscaled = BigInt(num + denom);
  } catch {
    throw new QuantityError(NUMERIC_ERROR);
  }
  let scale = -denom.length;
  if (suf.base === 10) scale += suf.exponent;
  else unscaled *= 2n ** BigInt(suf.exponent);
  // Round away from zero to nano precision.
  if (scale < -9 && unscaled !== 0n) {
    const div = pow10(-9 - scale);
    const q = unscaled / div;
    unscaled = q * div === unscaled ? q : q + 1n;
    scale = -9;
  }
  if (!positive) unscaled = -unscaled;
  let format = suf.format;
  if (format === 'BinarySI' && cmp({ unscaled: unscaled < 0n ? -unscaled : unscaled, scale, format }, ONE) < 0) format = 'DecimalSI';
  return normalize({ unscaled, scale, format });
}

const ONE: Quantity = { unscaled: 1n, scale: 0, format: 'DecimalSI' };

function numberToString(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  const s = String(n);
  if (!s.includes('e')) return s;
  // 1.5e-7 → "0.00000015"
  return n.toFixed(20).replace(/0+$/, '');
}

/** Moves trailing decimal zeros of the unscaled value into the scale. */
function normalize(q: Quantity): Quantity {
  let { unscaled, scale } = q;
  if (unscaled === 0n) return { unscaled: 0n, scale: 0, format: q.format };
  while (unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale++;
  }
  return { unscaled, scale, format: q.format };
}

/** True when the string parses as a quantity. */
export function isQuantity(v: unknown): boolean {
  if (typeof v !== 'string' && typeof v !== 'number') return false;
  try {
    parseQuantity(v);
    return true;
  } catch {
    return false;
  }
}

function align(a: Quantity, b: Quantity): [bigint, bigint] {
  const s = Math.min(a.scale, b.scale);
  return [a.unscaled * pow10(a.scale - s), b.unscaled * pow10(b.scale - s)];
}

export function cmp(a: Quantity, b: Quantity): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function add(a: Quantity, b: Quantity): Quantity {
  const [x, y] = align(a, b);
  return normalize({ unscaled: x + y, scale: Math.min(a.scale, b.scale), format: a.unscaled === 0n ? b.format : a.format });
}

export function isZero(q: Quantity): boolean {
  return q.unscaled === 0n;
}

export function sign(q: Quantity): number {
  return q.unscaled < 0n ? -1 : q.unscaled > 0n ? 1 : 0;
}

/** Rounds away from zero to the given decimal scale (upstream's RoundUp; -3 is milli). */
export function roundUp(q: Quantity, scale: number): Quantity {
  if (q.scale >= scale) return q;
  const div = pow10(scale - q.scale);
  const neg = q.unscaled < 0n;
  const abs = neg ? -q.unscaled : q.unscaled;
  let r = abs / div;
  if (r * div !== abs) r += 1n;
  return normalize({ unscaled: neg ? -r : r, scale, format: q.format });
}

/** The value × 1000 rounded up (upstream's MilliValue, saturating not modelled). */
export function milliValue(q: Quantity): bigint {
  const r = roundUp(q, -3);
  return r.scale >= -3 ? r.unscaled * pow10(r.scale + 3) : r.unscaled;
}

/** The value rounded up to an integer (upstream's Value). */
export function value(q: Quantity): bigint {
  const r = roundUp(q, 0);
  return r.unscaled * pow10(r.scale);
}

/** The canonical string upstream prints (Quantity.String()). */
export function formatQuantity(q: Quantity): string {
  if (q.unscaled === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const abs = q.unscaled < 0n ? -q.unscaled : q.unscaled;
    if (cmp({ unscaled: abs, scale: q.scale, format }, { unscaled: 1024n, scale: 0, format }) < 0) format = 'DecimalSI';
    else if (q.scale < 0) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let v = q.unscaled * pow10(q.scale);
    let exp = 0;
    while (v % 1024n === 0n && v !== 0n && exp < 60) {
      v /= 1024n;
      exp += 10;
    }
    const suffix = BIN_BY_EXP.get(exp);
    if (suffix !== undefined) return `${v}${suffix}`;
    return formatDecimal(q, 'DecimalSI');
  }
  return formatDecimal(q, format);
}

function formatDecimal(q: Quantity, format: QuantityFormat): string {
  let { unscaled, scale } = normalize(q);
  while (((scale % 3) + 3) % 3 !== 0) {
    unscaled *= 10n;
    scale--;
  }
  if (format === 'DecimalExponent') return scale === 0 ? `${unscaled}` : `${unscaled}e${scale}`;
  const suffix = DEC_BY_EXP.get(scale);
  return suffix === undefined ? `${unscaled}e${scale}` : `${unscaled}${suffix}`;
}

/** Parses and prints canonically; returns the input unchanged when it is not a quantity. */
export function canonicalQuantity(v: unknown, roundToMilli = false): unknown {
  if (typeof v !== 'string' && typeof v !== 'number') return v;
  try {
    let q = parseQuantity(v);
    if (roundToMilli) q = roundUp(q, -3);
    return formatQuantity(q);
  } catch {
    return v;
  }
}

/** Go's %#v of a resource.Quantity value, as validation messages that pass one print it. */
export function goQuantity(q: Quantity): string {
  const s = formatQuantity(q);
  const n = normalize(q);
  return `resource.Quantity{i:resource.int64Amount{value:${n.unscaled}, scale:${n.scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(s)}, Format:${JSON.stringify(q.format)}}`;
}
