import { startEtcd } from '/work/main/dist/src/machinery/storage/etcd/testing.js';
import { EtcdStorage } from '/work/main/dist/src/machinery/storage/etcd/etcd.js';
import { take } from '/work/main/dist/src/machinery/storage/conformance.js';
process.on('unhandledRejection', (e) => { console.log('UNHANDLED', e); process.exitCode = 1; });
const c = await startEtcd();
const a = new EtcdStorage({ endpoints: c.endpoints });
const b = new EtcdStorage({ endpoints: c.endpoints });
await b.create('/registry/b/x', '1'); // b's known revision is now small
let r; for (let i = 0; i < 20; i++) r = await a.create('/registry/a/k' + i, 'v');
await a.compact(r);
const w = b.watch('/registry/a/');
const r2 = await a.create('/registry/a/new', 'v');
const [ev] = await take(w, 1);
console.log('stale from-now watch after compaction:', ev.type, ev.revision === r2);
w.close();
// lease reuse
const t0 = Date.now();
const revs = await Promise.all(Array.from({ length: 20 }, (_, i) => a.create('/registry/ttl/k' + i, 'v', { ttlSeconds: 2 })));
const w2 = a.watch('/registry/ttl/', { fromRevision: Math.min(...revs) - 1 });
const evs = await take(w2, 40, { timeoutMs: 10000 });
console.log('ttl: deleted', evs.filter(e => e.type === 'DELETED').length, 'after', Date.now() - t0, 'ms');
const ls = await a.endpoints[0].kv.leaseClient.leaseLeases(); console.log("leases now", ls.leases.length);
console.log('leases granted:', ls.leases.length);
await a.close(); await b.close(); await c.stop();
