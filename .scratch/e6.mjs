import { startEtcd } from '/work/main/dist/src/machinery/storage/etcd/testing.js';
import { EtcdStorage } from '/work/main/dist/src/machinery/storage/etcd/etcd.js';
const c = await startEtcd();
const a = new EtcdStorage({ endpoints: c.endpoints });
await Promise.all(Array.from({ length: 20 }, (_, i) => a.create('/registry/ttl/k' + i, 'v', { ttlSeconds: 100 })));
await a.create('/registry/ttl/z', 'v', { ttlSeconds: 5 });
console.log('leases:', (await a.endpoints[0].kv.leaseClient.leaseLeases()).leases.length);
await a.close(); await c.stop();
