import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { canonicalQuantity, cmp, formatQuantity, parseQuantity, QuantityError, roundUp } from './quantity.js';

test('quantities print canonically as upstream', () => {
  const cases: Array<[string | number, string]> = [
    ['0.5', '500m'], ['1024Mi', '1Gi'], ['2000', '2k'], ['1500', '1500'], ['1.5Gi', '1536Mi'], ['100m', '100m'], ['1000m', '1'],
    ['0', '0'], ['1e3', '1e3'], ['1.5e3', '1500'], ['512Mi', '512Mi'], ['1Ki', '1Ki'], ['1000Ki', '1000Ki'], ['0.5Gi', '512Mi'],
    ['128974848', '128974848'], ['129e6', '129e6'], ['123Mi', '123Mi'], ['-1', '-1'], ['1n', '1n'], ['0.1n', '1n'], [1, '1'], [0.25, '250m'],
    ['500', '500'], ['5G', '5G'], ['.5', '500m'], ['01', '1'],
  ];
  for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, String(input));
});

test('ResourceList rounding up to milli', () => {
  assert.equal(canonicalQuantity('100u', true), '1m');
  assert.equal(canonicalQuantity('1.0001', true), '1001m');
  assert.equal(formatQuantity(roundUp(parseQuantity('-0.0001'), -3)), '-1m');
});

test('invalid quantities are rejected with upstream messages', () => {
  assert.throws(() => parseQuantity('abc'), (e: unknown) => e instanceof QuantityError && e.message === "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  assert.throws(() => parseQuantity('1Ki1'), (e: unknown) => e instanceof QuantityError && e.message === "unable to parse quantity's suffix");
  assert.throws(() => parseQuantity(''), QuantityError);
  assert.equal(formatQuantity(parseQuantity('Mi')), '0');
});

test('comparison', () => {
  assert.equal(cmp(parseQuantity('1Gi'), parseQuantity('1024Mi')), 0);
  assert.equal(cmp(parseQuantity('1'), parseQuantity('999m')), 1);
  assert.equal(cmp(parseQuantity('1k'), parseQuantity('1Ki')), -1);
});
