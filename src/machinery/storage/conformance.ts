// The one conformance suite every Storage backend passes (memory, SQLite, etcd, etcd cluster). It is
// modelled on what upstream's storage tests (apiserver/pkg/storage/testing) check: preconditions,
// conflicting writers, list and paging consistency, watch ordering and resumption, compaction, limits.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isStorageError, type StorageErrorCode } from './errors.js';
import type { Storage, Watch, WatchEvent } from './interface.js';
import { MAX_VALUE_BYTES } from './interface.js';
import { guaranteedUpdate } from './update.js';

export interface ConformanceTarget {
  /** A fresh, empty store. */
  open(): Promise<Storage>;
  /** Called once after all tests. */
  teardown?(): Promise<void>;
}

function code(c: StorageErrorCode) {
  return (err: unknown) => {
    assert.ok(isStorageError(err, c), `expected StorageError ${c}, got ${String(err)}`);
    return true;
  };
}

/** Reads n events (skipping PROGRESS unless asked) or fails after a timeout. */
export async function take(w: Watch, n: number, opts: { timeoutMs?: number; progress?: boolean } = {}): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  if (n === 0) return out;
  const it = w[Symbol.asyncIterator]();
  const timeout = opts.timeoutMs ?? 5000;
  const deadline = Date.now() + timeout;
  while (out.length < n) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    let r: IteratorResult<WatchEvent> | 'timeout';
    try {
      r = await Promise.race([
        it.next(),
        new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), Math.max(left, 0)))),
      ]);
    } finally {
      clearTimeout(timer);
    }
    if (r === 'timeout') throw new Error(`timed out after ${timeout} ms waiting for watch events; got ${out.length}/${n}: ${JSON.stringify(out)}`);
    if (r.done) throw new Error(`watch ended after ${out.length}/${n} events`);
    if (r.value.type === 'PROGRESS' && !opts.progress) continue;
    out.push(r.value);
  }
  return out;
}

let seq = 0;
function uniq(): string {
  return `t${process.pid}x${Date.now().toString(36)}x${seq++}`;
}

