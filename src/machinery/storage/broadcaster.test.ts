import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Broadcaster } from './broadcaster.js';
import type { WatchChannel } from './channel.js';
import { take } from './conformance.js';
import { isStorageError } from './errors.js';
import type { WatchEvent } from './interface.js';

const ev = (revision: number, key: string): WatchEvent => ({ type: 'ADDED', revision, key, kv: { key, value: 'v', createRevision: revision, modRevision: revision } });

describe('watch fan-out', () => {
  it('feeds many watchers from one stream, each only its prefix', async () => {
    const b = new Broadcaster(1, { progressIntervalMs: 0 });
    const pods = Array.from({ length: 100 }, () => b.subscribe('/registry/pods/'));
    const svcs = b.subscribe('/registry/services/');
    for (let r = 2; r < 12; r++) b.publish(ev(r, r % 2 ? '/registry/pods/ns/p' : '/registry/services/ns/s'));
    for (const w of pods) assert.deepEqual((await take(w, 5)).map((e) => e.revision), [3, 5, 7, 9, 11]);
    assert.deepEqual((await take(svcs, 5)).map((e) => e.revision), [2, 4, 6, 8, 10]);
    b.close();
  });

  it('drops a slow watcher with WatcherTooSlow without holding back the others', async () => {
    const b = new Broadcaster(1, { progressIntervalMs: 0 });
    const slow = b.subscribe('/registry/', { maxBuffered: 50 });
    const fast = b.subscribe('/registry/', { maxBuffered: 50 });
    const got: number[] = [];
    const reading = (async () => {
      for await (const e of fast) {
        got.push(e.revision);
        if (got.length === 200) return;
      }
    })();
    for (let r = 2; r < 202; r++) {
      b.publish(ev(r, '/registry/x'));
      await new Promise((res) => setImmediate(res));
    }
    await reading;
    assert.equal(got.length, 200);
    assert.equal((slow as WatchChannel).pending, 0, 'the dropped watcher released its buffered events');
    assert.equal(b.size, 0, 'both watchers are gone: the slow one dropped, the fast one finished');
    await assert.rejects(take(slow, 1000), (err: unknown) => isStorageError(err, 'WatcherTooSlow'));
    b.close();
  });

  it('replays recent history from its ring and refuses compacted starts', async () => {
    const b = new Broadcaster(1, { historySize: 5, progressIntervalMs: 0 });
    for (let r = 2; r <= 20; r++) b.publish(ev(r, '/registry/x'));
    assert.deepEqual((await take(b.subscribe('/registry/', { fromRevision: 17 }), 3)).map((e) => e.revision), [18, 19, 20]);
    await assert.rejects(take(b.subscribe('/registry/', { fromRevision: 3 }), 1), (err: unknown) => isStorageError(err, 'TooOld'));
    b.close();
  });
});
