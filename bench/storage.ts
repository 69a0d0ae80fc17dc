// npm run bench:storage — the storage layer's throughput and latency, for SQLite, for the etcd backend,
// and for the raw etcd3 client against the same etcd in the same run (the peer to compare with).
//   creates/s and updates/s of 1 KB objects at 1 and 64 concurrent writers; get latency and LIST of
//   10k keys latency (p50/p99); watch delivery latency (p50/p99).
// Options: --quick (smaller counts), --only sqlite|etcd|raw (comma-separated).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import type { Storage } from '../src/machinery/storage/interface.js';
import { SqliteStorage } from '../src/machinery/storage/sqlite/sqlite.js';
import { EtcdStorage } from '../src/machinery/storage/etcd/etcd.js';
import { startEtcd } from '../src/machinery/storage/etcd/testing.js';
import { fmt, load, nowMs, summarize, table, type LatencySummary } from './lib/stats.js';
import { encodeContinue } from '../src/machinery/storage/continue.js';

interface BenchTarget {
  name: string;
  create(key: string, value: string): Promise<number>;
  update(key: string, value: string, rev: number): Promise<number>;
  get(key: string): Promise<unknown>;
  list(prefix: string): Promise<number>;
  /** The first `limit` keys after `start` (a page of a paged LIST). */
  listPage(prefix: string, start: string, limit: number): Promise<number>;
  watch(prefix: string, onKey: (key: string) => void): Promise<() => void>;
  close(): Promise<void>;
}

function fromStorage(name: string, s: Storage): BenchTarget {
  return {
    name,
    create: (k, v) => s.create(k, v),
    update: (k, v, r) => s.update(k, v, r),
    get: (k) => s.get(k),
    list: async (p) => (await s.list(p)).items.length,
    listPage: async (p, start, limit) => (await s.list(p, { limit, continue: encodeContinue(p, start, await s.currentRevision()) })).items.length,
    watch: async (p, on) => {
      const w = s.watch(p);
      void (async () => {
        try {
          for await (const ev of w) if (ev.type !== 'PROGRESS') on(ev.key);
        } catch {
          /* closed */
        }
      })();
      return () => w.close();
    },
    close: () => s.close(),
  };
}

/** The raw etcd3 client doing the same operations the backend does (compare-and-swap transactions). */
function rawEtcd(client: Etcd3): BenchTarget {
  return {
    name: 'raw etcd3',
    create: async (k, v) => {
      const r = await client.if(k, 'Create', '==', 0).then(client.put(k).value(v)).commit();
      if (!r.succeeded) throw new Error('exists');
      return Number(r.header.revision);
    },
    update: async (k, v, rev) => {
      const r = await client.if(k, 'Mod', '==', rev).then(client.put(k).value(v)).commit();
      if (!r.succeeded) throw new Error('conflict');
      return Number(r.header.revision);
    },
    get: (k) => client.get(k).string(),
    list: async (p) => Object.keys(await client.getAll().prefix(p).strings()).length,
    listPage: async (p, start, limit) => Object.keys(await client.getAll().inRange({ start: `${start}\u0000`, end: `${p.slice(0, -1)}0` }).limit(limit).strings()).length,
    watch: async (p, on) => {
      const w = await client.watch().prefix(p).create();
      w.on('put', (kv) => on(kv.key.toString()));
      return () => void w.cancel();
    },
    close: async () => client.close(),
  };
}

const VALUE = JSON.stringify({ kind: 'Pod', pad: 'x'.repeat(1000) }).slice(0, 1024);

interface Result {
  target: string;
  create1: number;
  create64: number;
  update1: number;
  update64: number;
  get: LatencySummary;
  list10k: LatencySummary;
  page500: LatencySummary;
  watch: LatencySummary;
}

