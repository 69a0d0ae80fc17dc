// Resource quantities as exact fractions ("100m", "1Gi", "2.5", "1e3"), enough for the kubelet's
// resourceFieldRef arithmetic (value ÷ divisor, rounded up) and tmpfs size limits.

export interface Fraction { num: bigint; den: bigint }

const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

export class QuantityError extends Error {}

export function parseQuantity(q: string | number): Fraction {
  const s = String(q).trim();
  const m = RE.exec(s);
  const int = m?.[2] ?? '';
  const frac = m?.[3] ?? '';
  if (!m || int.length + frac.length === 0) throw new QuantityError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  let num = BigInt(int + frac || '0');
  if (m[1] === '-') num = -num;
  let den = 10n ** BigInt(frac.length);
  let exp10 = 0;
  if (m[4] !== undefined) exp10 = Number(m[4].slice(1));
  else if (m[5] !== undefined) {
    const b = BINARY[m[5]];
    if (b !== undefined) num <<= BigInt(b);
    else exp10 = DECIMAL[m[5]]!;
  }
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den *= 10n ** BigInt(-exp10);
  return { num, den };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b === a || (a < 0n) !== (b < 0n) ? q : q + 1n;
}

/** ceil(q ÷ divisor), as upstream's resource value conversion does. */
export function divideRoundUp(q: Fraction, divisor: Fraction): bigint {
  if (divisor.num === 0n) throw new QuantityError('divisor must not be zero');
  return ceilDiv(q.num * divisor.den, q.den * divisor.num);
}

/** Whole units, rounded up ("1500m" → 2). */
export function quantityValue(q: string | number): bigint {
  const f = parseQuantity(q);
  return ceilDiv(f.num, f.den);
}
