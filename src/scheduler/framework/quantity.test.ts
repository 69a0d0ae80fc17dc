import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuantityError, quantityMilliValue, quantityValue } from './quantity.js';

describe('quantity', () => {
  it('parses cpu quantities to milli-units', () => {
    assert.equal(quantityMilliValue('100m'), 100);
    assert.equal(quantityMilliValue('0.5'), 500);
    assert.equal(quantityMilliValue('4'), 4000);
    assert.equal(quantityMilliValue('1e3'), 1_000_000);
    assert.equal(quantityMilliValue('.1'), 100);
    assert.equal(quantityMilliValue('1.0001m'), 2, 'rounds up');
    assert.equal(quantityMilliValue(2), 2000);
  });
  it('parses memory quantities with binary and decimal suffixes', () => {
    assert.equal(quantityValue('1Gi'), 1024 ** 3);
    assert.equal(quantityValue('500Mi'), 500 * 1024 * 1024);
    assert.equal(quantityValue('32Gi'), 32 * 1024 ** 3);
    assert.equal(quantityValue('1k'), 1000);
    assert.equal(quantityValue('1M'), 1_000_000);
    assert.equal(quantityValue('1E'), 1e18);
    assert.equal(quantityValue('1e3'), 1000);
    assert.equal(quantityValue('1E3'), 1000);
    assert.equal(quantityValue('0.5Ki'), 512);
    assert.equal(quantityValue('1500m'), 2, 'rounds up');
    assert.equal(quantityValue('110'), 110);
  });
  it('rejects malformed quantities', () => {
    for (const bad of ['', 'abc', '1e', '1Gb', '--1', '.']) assert.throws(() => quantityValue(bad), QuantityError, bad);
  });
});
