// Wall-clock time in an IANA time zone, via Intl (Node ships full ICU): the fields of an instant,
// and the instant of a wall time (the first one after a DST gap when the wall time does not exist).

export interface Wall {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The process's zone (kube-controller-manager reads schedules without spec.timeZone in its local time). */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Go's time.LoadLocation: "" and "UTC" are UTC, "Local" the local zone, else an IANA name. Throws when unknown. */
export function loadLocation(name: string): string {
  if (name === '' || name === 'UTC') return 'UTC';
  if (name === 'Local') return localZone();
  try {
    formatter(name);
  } catch {
    throw new Error(`unknown time zone ${name}`);
  }
  // ICU is case-insensitive; Go's zoneinfo file names are not.
  const known = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  if (known.length && !known.includes(name) && known.some((z) => z.toLowerCase() === name.toLowerCase())) throw new Error(`unknown time zone ${name}`);
  return name;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function wallOf(ms: number, zone: string): Wall {
  const w: Wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const p of formatter(zone).formatToParts(new Date(ms))) {
    switch (p.type) {
      case 'year':
        w.year = Number(p.value);
        break;
      case 'month':
        w.month = Number(p.value);
        break;
      case 'day':
        w.day = Number(p.value);
        break;
      case 'hour':
        w.hour = Number(p.value);
        break;
      case 'minute':
        w.minute = Number(p.value);
        break;
      case 'second':
        w.second = Number(p.value);
        break;
      case 'weekday':
        w.weekday = WEEKDAYS[p.value] ?? 0;
        break;
    }
  }
  return w;
}

/** How far the zone's wall clock is ahead of UTC at an instant (ms). */
export function offsetAt(ms: number, zone: string): number {
  const w = wallOf(ms, zone);
  const asUTC = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUTC - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall time (normalized like Go's time.Date) happens in the zone. */
export function instantOf(year: number, month: number, day: number, hour: number, minute: number, zone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - offsetAt(guess, zone);
  const off = offsetAt(first, zone);
  return guess - off;
}

/** RFC 3339 with the zone's offset ("2025-03-01T05:00:00-05:00"), as Go formats time.RFC3339. */
export function formatRFC3339In(ms: number, zone: string): string {
  const w = wallOf(ms, zone);
  const off = Math.round(offsetAt(ms, zone) / 60_000);
  const pad = (n: number, l = 2) => String(n).padStart(l, '0');
  const base = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  if (off === 0) return `${base}Z`;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${base}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
