import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock/clock.js';
import { DelayingQueue } from './delaying.js';
import { SHUTDOWN, WorkQueue } from './queue.js';
import { BucketRateLimiter, defaultControllerRateLimiter, ItemExponentialFailureRateLimiter, ItemFastSlowRateLimiter, MaxOfRateLimiter } from './ratelimiter.js';
import { RateLimitingQueue } from './ratelimiting.js';

describe('WorkQueue', () => {
  it('de-duplicates queued items and keeps FIFO order', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.len(), 2);
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), 'b');
    assert.equal(q.len(), 0);
  });

  it('re-queues an item added while it is processed, only after done()', async () => {
    const q = new WorkQueue();
    q.add('a');
    const item = await q.get();
    q.add('a');
    assert.equal(q.len(), 0, 'not handed out twice');
    q.add('a');
    q.done(item as string);
    assert.equal(q.len(), 1);
    assert.equal(await q.get(), 'a');
    q.done('a');
    assert.equal(q.len(), 0);
  });

  it('wakes a waiting get() and hands SHUTDOWN after shutDown once drained', async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.add('x');
    assert.equal(await waiting, 'x');
    const blocked = q.get();
    q.add('y');
    assert.equal(await blocked, 'y');
    q.add('z');
    q.shutDown();
    q.add('ignored');
    assert.equal(await q.get(), 'z', 'what was queued is still handed out');
    assert.equal(await q.get(), SHUTDOWN);
    assert.equal(q.shuttingDown(), true);
  });

  it('shutDownWithDrain waits for items being processed', async () => {
    const q = new WorkQueue();
    q.add('a');
    await q.get();
    let drained = false;
    const p = q.shutDownWithDrain().then(() => (drained = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(drained, false);
    q.done('a');
    await p;
    assert.equal(drained, true);
  });

  it('hands concurrent workers different items', async () => {
    const q = new WorkQueue<number>();
    const got: number[] = [];
    const worker = async () => {
      for (;;) {
        const i = await q.get();
        if (i === SHUTDOWN) return;
        got.push(i);
        await new Promise((r) => setImmediate(r));
        q.done(i);
      }
    };
    const ws = [worker(), worker(), worker()];
    for (let i = 0; i < 20; i++) q.add(i);
    while (q.len() > 0) await new Promise((r) => setImmediate(r));
    await q.shutDownWithDrain();
    await Promise.all(ws);
    assert.deepEqual(got.sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('DelayingQueue', () => {
  it('adds after the delay, keeping the earliest time for one item', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue({ clock });
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 500);
    q.addAfter('b', 0);
    assert.equal(q.len(), 1);
    await clock.advance(49);
    assert.equal(q.len(), 1);
    await clock.advance(1);
    assert.equal(q.len(), 2);
    await clock.advance(1000);
    assert.equal(q.len(), 2, 'the later duplicate did not fire');
    assert.equal(q.waitingCount(), 0);
  });

  it('drops waiting items on shutdown', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue({ clock });
    q.addAfter('a', 10);
    q.shutDown();
    await clock.advance(100);
    assert.equal(q.len(), 0);
    assert.equal(clock.pending(), 0);
  });
});

describe('rate limiters', () => {
  it('item exponential: 5 ms doubling to the 1000 s cap, forget resets', () => {
    const r = new ItemExponentialFailureRateLimiter();
    assert.deepEqual([r.when('a'), r.when('a'), r.when('a'), r.when('a')], [5, 10, 20, 40]);
    assert.equal(r.numRequeues('a'), 4);
    assert.equal(r.when('b'), 5);
    for (let i = 0; i < 40; i++) r.when('a');
    assert.equal(r.when('a'), 1_000_000);
    r.forget('a');
    assert.equal(r.numRequeues('a'), 0);
    assert.equal(r.when('a'), 5);
  });

  it('fast-slow', () => {
    const r = new ItemFastSlowRateLimiter(5, 1000, 2);
    assert.deepEqual([r.when('a'), r.when('a'), r.when('a')], [5, 5, 1000]);
  });

  it('bucket: 100 burst free, then 100 ms apart at 10 qps, refilled over time', async () => {
    const clock = new FakeClock();
    const r = new BucketRateLimiter(10, 100, clock);
    for (let i = 0; i < 100; i++) assert.equal(r.when(`i${i}`), 0);
    assert.equal(r.when('x'), 100);
    assert.equal(r.when('y'), 200);
    await clock.advance(10_000);
    assert.equal(r.when('z'), 0);
  });

  it('default controller limiter: max of per-item backoff and the overall bucket', async () => {
    const clock = new FakeClock();
    const r = defaultControllerRateLimiter(clock);
    assert.equal(r.when('a'), 5);
    assert.equal(r.when('a'), 10);
    for (let i = 0; i < 98; i++) r.when(`n${i}`);
    assert.equal(r.when('b'), 100, 'bucket exhausted: 10 qps');
    assert.equal(r.numRequeues('a'), 2);
    const m = new MaxOfRateLimiter(new ItemFastSlowRateLimiter(1, 2, 0), new ItemExponentialFailureRateLimiter(5, 10));
    assert.equal(m.when('q'), 5);
  });
});

describe('RateLimitingQueue', () => {
  it('requeues failures with growing delays and forgets on success', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue({ clock, rateLimiter: new ItemExponentialFailureRateLimiter(5, 1000) });
    q.add('key');
    const attempts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const k = (await q.get()) as string;
      attempts.push(clock.now());
      q.addRateLimited(k);
      q.done(k);
      await clock.advance(clock.nextAt()! - clock.now());
    }
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    assert.deepEqual(gaps, [5, 10, 20]);
    assert.equal(q.numRequeues('key'), 4);
    q.forget('key');
    assert.equal(q.numRequeues('key'), 0);
  });
});