export function storageConformance(name: string, target: ConformanceTarget): void {
  describe(`storage conformance: ${name}`, () => {
    let s: Storage;
    before(async () => {
      s = await target.open();
    });
    after(async () => {
      await s.close();
      await target.teardown?.();
    });

    it('creates and gets, with one strictly increasing revision per write', async () => {
      const p = `/registry/things/${uniq()}`;
      const r0 = await s.currentRevision();
      assert.ok(r0 >= 1, 'an empty store is at revision 1 or more');
      const r1 = await s.create(`${p}/a`, '{"a":1}');
      const r2 = await s.create(`${p}/b`, '{"b":1}');
      assert.ok(r1 > r0 && r2 > r1);
      assert.equal(await s.currentRevision(), r2);
      const a = await s.get(`${p}/a`);
      assert.deepEqual(a, { key: `${p}/a`, value: '{"a":1}', createRevision: r1, modRevision: r1 });
      assert.equal(await s.get(`${p}/missing`), null);
    });

    it('refuses to create a key that exists', async () => {
      const k = `/registry/things/${uniq()}`;
      await s.create(k, 'v1');
      await assert.rejects(s.create(k, 'v2'), code('KeyExists'));
      assert.equal((await s.get(k))?.value, 'v1');
    });

    it('updates only at the expected revision', async () => {
      const k = `/registry/things/${uniq()}`;
      const r1 = await s.create(k, 'v1');
      const r2 = await s.update(k, 'v2', r1);
      assert.ok(r2 > r1);
      const got = await s.get(k);
      assert.deepEqual(got, { key: k, value: 'v2', createRevision: r1, modRevision: r2 });
      await assert.rejects(s.update(k, 'v3', r1), (err: unknown) => {
        assert.ok(isStorageError(err, 'Conflict'));
        assert.equal(err.revision, r2, 'a Conflict tells the current revision');
        return true;
      });
      assert.equal((await s.get(k))?.value, 'v2');
      await assert.rejects(s.update(`${k}-missing`, 'x', 1), code('KeyNotFound'));
    });

    it('deletes with and without a precondition, returning the last value', async () => {
      const k = `/registry/things/${uniq()}`;
      const r1 = await s.create(k, 'v1');
      await assert.rejects(s.delete(k, { expectedRevision: r1 - 1 }), code('Conflict'));
      const d = await s.delete(k, { expectedRevision: r1 });
      assert.ok(d.revision > r1);
      assert.equal(d.prev.value, 'v1');
      assert.equal(d.prev.modRevision, r1);
      assert.equal(await s.get(k), null);
      await assert.rejects(s.delete(k), code('KeyNotFound'));
      const r3 = await s.create(k, 'again');
      const again = await s.get(k);
      assert.equal(again?.createRevision, r3, 'a re-created key has a new createRevision');
      const d2 = await s.delete(k);
      assert.equal(d2.prev.value, 'again');
    });

    it('reads a key as it was at an older revision', async () => {
      const k = `/registry/things/${uniq()}`;
      const r1 = await s.create(k, 'v1');
      const r2 = await s.update(k, 'v2', r1);
      assert.equal((await s.get(k, { revision: r1 }))?.value, 'v1');
      assert.equal((await s.get(k, { revision: r2 }))?.value, 'v2');
      assert.equal(await s.get(k, { revision: r1 - 1 }), null);
      const now = await s.currentRevision();
      await assert.rejects(s.get(k, { revision: now + 1000 }), code('FutureRevision'));
    });

    it('lists a prefix sorted by key, excluding look-alike prefixes, and counts it', async () => {
      const base = `/registry/${uniq()}`;
      await s.create(`${base}/ns1/b`, 'b');
      await s.create(`${base}/ns1/a`, 'a');
      await s.create(`${base}/ns2/c`, 'c');
      await s.create(`${base}x/ns1/z`, 'other resource');
      const all = await s.list(`${base}/`);
      assert.deepEqual(all.items.map((i) => i.value), ['a', 'b', 'c']);
      assert.equal(all.continue, undefined);
      assert.equal(all.revision, await s.currentRevision());
      const ns1 = await s.list(`${base}/ns1/`);
      assert.deepEqual(ns1.items.map((i) => i.key), [`${base}/ns1/a`, `${base}/ns1/b`]);
      assert.equal(await s.count(`${base}/`), 3);
      assert.equal(await s.count(`${base}/ns2/`), 1);
      await s.delete(`${base}/ns1/a`);
      assert.equal(await s.count(`${base}/`), 2);
      assert.deepEqual((await s.list(`${base}/`)).items.map((i) => i.value), ['b', 'c']);
      assert.deepEqual((await s.list(`${base}/`, { revision: all.revision })).items.map((i) => i.value), ['a', 'b', 'c']);
    });

    it('pages with limit and continue from one snapshot, whatever is written between pages', async () => {
      const base = `/registry/${uniq()}/`;
      const n = 25;
      for (let i = 0; i < n; i++) await s.create(`${base}k${String(i).padStart(3, '0')}`, `v${i}`);
      const first = await s.list(base, { limit: 10, countRemaining: true });
      assert.equal(first.items.length, 10);
      assert.ok(first.continue);
      assert.equal(first.remainingItemCount, 15);
      // Writes after the first page must not show up in later pages.
      await s.update(`${base}k015`, 'changed', (await s.get(`${base}k015`))!.modRevision);
      await s.delete(`${base}k020`);
      await s.create(`${base}k012x`, 'new');
      const seen = [...first.items];
      let tok: string | undefined = first.continue;
      while (tok) {
        const page = await s.list(base, { limit: 10, continue: tok });
        assert.equal(page.revision, first.revision, 'every page is read at the first page revision');
        seen.push(...page.items);
        tok = page.continue;
      }
      assert.deepEqual(
        seen.map((i) => i.value),
        Array.from({ length: n }, (_, i) => `v${i}`),
      );
      await assert.rejects(s.list(base, { continue: 'not a token!' }), code('InvalidContinue'));
    });

    it('watches a prefix from a revision: every later event, in order, once, with previous values', async () => {
      const base = `/registry/${uniq()}/`;
      const r0 = await s.currentRevision();
      const r1 = await s.create(`${base}a`, 'a1');
      const r2 = await s.update(`${base}a`, 'a2', r1);
      await s.create(`/registry/${uniq()}/elsewhere`, 'x');
      const d = await s.delete(`${base}a`);
      const w = s.watch(base, { fromRevision: r0 });
      const evs = await take(w, 3);
      w.close();
      assert.deepEqual(
        evs.map((e) => [e.type, e.revision, e.key]),
        [
          ['ADDED', r1, `${base}a`],
          ['MODIFIED', r2, `${base}a`],
          ['DELETED', d.revision, `${base}a`],
        ],
      );
      assert.equal(evs[0]!.kv?.value, 'a1');
      assert.equal(evs[1]!.kv?.value, 'a2');
      assert.equal(evs[1]!.prevKv?.value, 'a1');
      assert.equal(evs[2]!.prevKv?.value, 'a2', 'a DELETED event carries the deleted value');
      assert.equal(evs[2]!.kv?.modRevision, d.revision);
    });

    it('watches live events and resumes from any revision without gaps or repeats', async () => {
      const base = `/registry/${uniq()}/`;
      const w = s.watch(base); // from now
      const revs: number[] = [];
      for (let i = 0; i < 20; i++) revs.push(await s.create(`${base}k${i}`, `v${i}`));
      const live = await take(w, 20);
      w.close();
      assert.deepEqual(live.map((e) => e.revision), revs);
      const mid = revs[9]!;
      const w2 = s.watch(base, { fromRevision: mid });
      const rest = await take(w2, 10);
      assert.deepEqual(rest.map((e) => e.revision), revs.slice(10));
      // ...and keeps going live after the replay.
      const more = await s.create(`${base}late`, 'late');
      const [late] = await take(w2, 1);
      w2.close();
      assert.equal(late!.revision, more);
    });

    it('watches one exact key only', async () => {
      const base = `/registry/${uniq()}`;
      const w = s.watch(`${base}/a`, { prefix: false });
      await s.create(`${base}/ab`, 'not me');
      const r = await s.create(`${base}/a`, 'me');
      const [ev] = await take(w, 1);
      w.close();
      assert.equal(ev!.key, `${base}/a`);
      assert.equal(ev!.revision, r);
    });

    it('ends a watch when its signal aborts', async () => {
      const ac = new AbortController();
      const w = s.watch(`/registry/${uniq()}/`, { signal: ac.signal });
      const done = (async () => {
        const got: WatchEvent[] = [];
        for await (const ev of w) if (ev.type !== 'PROGRESS') got.push(ev);
        return got;
      })();
      ac.abort();
      assert.deepEqual(await done, []);
    });

    it('sends a progress notification on request', async () => {
      const base = `/registry/${uniq()}/`;
      const w = s.watch(base, { progressNotify: true });
      const r = await s.create(`/registry/${uniq()}/other`, 'x');
      w.requestProgress();
      const [p] = await take(w, 1, { progress: true, timeoutMs: 10_000 });
      w.close();
      assert.equal(p!.type, 'PROGRESS');
      assert.ok(p!.revision >= r, `progress revision ${p!.revision} >= ${r}`);
    });

    it('compacts history: old revisions become too old, latest values stay', async () => {
      const base = `/registry/${uniq()}/`;
      const r1 = await s.create(`${base}a`, 'a1');
      const r2 = await s.update(`${base}a`, 'a2', r1);
      const rb = await s.create(`${base}b`, 'b1');
      const page = await s.list(base, { limit: 1 });
      await s.delete(`${base}b`);
      const rc = await s.create(`${base}c`, 'c1');
      await s.compact(rc);
      assert.ok((await s.compactedRevision()) >= rc);
      assert.equal((await s.get(`${base}a`))?.value, 'a2');
      assert.equal((await s.get(`${base}a`))?.modRevision, r2);
      assert.equal(await s.get(`${base}b`), null);
      assert.deepEqual((await s.list(base)).items.map((i) => i.value), ['a2', 'c1']);
      await assert.rejects(s.get(`${base}a`, { revision: r1 }), code('TooOld'));
      await assert.rejects(s.list(base, { revision: rb }), code('TooOld'));
      await assert.rejects(s.list(base, { limit: 1, continue: page.continue! }), code('Expired'));
      const w = s.watch(base, { fromRevision: r1 });
      await assert.rejects(take(w, 1), code('TooOld'));
      // A watch from the compacted revision itself still works.
      const w2 = s.watch(base, { fromRevision: rc });
      const rd = await s.create(`${base}d`, 'd1');
      const [ev] = await take(w2, 1);
      w2.close();
      assert.equal(ev!.revision, rd);
    });

    it('rejects bad keys and oversized values with typed errors', async () => {
      for (const bad of ['', 'no-slash', '/a//b', '/a/../b', '/a/\u0000b', `/${'x'.repeat(2000)}`]) {
        await assert.rejects(s.create(bad, 'v'), code('InvalidKey'), `create ${JSON.stringify(bad)}`);
        await assert.rejects(s.get(bad), code('InvalidKey'), `get ${JSON.stringify(bad)}`);
      }
      await assert.rejects(s.list('relative/'), code('InvalidKey'));
      const k = `/registry/things/${uniq()}`;
      await assert.rejects(s.create(k, 'x'.repeat(MAX_VALUE_BYTES + 1)), code('TooLarge'));
      assert.equal(await s.get(k), null);
      // Just under the limit works, multi-byte characters counted as bytes.
      await s.create(k, 'x'.repeat(MAX_VALUE_BYTES - 16));
      const r = (await s.get(k))!.modRevision;
      await assert.rejects(s.update(k, '\u00e9'.repeat(MAX_VALUE_BYTES / 2 + 1), r), code('TooLarge'));
      await s.delete(k);
    });

    it('lets exactly one of 50 concurrent updates from the same revision win', async () => {
      const k = `/registry/things/${uniq()}`;
      const r = await s.create(k, '0');
      const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => s.update(k, `w${i}`, r)));
      const ok = results.filter((x) => x.status === 'fulfilled');
      const conflicts = results.filter((x) => x.status === 'rejected' && isStorageError(x.reason, 'Conflict'));
      assert.equal(ok.length, 1);
      assert.equal(conflicts.length, 49);
      const winner = results.findIndex((x) => x.status === 'fulfilled');
      assert.equal((await s.get(k))?.value, `w${winner}`);
    });

    it('lets exactly one of 20 concurrent creates of one key win', async () => {
      const k = `/registry/things/${uniq()}`;
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => s.create(k, `c${i}`)));
      assert.equal(results.filter((x) => x.status === 'fulfilled').length, 1);
      assert.equal(results.filter((x) => x.status === 'rejected' && isStorageError(x.reason, 'KeyExists')).length, 19);
    });

    it('guaranteedUpdate retries conflicting writers until each one lands', async () => {
      const k = `/registry/counters/${uniq()}`;
      await s.create(k, '0');
      await Promise.all(Array.from({ length: 20 }, () => guaranteedUpdate(s, k, (cur) => String(Number(cur!.value) + 1))));
      assert.equal((await s.get(k))?.value, '20');
    });

    it('expires keys with a TTL, with a DELETED event', async () => {
      const base = `/registry/events/${uniq()}/`;
      const w = s.watch(base);
      await s.create(`${base}e`, 'short-lived', { ttlSeconds: 1 });
      await s.create(`${base}f`, 'stays');
      const evs = await take(w, 3, { timeoutMs: 10_000 });
      w.close();
      assert.deepEqual(evs.map((e) => [e.type, e.key]), [
        ['ADDED', `${base}e`],
        ['ADDED', `${base}f`],
        ['DELETED', `${base}e`],
      ]);
      assert.equal(await s.get(`${base}e`), null);
      assert.equal((await s.get(`${base}f`))?.value, 'stays');
    });
  });

  describe(`storage conformance: ${name}: closing`, () => {
    it('fails calls after close with Closed, and ends watches', async () => {
      const s = await target.open();
      const base = `/registry/${uniq()}/`;
      const w = s.watch(base);
      const pending = Array.from({ length: 50 }, (_, i) => s.create(`${base}k${i}`, 'v'));
      const watching = (async () => {
        try {
          for await (const ev of w) void ev;
          return 'ended';
        } catch (err) {
          return isStorageError(err) ? err.code : String(err);
        }
      })();
      await s.close();
      for (const r of await Promise.allSettled(pending)) {
        if (r.status === 'rejected') assert.ok(isStorageError(r.reason, 'Closed'), String(r.reason));
      }
      await assert.rejects(s.create(`${base}after`, 'v'), code('Closed'));
      await assert.rejects(s.get(`${base}k0`), code('Closed'));
      assert.ok(['ended', 'Closed'].includes(await watching));
    });
  });
}
