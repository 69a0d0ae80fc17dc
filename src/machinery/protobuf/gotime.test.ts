import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatMicroTime, formatTime, parseDuration, parseDurationMs, parseTime } from './gotime.js';

describe("Go's time and duration text forms", () => {
  it('formats durations like time.Duration.String', () => {
    const cases: Array<[bigint, string]> = [
      [0n, '0s'],
      [1n, '1ns'],
      [1500n, '1.5µs'],
      [150_000_000n, '150ms'],
      [1_000_000_000n, '1s'],
      [1_500_000_000n, '1.5s'],
      [90n * 1_000_000_000n, '1m30s'],
      [3600n * 1_000_000_000n, '1h0m0s'],
      [3723n * 1_000_000_000n + 5n, '1h2m3.000000005s'],
      [-2_000_000_000n, '-2s'],
    ];
    for (const [ns, s] of cases) assert.equal(formatDuration(ns), s, s);
  });

  it('parses durations like time.ParseDuration', () => {
    assert.equal(parseDuration('1h2m3.5s'), 3723_500_000_000n);
    assert.equal(parseDuration('150ms'), 150_000_000n);
    assert.equal(parseDuration('1.5µs'), 1500n);
    assert.equal(parseDuration('-0.5h'), -1800n * 1_000_000_000n);
    assert.equal(parseDuration('0'), 0n);
    assert.throws(() => parseDuration('5'));
    assert.throws(() => parseDuration('1x'));
  });

  it('gives flag durations in milliseconds', () => {
    assert.equal(parseDurationMs('1m0s'), 60_000);
    assert.equal(parseDurationMs('250ms'), 250);
    assert.equal(parseDurationMs('1.5µs'), 0.0015);
    assert.throws(() => parseDurationMs('60'), /time: missing unit in duration "60"/);
  });

  it('formats and parses RFC 3339 times', () => {
    assert.equal(formatTime(0), '1970-01-01T00:00:00Z');
    assert.equal(formatTime(1714557600, 999_999_999), '2024-05-01T10:00:00Z');
    assert.equal(formatMicroTime(1714557600, 1_234_567), '2024-05-01T10:00:00.001234Z');
    assert.deepEqual(parseTime('2024-05-01T12:00:00.5+02:00'), { seconds: 1714557600, nanos: 500_000_000 });
    assert.throws(() => parseTime('yesterday'));
  });
});
