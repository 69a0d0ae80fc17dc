import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slowStartBatch } from './slowstart.js';

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4 … up to the count', async () => {
    const batches: number[] = [];
    let inFlight = 0;
    let current = 0;
    const r = await slowStartBatch(10, 1, async () => {
      if (inFlight === 0) batches.push(0);
      inFlight++;
      current++;
      batches[batches.length - 1]!++;
      await new Promise((res) => setImmediate(res));
      inFlight--;
    });
    assert.deepEqual(batches, [1, 2, 4, 3]);
    assert.equal(r.successes, 10);
    assert.equal(current, 10);
    assert.equal(r.error, undefined);
  });

  it('stops after the first batch with a failure', async () => {
    let calls = 0;
    const r = await slowStartBatch(20, 1, async () => {
      calls++;
      if (calls >= 3) throw new Error('quota');
    });
    // batches 1 (ok), 2 (one fails) — then stop.
    assert.equal(calls, 3);
    assert.equal(r.successes, 2);
    assert.equal((r.error as Error).message, 'quota');
  });
});
