// Cron schedules: robfig/cron's standard syntax, descriptors, @every, time zones and DST; and the
// most recent missed activation.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRFC3339In, parseDuration, parseStandard } from '../../machinery/cron/index.js';
import { mostRecentScheduleTime, nextScheduleTimeDuration } from './times.js';
import type { CronJob } from './types.js';

const at = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();
const next = (spec: string, from: string) => iso(parseStandard(spec).next(at(from)));

describe('cron schedules', () => {
  it('steps, ranges, lists and names', () => {
    assert.equal(next('TZ=UTC */15 * * * *', '2025-03-01T10:07:30Z'), '2025-03-01T10:15:00.000Z');
    assert.equal(next('TZ=UTC */15 * * * *', '2025-03-01T10:15:00Z'), '2025-03-01T10:30:00.000Z', 'strictly after');
    assert.equal(next('TZ=UTC 0 9 * * mon-fri', '2025-03-01T10:00:00Z'), '2025-03-03T09:00:00.000Z', 'Saturday → Monday');
    assert.equal(next('TZ=UTC 5,35 */6 * jan,mar *', '2025-03-01T10:00:00Z'), '2025-03-01T12:05:00.000Z');
    assert.equal(next('TZ=UTC 0 0 1 */3 *', '2025-03-01T10:00:00Z'), '2025-04-01T00:00:00.000Z');
    assert.equal(next('TZ=UTC 10-12/2 3 * * *', '2025-03-01T03:11:00Z'), '2025-03-01T03:12:00.000Z');
  });

  it('day-of-month and day-of-week: either matches when both are restricted', () => {
    // The 13th or a Friday: Friday 2025-03-07 comes first.
    assert.equal(next('TZ=UTC 0 0 13 * 5', '2025-03-01T00:00:00Z'), '2025-03-07T00:00:00.000Z');
    // With a star in one of them, both must match: Fridays only.
    assert.equal(next('TZ=UTC 0 0 * * 5', '2025-03-01T00:00:00Z'), '2025-03-07T00:00:00.000Z');
    assert.equal(next('TZ=UTC 0 0 13 * *', '2025-03-01T00:00:00Z'), '2025-03-13T00:00:00.000Z');
  });

  it('descriptors and @every', () => {
    assert.equal(next('TZ=UTC @hourly', '2025-03-01T10:07:00Z'), '2025-03-01T11:00:00.000Z');
    assert.equal(next('TZ=UTC @daily', '2025-03-01T10:07:00Z'), '2025-03-02T00:00:00.000Z');
    assert.equal(next('TZ=UTC @weekly', '2025-03-01T10:07:00Z'), '2025-03-02T00:00:00.000Z');
    assert.equal(next('TZ=UTC @monthly', '2025-03-01T10:07:00Z'), '2025-04-01T00:00:00.000Z');
    assert.equal(next('TZ=UTC @yearly', '2025-03-01T10:07:00Z'), '2026-01-01T00:00:00.000Z');
    assert.equal(next('@every 90s', '2025-03-01T10:07:00.500Z'), '2025-03-01T10:08:30.000Z');
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1.5s'), 1500);
  });

  it('time zones, and wall times that a DST change skips', () => {
    assert.equal(next('TZ=America/New_York 0 9 * * *', '2025-01-15T00:00:00Z'), '2025-01-15T14:00:00.000Z');
    assert.equal(next('TZ=America/New_York 0 9 * * *', '2025-07-15T00:00:00Z'), '2025-07-15T13:00:00.000Z');
    // 02:30 does not exist in New York on 2025-03-09.
    assert.equal(next('TZ=America/New_York 30 2 * * *', '2025-03-09T05:00:00Z'), '2025-03-10T06:30:00.000Z');
    assert.equal(formatRFC3339In(at('2025-01-15T14:00:00Z'), 'America/New_York'), '2025-01-15T09:00:00-05:00');
    assert.equal(formatRFC3339In(at('2025-01-15T14:00:00Z'), 'UTC'), '2025-01-15T14:00:00Z');
  });

  it('reports errors as robfig does', () => {
    assert.throws(() => parseStandard('* * * *'), /^Error: expected exactly 5 fields, found 4: \[\* \* \* \*\]$/);
    assert.throws(() => parseStandard('61 * * * *'), /end of range \(61\) above maximum \(59\): 61/);
    assert.throws(() => parseStandard('@fortnightly'), /unrecognized descriptor: @fortnightly/);
    assert.throws(() => parseStandard('TZ=Mars/Olympus * * * * *'), /provided bad location Mars\/Olympus: unknown time zone Mars\/Olympus/);
  });

  it('finds the most recent missed activation and the wait for the next', () => {
    const cj = { metadata: { creationTimestamp: '2025-03-01T10:00:00Z' }, spec: { schedule: '*/10 * * * *', jobTemplate: {} } } as CronJob;
    const sched = parseStandard('TZ=UTC */10 * * * *');
    const r = mostRecentScheduleTime(cj, at('2025-03-01T10:35:00Z'), sched, false);
    assert.equal(iso(r.mostRecent!), '2025-03-01T10:30:00.000Z');
    assert.equal(r.missed, 'few');
    assert.equal(mostRecentScheduleTime(cj, at('2025-03-01T10:05:00Z'), sched, false).mostRecent, undefined);
    assert.equal(nextScheduleTimeDuration(cj, at('2025-03-01T10:05:00Z'), sched), 5 * 60_000 + 100);
    cj.status = { lastScheduleTime: '2025-03-01T10:30:00Z' };
    assert.equal(nextScheduleTimeDuration(cj, at('2025-03-01T10:35:00Z'), sched), 5 * 60_000 + 100);
    const many = mostRecentScheduleTime({ ...cj, status: {} }, at('2025-03-03T10:35:00Z'), sched, false);
    assert.equal(many.missed, 'many');
    assert.equal(iso(many.mostRecent!), '2025-03-03T10:30:00.000Z');
  });
});
