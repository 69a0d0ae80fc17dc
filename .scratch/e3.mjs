import { startEtcd } from '/work/main/dist/src/machinery/storage/etcd/testing.js';
import { EtcdStorage } from '/work/main/dist/src/machinery/storage/etcd/etcd.js';
import { Etcd3 } from 'etcd3';
const c = await startEtcd({ members: 3 });
const ids = [];
for (const e of c.endpoints) { const x = new Etcd3({ hosts: e }); const st = await x.maintenance.status(); ids.push({ me: st.header.member_id, leader: st.leader }); x.close(); }
const leader = ids.findIndex((x) => x.me === x.leader);
console.log('leader is', leader);
const victim = (leader + 1) % 3; const order = [victim, ...[0,1,2].filter(i => i !== victim)];
const s = new EtcdStorage({ endpoints: order.map(i => c.endpoints[i]), dialTimeoutMs: 10000 });
await s.create('/registry/x/a', '1');
await c.kill(victim);
const t0 = Date.now();
await new Promise(r => setTimeout(r, +process.argv[2]));
for (let i = 0; i < 10; i++) {
  const t = Date.now();
  try { await s.create('/registry/x/b' + i, '1'); console.log('ok', i, Date.now() - t, Date.now() - t0); }
  catch (e) { console.log('fail', i, Date.now() - t, e.message.slice(0, 200)); }
}
await s.close(); await c.stop();
