// A small parser for resource quantities ("100m", "1Gi", "1e3", "0.5", "2k"), enough for the scheduler:
// it turns a quantity into an integer number of units (Value) or milli-units (MilliValue), rounding up
// like upstream's resource.Quantity. Exact arithmetic (BigInt) at parse time; results are memoized.

export class QuantityError extends Error {}

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

interface Parsed {
  value: number;
  milli: number;
}

const memo = new Map<string, Parsed>();

/** value × 10^exp10 × 2^exp2, rounded away from zero to an integer. */
function scaled(negative: boolean, mantissa: bigint, exp10: number, exp2: number): number {
  let num = mantissa << BigInt(exp2);
  let den = 1n;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den = 10n ** BigInt(-exp10);
  let q = num / den;
  if (q * den !== num) q += 1n;
  const n = Number(q);
  return negative ? -n : n;
}

function parse(s: string): Parsed {
  const m = QUANTITY_RE.exec(s.trim());
  const intDigits = m?.[2] ?? '';
  const fracDigits = m?.[3] ?? '';
  if (!m || intDigits.length + fracDigits.length === 0) {
    throw new QuantityError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  }
  const negative = m[1] === '-';
  const mantissa = BigInt(intDigits + fracDigits || '0');
  let exp10 = -fracDigits.length;
  let exp2 = 0;
  if (m[4] !== undefined) exp10 += Number(m[4].slice(1));
  else if (m[5] !== undefined) {
    const bin = BINARY_SUFFIX[m[5]];
    if (bin !== undefined) exp2 = bin;
    else exp10 += DECIMAL_SUFFIX[m[5]]!;
  }
  return { value: scaled(negative, mantissa, exp10, exp2), milli: scaled(negative, mantissa, exp10 + 3, exp2) };
}

function lookup(q: string | number): Parsed {
  if (typeof q === 'number') return { value: Math.ceil(q), milli: Math.ceil(q * 1000) };
  let p = memo.get(q);
  if (p === undefined) {
    p = parse(q);
    if (memo.size > 10_000) memo.clear();
    memo.set(q, p);
  }
  return p;
}

/** Upstream's Quantity.Value(): whole units, rounded up ("1500m" → 2, "1Gi" → 1073741824). Throws QuantityError. */
export function quantityValue(q: string | number): number {
  return lookup(q).value;
}

/** Upstream's Quantity.MilliValue(): milli-units, rounded up ("0.5" → 500, "100m" → 100, "1" → 1000). */
export function quantityMilliValue(q: string | number): number {
  return lookup(q).milli;
}
