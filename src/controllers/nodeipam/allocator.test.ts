import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { startInProcessServer } from '../../machinery/client/testenv.js';
import { nodeIpamController } from './index.js';
import { eventually, runControllers } from '../../machinery/controller/testing.js';

const node = (name: string, podCIDR?: string): KubeObject => ({ metadata: { name }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {} });
const cidrOf = (n: KubeObject | undefined) => (n?.spec as { podCIDR?: string } | undefined)?.podCIDR;

describe('node-ipam', () => {
  it('keeps existing allocations, gives new nodes distinct subnets and reuses released ones', async () => {
    const fake = new FakeTransport();
    fake.seed('nodes', node('a', '10.244.0.0/24'), node('b'), node('c'));
    const client = new Client({ transport: fake, retry: false });
    const run = runControllers(client, [nodeIpamController]);
    try {
      const get = (n: string) => fake.tracker.get('/nodes', '', n);
      await eventually(() => cidrOf(get('b')) && cidrOf(get('c')), { what: 'allocations' });
      assert.deepEqual([cidrOf(get('a')), cidrOf(get('b')), cidrOf(get('c'))].sort(), ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
      assert.deepEqual((get('b')!.spec as { podCIDRs: string[] }).podCIDRs, [cidrOf(get('b'))]);
      const freed = cidrOf(get('b'));
      await client.resource('nodes').delete('b');
      // A full range: the freed subnet is the only one left for the next node.
      const small = runControllers(client, [nodeIpamController], { options: { 'cluster-cidr': '10.244.0.0/22' } });
      await run.stop();
      await client.resource('nodes').create(node('d'));
      await client.resource('nodes').create(node('e'));
      await eventually(() => cidrOf(get('d')) && cidrOf(get('e')), { what: 'allocations after delete' });
      assert.ok([cidrOf(get('d')), cidrOf(get('e'))].includes(freed));
      await client.resource('nodes').create(node('f'));
      const ev = await eventually(() => (fake.tracker.list('/events', 'default') as KubeObject[]).find((e) => e.reason === 'CIDRNotAvailable'), { what: 'CIDRNotAvailable event' });
      assert.equal(ev.message, 'Node f status is now: CIDRNotAvailable');
      await small.stop();
    } finally {
      await run.stop();
    }
  });

  it('allocates distinct /24s against the apiserver', async () => {
    const s = await startInProcessServer();
    const client = s.client('node-ipam');
    const run = runControllers(client, [nodeIpamController], { options: { 'cluster-cidr': '10.244.0.0/16', 'node-cidr-mask-size': '24' } });
    try {
      for (let i = 0; i < 5; i++) await client.resource('nodes').create(node(`n${i}`));
      const cidrs = await eventually(async () => {
        const list = (await client.resource('nodes').list()).items.map(cidrOf);
        return list.every(Boolean) ? list : undefined;
      }, { what: 'pod CIDRs' });
      assert.equal(new Set(cidrs).size, 5);
      for (const c of cidrs) assert.match(c!, /^10\.244\.\d+\.0\/24$/);
    } finally {
      await run.stop();
      await s.stop();
    }
  });
});
