// Human-readable durations, as apimachinery's util/duration renders them, and the "time since"
// helpers the printers build on.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR_DAYS = 365;

/** Go's zero time (0001-01-01T00:00:00Z) in epoch milliseconds. */
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** Whole units of `unit` in `ms`, truncated toward zero like Go's integer division. */
const whole = (ms: number, unit: number): number => Math.trunc(ms / unit);

/** A tolerance for clock skew: up to one second in the future still reads as "0s". */
function skew(ms: number): string | undefined {
  const secs = whole(ms, SECOND);
  if (secs < -1) return '<invalid>';
  if (secs < 0) return '0s';
  return undefined;
}

/** Two or three significant figures: "45s", "3m20s", "42m", "5h10m", "20h", "3d4h", "15d", "2y30d", "9y". */
export function humanDuration(ms: number): string {
  const early = skew(ms);
  if (early !== undefined) return early;
  const secs = whole(ms, SECOND);
  if (secs < 2 * 60) return `${secs}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 10) {
    const rest = secs % 60;
    return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
  }
  if (minutes < 3 * 60) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 8) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 8 * 24) {
    const rest = hours % 24;
    return rest === 0 ? `${days}d` : `${days}d${rest}h`;
  }
  if (hours < 2 * YEAR_DAYS * 24) return `${days}d`;
  const years = Math.trunc(days / YEAR_DAYS);
  if (hours < 8 * YEAR_DAYS * 24) {
    const rest = days % YEAR_DAYS;
    return rest === 0 ? `${years}y` : `${years}y${rest}d`;
  }
  return `${years}y`;
}

/** One unit only: "45s", "12m", "5h", "40d", "3y". */
export function shortHumanDuration(ms: number): string {
  const early = skew(ms);
  if (early !== undefined) return early;
  const secs = whole(ms, SECOND);
  if (secs < 60) return `${secs}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * YEAR_DAYS) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / DAY / YEAR_DAYS)}y`;
}

/** Epoch milliseconds of an RFC 3339 timestamp; undefined when absent, unparsable or Go's zero time. */
export function parseTime(ts: string | undefined): number | undefined {
  if (ts === undefined || ts === '') return undefined;
  const ms = Date.parse(ts);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME) return undefined;
  return ms;
}

/** How long ago `ts` was, or "<unknown>" when there is no timestamp. */
export function translateTimestampSince(ts: string | undefined, now: Date): string {
  const ms = parseTime(ts);
  return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
}
