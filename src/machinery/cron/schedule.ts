// Cron schedules as robfig/cron v3's ParseStandard reads them (the CronJob controller's schedules,
// and the apiserver's validation of them, with robfig's error texts):
// five fields (minute hour day-of-month month day-of-week) with lists, ranges, steps and names;
// @yearly @annually @monthly @weekly @daily @midnight @hourly and @every <duration>; and a leading
// "TZ=<zone>" / "CRON_TZ=<zone>". next(t) is the first activation strictly after t.

import { parseDurationMs } from '../protobuf/gotime.js';
import { instantOf, loadLocation, localZone, wallOf } from './tz.js';

export interface Schedule {
  /** The next activation after t (ms since the epoch), or 0 when there is none within five years. */
  next(t: number): number;
}

interface Field {
  bits: Set<number>;
  star: boolean;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (!Number.isSafeInteger(n)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

function parseRange(expr: string, b: Bounds, into: Field): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, b);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    if (single) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new Error(`too many slashes: ${expr}`);
  if (start < b.min) throw new Error(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new Error(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) into.bits.add(i);
  if (star) into.star = true;
}

function parseField(field: string, b: Bounds): Field {
  const f: Field = { bits: new Set(), star: false };
  // strings.FieldsFunc: empty entries ("1,,2") are skipped.
  for (const expr of field.split(',').filter((x) => x.length > 0)) parseRange(expr, b, f);
  return f;
}

function all(b: Bounds, star = true): Field {
  const bits = new Set<number>();
  for (let i = b.min; i <= b.max; i++) bits.add(i);
  return { bits, star };
}

function only(v: number): Field {
  return { bits: new Set([v]), star: false };
}

class SpecSchedule implements Schedule {
  constructor(
    private readonly zone: string,
    private readonly minute: Field,
    private readonly hour: Field,
    private readonly dom: Field,
    private readonly month: Field,
    private readonly dow: Field,
  ) {}

  private dayMatches(day: number, weekday: number): boolean {
    const domMatch = this.dom.bits.has(day);
    const dowMatch = this.dow.bits.has(weekday);
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  next(t: number): number {
    const z = this.zone;
    let cur = Math.floor(t / 1000) * 1000 + 1000;
    const start = wallOf(cur, z);
    if (start.second > 0) cur += (60 - start.second) * 1000;
    const yearLimit = start.year + 5;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const w = wallOf(cur, z);
      if (w.year > yearLimit) return 0;
      if (!this.month.bits.has(w.month)) {
        cur = instantOf(w.year, w.month + 1, 1, 0, 0, z);
        continue;
      }
      if (!this.dayMatches(w.day, w.weekday)) {
        cur = instantOf(w.year, w.month, w.day + 1, 0, 0, z);
        continue;
      }
      if (!this.hour.bits.has(w.hour)) {
        cur += (60 - w.minute) * 60_000;
        continue;
      }
      if (!this.minute.bits.has(w.minute)) {
        cur += 60_000;
        continue;
      }
      return cur;
    }
    return 0;
  }
}

class ConstantDelaySchedule implements Schedule {
  constructor(private readonly delayMs: number) {}
  next(t: number): number {
    return Math.floor(t / 1000) * 1000 + this.delayMs;
  }
}

/** Go's time.ParseDuration, in milliseconds. */
export const parseDuration = parseDurationMs;

function descriptor(d: string, zone: string): Schedule {
  const minute0 = only(0);
  const hour0 = only(0);
  switch (d) {
    case '@yearly':
    case '@annually':
      return new SpecSchedule(zone, minute0, hour0, only(1), only(1), all(DOW));
    case '@monthly':
      return new SpecSchedule(zone, minute0, hour0, only(1), all(MONTHS), all(DOW));
    case '@weekly':
      return new SpecSchedule(zone, minute0, hour0, all(DOM), all(MONTHS), only(0));
    case '@daily':
    case '@midnight':
      return new SpecSchedule(zone, minute0, hour0, all(DOM), all(MONTHS), all(DOW));
    case '@hourly':
      return new SpecSchedule(zone, minute0, all(HOURS), all(DOM), all(MONTHS), all(DOW));
  }
  if (d.startsWith('@every ')) {
    let ms: number;
    try {
      ms = parseDuration(d.slice('@every '.length));
    } catch (err) {
      throw new Error(`failed to parse duration ${d}: ${(err as Error).message}`);
    }
    if (ms < 1000) ms = 1000;
    return new ConstantDelaySchedule(ms - (ms % 1000));
  }
  throw new Error(`unrecognized descriptor: ${d}`);
}

/** Parses a standard cron spec; throws robfig's error text. */
export function parseStandard(spec: string): Schedule {
  if (spec.length === 0) throw new Error('empty spec string');
  let zone = localZone();
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const eq = spec.indexOf('=');
    const sp = spec.indexOf(' ');
    const name = sp < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, sp);
    try {
      zone = loadLocation(name);
      if (sp < 0) throw new Error(`unknown time zone ${name}`);
    } catch (err) {
      throw new Error(`provided bad location ${name}: ${(err as Error).message}`);
    }
    spec = spec.slice(sp).trim();
  }
  if (spec.startsWith('@')) return descriptor(spec, zone);
  const fields = spec.split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return new SpecSchedule(zone, parseField(fields[0]!, MINUTES), parseField(fields[1]!, HOURS), parseField(fields[2]!, DOM), parseField(fields[3]!, MONTHS), parseField(fields[4]!, DOW));
}
