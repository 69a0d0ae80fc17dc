import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/types.js';
import { Client, FakeTransport } from '../machinery/client/index.js';
import { FakeClock } from '../machinery/clock/index.js';
import { runSimNodes } from './index.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');

async function step(clock: FakeClock, ms: number, by = 500): Promise<void> {
  for (let t = 0; t < ms; t += by) {
    await clock.advance(by);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
}

describe('runSimNodes (fake API, fake clock)', () => {
  it('renews each Lease every 10 s, posts status about once a minute, and goes silent on heartbeat stop', async () => {
    const clock = new FakeClock(T0);
    const fake = new FakeTransport({ clock });
    const client = new Client({ transport: fake, clock, retry: false });
    const ac = new AbortController();
    const sim = runSimNodes({ client, count: 20, signal: ac.signal, clock, maxInFlight: 4, statusIntervalMs: 60_000 });
    try {
      await step(clock, 500);
      await sim.ready;
      assert.equal(fake.tracker.list('/nodes', '').length, 20);
      assert.equal(fake.tracker.list('coordination.k8s.io/leases', 'kube-node-lease').length, 20);
      const lease = fake.tracker.get('coordination.k8s.io/leases', 'kube-node-lease', 'sim-7')!;
      assert.deepEqual(lease.metadata.ownerReferences?.map((r) => `${r.kind}/${r.name}`), ['Node/sim-7']);
      fake.clearActions();
      await step(clock, 60_000);
      const leaseWrites = fake.actionsFor('update', 'leases').length;
      const statusWrites = fake.actionsFor('patch', 'nodes').filter((a) => a.subresource === 'status').length;
      // 20 nodes × 6 renewals a minute; one heartbeat each (the first ones come within the first minute).
      assert.ok(leaseWrites >= 110 && leaseWrites <= 125, `lease writes ${leaseWrites}`);
      assert.ok(statusWrites >= 15 && statusWrites <= 25, `status writes ${statusWrites}`);
      // Stop sim-3's heartbeats.
      const n = fake.tracker.get('/nodes', '', 'sim-3') as KubeObject;
      await client.resource('nodes').update({ ...n, metadata: { ...n.metadata, annotations: { ...n.metadata.annotations, 'sim.kts.io/heartbeat': 'stop' } } });
      await step(clock, 1000);
      fake.clearActions();
      await step(clock, 60_000);
      assert.equal(fake.actionsFor('update', 'leases').filter((a) => a.name === 'sim-3').length, 0);
      assert.equal(fake.actionsFor('patch', 'nodes').filter((a) => a.name === 'sim-3').length, 0);
      assert.equal(sim.stats().alive, 19);
    } finally {
      ac.abort();
      await step(clock, 1000);
      await sim.done;
    }
  });
});
