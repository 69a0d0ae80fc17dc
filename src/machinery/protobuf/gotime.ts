// Go's text forms of times and durations, as Kubernetes' JSON carries them: meta/v1 Time (RFC 3339 in UTC,
// whole seconds), MicroTime (RFC 3339 with six fractional digits) and Duration (time.Duration.String,
// "1h2m3.5s", "150ms", "0s").

const NS_PER_S = 1_000_000_000n;

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function utcParts(seconds: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) throw new Error(`time out of range: ${seconds}s`);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** RFC 3339 in UTC with whole seconds: "2024-05-01T10:00:00Z". */
export function formatTime(seconds: number, nanos = 0): string {
  // A negative nanos value is not produced by Go; normalise anyway so the seconds are right.
  const s = seconds + Math.floor(nanos / 1e9);
  return `${utcParts(s)}Z`;
}

/** RFC 3339 in UTC with microseconds: "2024-05-01T10:00:00.123456Z". */
export function formatMicroTime(seconds: number, nanos = 0): string {
  const s = seconds + Math.floor(nanos / 1e9);
  const frac = ((nanos % 1e9) + 1e9) % 1e9;
  return `${utcParts(s)}.${pad(Math.floor(frac / 1000), 6)}Z`;
}

/** Parses RFC 3339 ("2024-05-01T10:00:00Z", "…T10:00:00.5+02:00") into Unix seconds and nanoseconds. */
export function parseTime(text: string): { seconds: number; nanos: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) throw new Error(`invalid RFC 3339 time ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let secs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    secs -= sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  const nanos = frac ? Number(frac.padEnd(9, '0')) : 0;
  return { seconds: secs, nanos };
}

/** `whole.fraction` with the fraction's trailing zeros (and a bare point) removed. */
function decimal(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const whole = value / scale;
  const frac = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** Go's time.Duration.String for a duration in nanoseconds. */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  const u = neg ? -ns : ns;
  let out: string;
  if (u < 1000n) out = `${u}ns`;
  else if (u < 1_000_000n) out = `${decimal(u, 3)}µs`;
  else if (u < NS_PER_S) out = `${decimal(u, 6)}ms`;
  else {
    const totalSeconds = u / NS_PER_S;
    const secPart = decimal((totalSeconds % 60n) * NS_PER_S + (u % NS_PER_S), 9);
    const totalMinutes = totalSeconds / 60n;
    const hours = totalMinutes / 60n;
    out = `${hours > 0n ? `${hours}h` : ''}${totalMinutes > 0n ? `${totalMinutes % 60n}m` : ''}${secPart}s`;
  }
  return neg ? `-${out}` : out;
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: NS_PER_S, m: 60n * NS_PER_S, h: 3600n * NS_PER_S };

/** Go's time.ParseDuration, in (possibly fractional) milliseconds; for flags such as --request-timeout=1m0s. */
export function parseDurationMs(text: string): number {
  return Number(parseDuration(text)) / 1e6;
}

/** Go's time.ParseDuration, into nanoseconds; throws Go's error texts ("time: invalid duration …"). */
export function parseDuration(text: string): bigint {
  const q = JSON.stringify(text);
  let s = text;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw new Error(`time: invalid duration ${q}`);
  let total = 0n;
  while (s.length) {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const whole = m[1] ?? '';
    const frac = m[2] ?? '';
    if (whole === '' && frac === '') throw new Error(`time: invalid duration ${q}`);
    s = s.slice(m[0].length);
    const u = /^[^\d.]*/.exec(s)![0];
    if (u === '') throw new Error(`time: missing unit in duration ${q}`);
    const unit = UNITS[u];
    if (unit === undefined) throw new Error(`time: unknown unit ${JSON.stringify(u)} in duration ${q}`);
    s = s.slice(u.length);
    total += BigInt(whole || '0') * unit + (frac ? (BigInt(frac) * unit) / 10n ** BigInt(frac.length) : 0n);
  }
  return neg ? -total : total;
}
