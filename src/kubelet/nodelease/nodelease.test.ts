import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/types.js';
import { FakeClock } from '../../machinery/clock/index.js';
import { startInProcessServer } from '../../machinery/client/testenv.js';
import { runNodeLease } from './index.js';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type LeaseSpec = { holderIdentity: string; leaseDurationSeconds: number; renewTime: string };

test('runNodeLease creates, renews every 10 s and owns the lease by the Node', async (t) => {
  const srv = await startInProcessServer();
  t.after(() => srv.stop());
  const client = srv.client('kubelet');
  const leases = client.resource('leases.coordination.k8s.io', 'kube-node-lease');
  const clock = new FakeClock(Date.parse('2025-03-01T10:00:00Z'));
  const ac = new AbortController();
  // No Node yet: the lease is created without an owner, which is added once the Node exists.
  const run = runNodeLease({ client, nodeName: 'node-b', signal: ac.signal, clock });
  const first = await waitFor('lease', () => leases.get('node-b'));
  const spec = first.spec as LeaseSpec;
  assert.equal(spec.holderIdentity, 'node-b');
  assert.equal(spec.leaseDurationSeconds, 40);
  assert.equal(spec.renewTime, '2025-03-01T10:00:00.000000Z');
  assert.equal(first.metadata.ownerReferences, undefined);

  const node = await client.resource('nodes').create({ metadata: { name: 'node-b' } });
  await clock.advance(9_999);
  assert.equal(((await leases.get('node-b')).spec as LeaseSpec).renewTime, '2025-03-01T10:00:00.000000Z', 'not renewed before 10 s');
  await clock.advance(1);
  const renewed: KubeObject = await waitFor('renewal', async () => {
    const l = await leases.get('node-b');
    return (l.spec as LeaseSpec).renewTime === '2025-03-01T10:00:10.000000Z' ? l : undefined;
  });
  assert.deepEqual(renewed.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'node-b', uid: node.metadata.uid }]);

  // Someone else updated the lease (conflict on our next write): it is re-read and renewed anyway.
  await leases.update({ ...renewed, spec: { ...(renewed.spec as object), holderIdentity: 'intruder' } });
  await clock.advance(10_000);
  await waitFor('recovery after conflict', async () => {
    await clock.advance(200);
    const l = await leases.get('node-b');
    return (l.spec as LeaseSpec).holderIdentity === 'node-b' ? l : undefined;
  });
  ac.abort();
  await run;
});
