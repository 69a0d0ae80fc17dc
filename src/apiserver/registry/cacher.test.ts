// The watch cache's event history: it keeps at least the last historyFreshMs of events (growing up to
// historyMaxSize), so that a client that relists and watches again under a burst of writes can resume;
// past the window a resume gets TooOld, as upstream's 410.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStorageError } from '../../machinery/storage/errors.js';
import { MemoryStorage } from '../../machinery/storage/memory/memory.js';
import { Cacher } from './cacher.js';

function setup(o: { historySize: number; historyMaxSize: number; historyFreshMs: number }) {
  const storage = new MemoryStorage();
  let now = 1_000_000;
  const ac = new AbortController();
  const cacher = new Cacher({
    storage,
    prefix: '/registry/configmaps/',
    decode: (kv) => JSON.parse(kv.value) as never,
    signal: ac.signal,
    now: () => now,
    ...o,
  });
  let n = 0;
  const write = async (): Promise<number> => {
    const i = n++;
    const rev = await storage.create(`/registry/configmaps/ns/cm-${i}`, JSON.stringify({ metadata: { name: `cm-${i}`, namespace: 'ns' } }));
    await cacher.waitUntilFresh(rev);
    return rev;
  };
  return {
    cacher,
    write,
    advance: (ms: number) => (now += ms),
    stop: async () => {
      ac.abort();
      await storage.close();
    },
  };
}

describe('Cacher event history', () => {
  it('grows instead of dropping events younger than the freshness window, up to its maximum', async () => {
    const t = setup({ historySize: 4, historyMaxSize: 16, historyFreshMs: 60_000 });
    try {
      await t.cacher.ready;
      const first = await t.write();
      for (let i = 0; i < 11; i++) await t.write();
      // 12 fresh events: the history grew from 4 to 16 and still holds the first.
      const w = t.cacher.watch({ fromRevision: first - 1, initialEvents: false });
      assert.equal(w.pending, 12);
      w.close();
      // 5 more: the maximum (16) is reached, the oldest go although fresh.
      for (let i = 0; i < 5; i++) await t.write();
      assert.throws(() => t.cacher.watch({ fromRevision: first - 1, initialEvents: false }), (e: unknown) => isStorageError(e, 'TooOld'));
    } finally {
      await t.stop();
    }
  });

  it('drops events older than the window once the history is full', async () => {
    const t = setup({ historySize: 4, historyMaxSize: 1024, historyFreshMs: 60_000 });
    try {
      await t.cacher.ready;
      const first = await t.write();
      for (let i = 0; i < 3; i++) await t.write();
      t.advance(61_000);
      const fifth = await t.write();
      // Full (4) with a stale oldest event: it is dropped rather than the history doubled.
      assert.throws(() => t.cacher.watch({ fromRevision: first - 1, initialEvents: false }), (e: unknown) => isStorageError(e, 'TooOld'));
      const w = t.cacher.watch({ fromRevision: first, initialEvents: false });
      assert.equal(w.pending, 4, 'events 2–5 are still there');
      w.close();
      assert.ok(fifth > first);
    } finally {
      await t.stop();
    }
  });

  it('sends every current object to a watch from "" however many, and only then counts how far it falls behind', async () => {
    const t = setup({ historySize: 100, historyMaxSize: 100, historyFreshMs: 60_000 });
    try {
      await t.cacher.ready;
      for (let i = 0; i < 30; i++) await t.write();
      const w = t.cacher.watch({ fromRevision: 0, initialEvents: true, maxBuffered: 10 });
      assert.equal(w.pending, 30);
      assert.equal(w.closed, false);
      const names: string[] = [];
      for await (const ev of w) {
        names.push(ev.key);
        if (names.length === 30) break;
      }
      assert.equal(names.length, 30);
    } finally {
      await t.stop();
    }
  });
});
