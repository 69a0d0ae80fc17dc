// The etcd backend against real etcd processes: the shared conformance suite on one member, on a
// three-member cluster and on one member with TLS client certificates; then failover when a member
// stops, and fast Unreachable errors when etcd is down. Needs /usr/bin/etcd (apt-get install
// etcd-server): without it the tests are skipped, except in CI, where that is a failure.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { storageConformance, take } from '../conformance.js';
import { isStorageError } from '../errors.js';
import type { WatchEvent } from '../interface.js';
import { Etcd3 } from 'etcd3';
import { EtcdStorage, progressRequestsAreOrdered } from './etcd.js';
import { ETCD_BINARY, etcdAvailable, startEtcd, type EtcdTestCluster } from './testing.js';

let seq = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uniq = () => `e${process.pid}x${Date.now().toString(36)}x${seq++}`;

function started(p: Promise<EtcdTestCluster>): () => Promise<EtcdTestCluster> {
  p.catch(() => {}); // reported where it is awaited
  return () => p;
}

if (!etcdAvailable()) {
  const why = `etcd binary not found at ${ETCD_BINARY}: apt-get install etcd-server`;
  if (process.env.CI) {
    it('etcd is installed', () => assert.fail(why));
  } else {
    it('etcd backend tests', { skip: why }, () => {});
  }
} else {
  // Start every cluster at once; each suite waits for its own.
  const clusters: Promise<EtcdTestCluster>[] = [];
  const start = (opts: Parameters<typeof startEtcd>[0]) => {
    const p = startEtcd(opts);
    clusters.push(p);
    return started(p);
  };
  const single = start({ members: 1 });
  const three = start({ members: 3 });
  const secure = start({ members: 1, tls: true });

  after(async () => {
    await Promise.all(clusters.map((p) => p.then((c) => c.stop(), () => {})));
  });

  storageConformance('etcd', { open: async () => new EtcdStorage({ endpoints: (await single()).endpoints }) });
  storageConformance('etcd, three members', { open: async () => new EtcdStorage({ endpoints: (await three()).endpoints }) });
  storageConformance('etcd, TLS client certificates', {
    open: async () => {
      const c = await secure();
      return new EtcdStorage({ endpoints: c.endpoints, tls: c.tls! });
    },
  });

  describe('etcd backend', () => {
    it('knows which etcd versions answer progress requests in order', () => {
      assert.equal(progressRequestsAreOrdered('3.4.23'), false);
      assert.equal(progressRequestsAreOrdered('3.4.31'), true);
      assert.equal(progressRequestsAreOrdered('3.5.12'), false);
      assert.equal(progressRequestsAreOrdered('3.5.13'), true);
      assert.equal(progressRequestsAreOrdered('3.6.0'), true);
      assert.equal(progressRequestsAreOrdered('garbage'), false);
    });

    it('refuses a TLS etcd without client certificates', async () => {
      const c = await secure();
      const s = new EtcdStorage({ endpoints: c.endpoints, tls: { ca: c.tls!.ca }, dialTimeoutMs: 1000 });
      try {
        await assert.rejects(s.get('/registry/x'), (err: unknown) => isStorageError(err));
      } finally {
        await s.close();
      }
    });

    it('shares the compacted revision between processes', async () => {
      const c = await single();
      const a = new EtcdStorage({ endpoints: c.endpoints });
      const b = new EtcdStorage({ endpoints: c.endpoints });
      try {
        const r = await a.create(`/registry/${uniq()}`, 'x');
        await a.compact(r);
        assert.ok((await b.compactedRevision()) >= r);
        await b.compact(r - 1); // older than the recorded one: nothing to do
        assert.ok((await a.compactedRevision()) >= r);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('reports the real compacted revision after a compaction done outside kts', async () => {
      const c = await single();
      const s = new EtcdStorage({ endpoints: c.endpoints });
      const raw = new Etcd3({ hosts: c.endpoints });
      try {
        const k = `/registry/${uniq()}`;
        const r1 = await s.create(k, '1');
        const r2 = await s.update(k, '2', r1);
        await raw.kv.compact({ revision: r2 });
        await assert.rejects(s.get(k, { revision: r1 }), (err: unknown) => {
          assert.ok(isStorageError(err, 'TooOld'), String(err));
          assert.equal(err.revision, r2);
          return true;
        });
        assert.ok((await s.compactedRevision()) >= r2, 'learned from etcd');
      } finally {
        raw.close();
        await s.close();
      }
    });

    it('starts a watch "from now" after a compaction that passed this process by', async () => {
      const c = await single();
      const a = new EtcdStorage({ endpoints: c.endpoints });
      const b = new EtcdStorage({ endpoints: c.endpoints });
      const base = `/registry/${uniq()}/`;
      try {
        await b.create(`${base}b`, 'x'); // b has seen nothing newer than this
        let r = 0;
        for (let i = 0; i < 5; i++) r = await a.create(`${base}a${i}`, 'x');
        await a.compact(r);
        const w = b.watch(base);
        const r2 = await b.create(`${base}c`, 'x');
        const [ev] = await take(w, 1);
        w.close();
        assert.equal(ev!.revision, r2);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('answers requestProgress with etcd progress requests when told they are ordered', async () => {
      // etcd 3.4.23 does not order them (see progressRequestsAreOrdered); nothing races here, so this
      // only exercises the path newer etcd takes.
      const c = await single();
      const s = new EtcdStorage({ endpoints: c.endpoints, trustProgressRequests: true });
      try {
        const w = s.watch(`/registry/${uniq()}/`);
        const r = await s.create(`/registry/${uniq()}/other`, 'x');
        w.requestProgress();
        const [p] = await take(w, 1, { progress: true });
        w.close();
        assert.equal(p!.type, 'PROGRESS');
        assert.ok(p!.revision >= r);
      } finally {
        await s.close();
      }
    });

    it('keeps working when one of three members stops, watches included', async () => {
      const c = await three();
      const leader = await c.leader();
      assert.ok(leader >= 0, 'the cluster has a leader');
      const victim = (leader + 1) % 3;
      // The victim first, so that both requests and the watch start on it.
      const endpoints = [c.endpoints[victim]!, ...c.endpoints.filter((_, i) => i !== victim)];
      const s = new EtcdStorage({ endpoints, dialTimeoutMs: 10_000 });
      const base = `/registry/${uniq()}/`;
      try {
        const w = s.watch(base, { fromRevision: await s.currentRevision() });
        const revs: number[] = [];
        for (let i = 0; i < 5; i++) revs.push(await s.create(`${base}k${i}`, `v${i}`));
        const before = await take(w, 5);
        assert.deepEqual(before.map((e) => e.revision), revs);
        await c.kill(victim);
        // A write sent at the very moment its member dies may or may not have been applied, so it fails
        // (Unreachable) rather than being retried; give the client a moment to see the connection close.
        await sleep(100);
        for (let i = 5; i < 15; i++) revs.push(await s.create(`${base}k${i}`, `v${i}`));
        const k3 = (await s.get(`${base}k3`))!;
        revs.push(await s.update(`${base}k3`, 'changed', k3.modRevision));
        revs.push((await s.delete(`${base}k4`)).revision);
        const afterStop = await take(w, 12, { timeoutMs: 15_000 });
        assert.deepEqual(afterStop.map((e) => e.revision), revs.slice(5), 'no event lost or repeated across the failover');
        assert.deepEqual(afterStop.slice(-2).map((e: WatchEvent) => e.type), ['MODIFIED', 'DELETED']);
        assert.equal((await s.list(base)).items.length, 14);
        // The member comes back, and the store still works.
        await c.restart(victim);
        const r = await s.create(`${base}back`, 'x');
        assert.equal((await take(w, 1, { timeoutMs: 10_000 }))[0]!.revision, r);
        w.close();
      } finally {
        await s.close();
      }
    });

    it('gets through the loss of the leader: writes resume after the election, the watch misses nothing', async () => {
      const c = await three();
      const leader = await c.leader();
      assert.ok(leader >= 0, 'the cluster has a leader');
      const endpoints = [c.endpoints[leader]!, ...c.endpoints.filter((_, i) => i !== leader)];
      const s = new EtcdStorage({ endpoints, dialTimeoutMs: 10_000 });
      const base = `/registry/${uniq()}/`;
      try {
        const w = s.watch(base, { fromRevision: await s.currentRevision() });
        const written = new Map<string, number>();
        const write = async (key: string) => {
          // Writes in flight while there is no leader fail as Unreachable (etcd cannot say whether they
          // were applied); the caller retries, and a retry that finds the key learns it was.
          for (let attempt = 0; attempt < 5; attempt++) {
            try {
              written.set(key, await s.create(key, 'v'));
              return;
            } catch (err) {
              if (isStorageError(err, 'KeyExists')) {
                written.set(key, (await s.get(key))!.createRevision);
                return;
              }
              if (!isStorageError(err, 'Unreachable')) throw err;
            }
          }
          assert.fail(`could not write ${key}`);
        };
        await write(`${base}a`);
        await c.kill(leader);
        for (let i = 0; i < 5; i++) await write(`${base}b${i}`);
        const evs = await take(w, written.size, { timeoutMs: 20_000 });
        assert.deepEqual(
          evs.map((e) => [e.key, e.revision]),
          [...written.entries()].sort((x, y) => x[1] - y[1]),
          'every write exactly once, in order',
        );
        assert.ok((await c.leader()) >= 0, 'a new leader was elected');
        await c.restart(leader);
        w.close();
      } finally {
        await s.close();
      }
    });

    it('fails with Unreachable within a few seconds when etcd is down, instead of hanging', async () => {
      const c = await single();
      const s = new EtcdStorage({ endpoints: c.endpoints, dialTimeoutMs: 2000 });
      const base = `/registry/${uniq()}/`;
      try {
        const r = await s.create(`${base}a`, 'x');
        const w = s.watch(base, { fromRevision: r });
        const watching = (async () => {
          try {
            for await (const ev of w) void ev;
            return 'ended';
          } catch (err) {
            return isStorageError(err) ? err.code : String(err);
          }
        })();
        await c.kill(0);
        const t0 = Date.now();
        const unreachable = (err: unknown) => {
          assert.ok(isStorageError(err, 'Unreachable'), `expected Unreachable, got ${String(err)}`);
          return true;
        };
        await Promise.all([
          assert.rejects(s.get(`${base}a`), unreachable),
          assert.rejects(s.list(base), unreachable),
          assert.rejects(s.create(`${base}b`, 'x'), unreachable),
          assert.rejects(s.update(`${base}a`, 'y', r), unreachable),
          assert.rejects(s.delete(`${base}a`), unreachable),
          assert.rejects(s.currentRevision(), unreachable),
        ]);
        assert.equal(await watching, 'Unreachable');
        const took = Date.now() - t0;
        assert.ok(took < 8000, `took ${took} ms`);
      } finally {
        await s.close();
      }
    });
  });
}
