import { startEtcd } from '/work/main/dist/src/machinery/storage/etcd/testing.js';
import { EtcdStorage } from '/work/main/dist/src/machinery/storage/etcd/etcd.js';
import { take } from '/work/main/dist/src/machinery/storage/conformance.js';
import { execFileSync } from 'node:child_process';
process.on('unhandledRejection', (e) => { console.log('UNHANDLED', e); process.exitCode = 1; });
const c = await startEtcd();
const s = new EtcdStorage({ endpoints: c.endpoints });
// 1. external compaction
const r1 = await s.create('/registry/a/x', '1');
const r2 = await s.update('/registry/a/x', '2', r1);
const r3 = await s.update('/registry/a/x', '3', r2);
execFileSync('etcdctl', ['--endpoints', c.endpoints[0], 'compact', String(r3)], { env: { ...process.env, ETCDCTL_API: '3' } });
try { await s.get('/registry/a/x', { revision: r1 }); } catch (e) { console.log('1. external compaction:', e.code, e.revision, 'expected', r3); }
console.log('   compactedRevision after learning', await s.compactedRevision());
// 2. slow consumer
const s2 = new EtcdStorage({ endpoints: c.endpoints, watchBuffer: 5 });
const w = s2.watch('/registry/slow/');
for (let i = 0; i < 10; i++) await s2.create('/registry/slow/k' + i, 'v');
await new Promise(r => setTimeout(r, 200));
try { for await (const ev of w) {} console.log('2. ended?'); } catch (e) { console.log('2. slow consumer:', e.code); }
// 3. trustProgressRequests forced: -1 responses path
const s3 = new EtcdStorage({ endpoints: c.endpoints, trustProgressRequests: true });
const w3 = s3.watch('/registry/p/', { progressNotify: true });
const rr = await s3.create('/registry/other/z', 'x');
w3.requestProgress();
const [p] = await take(w3, 1, { progress: true });
console.log('3. forced progress request:', p.type, p.revision, '>=', rr);
w3.close();
// 4. watch from compacted revision -> TooOld with etcd's compact revision
const w4 = s.watch('/registry/a/', { fromRevision: r1 });
try { await take(w4, 1); } catch (e) { console.log('4. watch too old:', e.code, e.revision); }
// 5. close while a watch is reconnecting after a kill; store created while etcd down
const s5 = new EtcdStorage({ endpoints: c.endpoints, dialTimeoutMs: 3000 });
const w5 = s5.watch('/registry/z/', { fromRevision: await s5.currentRevision() });
const it5 = (async () => { try { for await (const e of w5) {} return 'ended'; } catch (e) { return e.code; } })();
await c.kill(0);
await new Promise(r => setTimeout(r, 500));
await s5.close();
console.log('5. watch after close during reconnect:', await it5);
const s6 = new EtcdStorage({ endpoints: c.endpoints, dialTimeoutMs: 1000 });
const t = Date.now();
const w6 = s6.watch('/registry/q/');
const it6 = (async () => { try { for await (const e of w6) {} return 'ended'; } catch (e) { return e.code; } })();
try { await s6.create('/registry/q/a', 'x'); } catch (e) { console.log('6. fresh store, etcd down:', e.code, Date.now() - t, 'ms'); }
console.log('   its watch:', await it6, Date.now() - t, 'ms');
await c.restart(0);
console.log('7. after restart, fresh store create:', await s6.create('/registry/q/b', 'x').then(r => 'ok ' + r, e => e.code));
for (const x of [s, s2, s3, s6]) await x.close();
await c.stop();
console.log('done');
