import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, realClock } from './clock.js';
import { TokenBucket } from './tokenbucket.js';

describe('FakeClock', () => {
  it('fires timers in time order as it advances, including ones set while advancing', async () => {
    const c = new FakeClock(1000);
    const fired: string[] = [];
    c.setTimeout(() => fired.push('b@300'), 300);
    c.setTimeout(() => {
      fired.push('a@100');
      c.setTimeout(() => fired.push('c@150'), 50);
    }, 100);
    const cancelled = c.setTimeout(() => fired.push('never'), 200);
    cancelled.cancel();
    await c.advance(250);
    assert.deepEqual(fired, ['a@100', 'c@150']);
    assert.equal(c.now(), 1250);
    await c.advance(100);
    assert.deepEqual(fired, ['a@100', 'c@150', 'b@300']);
    assert.equal(c.pending(), 0);
  });

  it('sleeps until advanced, or returns false when aborted', async () => {
    const c = new FakeClock();
    const slept = c.sleep(1000);
    await c.advance(999);
    let done = false;
    void slept.then(() => (done = true));
    await c.advance(0);
    assert.equal(done, false);
    await c.advance(1);
    assert.equal(await slept, true);
    const ac = new AbortController();
    const s2 = c.sleep(1000, ac.signal);
    ac.abort();
    assert.equal(await s2, false);
    assert.equal(c.pending(), 0, 'an aborted sleep leaves no timer');
  });

  it('real clock sleeps', async () => {
    const t = Date.now();
    assert.equal(await realClock.sleep(5), true);
    assert.ok(Date.now() - t >= 4);
  });
});

describe('TokenBucket', () => {
  it('allows a burst then refills at qps', async () => {
    const c = new FakeClock();
    const b = new TokenBucket(2, 3, c);
    assert.deepEqual([b.tryAccept(), b.tryAccept(), b.tryAccept(), b.tryAccept()], [true, true, true, false]);
    await c.advance(500);
    assert.equal(b.tryAccept(), true);
    assert.equal(b.tryAccept(), false);
    assert.equal(b.reserve(), 500);
    assert.equal(b.reserve(), 1000);
  });
});
