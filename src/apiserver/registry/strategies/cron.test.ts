import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseGoDuration, parseStandardCron } from './cron.js';

function err(spec: string): string | undefined {
  try {
    parseStandardCron(spec);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

test('valid standard schedules and descriptors', () => {
  for (const s of ['*/5 * * * *', '0 0 * * 0', '@hourly', '@daily', '@every 1h30m', '0 9-17 * JAN-jun mon-fri', '15,45 */2 1 1 ?', 'TZ=UTC 0 * * * *']) {
    assert.equal(err(s), undefined, s);
  }
});

test('robfig/cron error texts', () => {
  assert.equal(err(''), 'empty spec string');
  assert.equal(err('foo'), 'expected exactly 5 fields, found 1: [foo]');
  assert.equal(err('* * * *'), 'expected exactly 5 fields, found 4: [* * * *]');
  assert.equal(err('61 * * * *'), 'end of range (61) above maximum (59): 61');
  assert.equal(err('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
  assert.equal(err('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
  assert.equal(err('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
  assert.equal(err('*/0 * * * *'), 'step of range should be a positive number: */0');
  assert.equal(err('1-2-3 * * * *'), 'too many hyphens: 1-2-3');
  assert.equal(err('@fortnightly'), 'unrecognized descriptor: @fortnightly');
  assert.equal(err('@every 5x'), 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"');
  assert.equal(err('TZ=Nowhere/City 0 * * * *'), 'provided bad location Nowhere/City: unknown time zone Nowhere/City');
});

test('Go durations', () => {
  assert.equal(parseGoDuration('1h30m'), 5400e9);
  assert.throws(() => parseGoDuration('5'), /time: missing unit in duration "5"/);
  assert.throws(() => parseGoDuration('abc'), /time: invalid duration "abc"/);
});