async function runOne(t: BenchTarget, quick: boolean): Promise<Result> {
  const run = Date.now().toString(36);
  const n1 = quick ? 500 : 2000;
  const n64 = quick ? 5000 : 20000;
  const log = (m: string) => process.stderr.write(`  [${t.name}] ${m}\n`);

  log(`creates, 1 writer (${n1})`);
  const revs1: number[] = [];
  const c1 = await load(n1, 1, async (i) => (revs1[i] = await t.create(`/bench/${run}/c1/k${i}`, VALUE)));
  log(`creates, 64 writers (${n64})`);
  const revs64: number[] = [];
  const c64 = await load(n64, 64, async (i) => (revs64[i] = await t.create(`/bench/${run}/c64/k${i}`, VALUE)));
  log('updates, 1 writer');
  const u1 = await load(n1, 1, async (i) => (revs1[i] = await t.update(`/bench/${run}/c1/k${i}`, VALUE, revs1[i]!)));
  log('updates, 64 writers');
  const u64 = await load(n64, 64, async (i) => (revs64[i] = await t.update(`/bench/${run}/c64/k${i}`, VALUE, revs64[i]!)));

  log('10k keys for get and list');
  const listPrefix = `/bench/${run}/list/`;
  await load(10_000, 64, (i) => t.create(`${listPrefix}k${String(i).padStart(5, '0')}`, VALUE));
  const gets: number[] = [];
  for (let i = 0; i < (quick ? 500 : 2000); i++) {
    const k = `${listPrefix}k${String(Math.floor(Math.random() * 10_000)).padStart(5, '0')}`;
    const s = nowMs();
    await t.get(k);
    gets.push(nowMs() - s);
  }
  const lists: number[] = [];
  for (let i = 0; i < (quick ? 5 : 20); i++) {
    const s = nowMs();
    const n = await t.list(listPrefix);
    lists.push(nowMs() - s);
    if (n !== 10_000) throw new Error(`${t.name}: list returned ${n} keys, expected 10000`);
  }
  // Pages of 500 from random places of the 10k keys, as a paged LIST (kubectl's --chunk-size) reads them.
  const pages: number[] = [];
  for (let i = 0; i < (quick ? 20 : 100); i++) {
    const start = `${listPrefix}k${String(Math.floor(Math.random() * 9_000)).padStart(5, '0')}`;
    const s = nowMs();
    const n = await t.listPage(listPrefix, start, 500);
    pages.push(nowMs() - s);
    if (n !== 500) throw new Error(`${t.name}: a page returned ${n} keys, expected 500`);
  }

  log('watch delivery');
  const wPrefix = `/bench/${run}/watch/`;
  const started = new Map<string, number>();
  const delays: number[] = [];
  let pending: (() => void) | null = null;
  const stop = await t.watch(wPrefix, (key) => {
    const s = started.get(key);
    if (s !== undefined) {
      delays.push(nowMs() - s);
      started.delete(key);
      if (started.size === 0) pending?.();
    }
  });
  await new Promise((r) => setTimeout(r, 200));
  const nw = quick ? 300 : 1000;
  for (let i = 0; i < nw; i++) {
    const key = `${wPrefix}k${i}`;
    started.set(key, nowMs());
    await t.create(key, VALUE);
    if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5)); // 20 changes per 5 ms burst, then idle
  }
  if (started.size > 0) await Promise.race([new Promise<void>((r) => (pending = r)), new Promise((r) => setTimeout(r, 5000))]);
  stop();
  return {
    target: t.name,
    create1: c1.opsPerSec,
    create64: c64.opsPerSec,
    update1: u1.opsPerSec,
    update64: u64.opsPerSec,
    get: summarize(gets),
    list10k: summarize(lists),
    page500: summarize(pages),
    watch: summarize(delays),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a, i) => args[i - 1] === '--only');
  const only = new Set((onlyArg ?? 'sqlite,etcd,raw').split(','));
  console.log(`bench:storage — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}${quick ? ' (quick)' : ''}`);
  const results: Result[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-'));
  try {
    if (only.has('sqlite')) {
      process.stderr.write('SQLite (synchronous=FULL: every acknowledged write fsynced)\n');
      const s = new SqliteStorage({ path: join(dir, 'state.db') });
      results.push(await runOne(fromStorage('kts sqlite', s), quick));
      await s.close();
    }
    if (only.has('etcd') || only.has('raw')) {
      process.stderr.write('starting etcd\n');
      const etcd = await startEtcd({ members: 1 });
      try {
        if (only.has('raw')) {
          const client = new Etcd3({ hosts: etcd.endpoints, grpcOptions: { 'grpc.max_receive_message_length': -1 } });
          results.push(await runOne(rawEtcd(client), quick));
          client.close();
        }
        if (only.has('etcd')) {
          const s = new EtcdStorage({ endpoints: etcd.endpoints });
          results.push(await runOne(fromStorage('kts etcd', s), quick));
          await s.close();
        }
      } finally {
        await etcd.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    table(
      ['target', 'create/s c=1', 'create/s c=64', 'update/s c=1', 'update/s c=64', 'get p50/p99 ms', 'list 10k p50/p99 ms', 'page of 500 p50/p99 ms', 'watch p50/p99 ms'],
      results.map((r) => [
        r.target,
        fmt(r.create1, 0),
        fmt(r.create64, 0),
        fmt(r.update1, 0),
        fmt(r.update64, 0),
        `${fmt(r.get.p50, 3)} / ${fmt(r.get.p99, 3)}`,
        `${fmt(r.list10k.p50, 1)} / ${fmt(r.list10k.p99, 1)}`,
        `${fmt(r.page500.p50, 1)} / ${fmt(r.page500.p99, 1)}`,
        `${fmt(r.watch.p50, 3)} / ${fmt(r.watch.p99, 3)}`,
      ]),
    ),
  );
  const raw = results.find((r) => r.target === 'raw etcd3');
  const be = results.find((r) => r.target === 'kts etcd');
  if (raw && be) {
    console.log(
      `kts etcd / raw etcd3: creates c=1 ${(be.create1 / raw.create1).toFixed(2)}×, c=64 ${(be.create64 / raw.create64).toFixed(2)}×; updates c=1 ${(be.update1 / raw.update1).toFixed(2)}×, c=64 ${(be.update64 / raw.update64).toFixed(2)}×`,
    );
  }
  console.log(`rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
}

await main();
