import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { FakeClock } from '../../machinery/clock/clock.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { NamespaceController } from './controller.js';

describe('namespace controller', () => {
  it('starts on a deleted namespace 5 s after the event, and only on deleted ones', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport({ clock });
    const [ns] = fake.seed('namespaces', { metadata: { name: 'doomed', finalizers: ['test/fake'] }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    fake.tracker.put('/namespaces', { ...ns!, metadata: { ...ns!.metadata, deletionTimestamp: new Date(clock.now()).toISOString() } });
    fake.seed('namespaces', { metadata: { name: 'alive' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    fake.seed('configmaps', { metadata: { name: 'c', namespace: 'doomed' } }, { metadata: { name: 'c', namespace: 'alive' } });
    const client = new Client({ transport: fake, retry: false });
    const informers = new SharedInformerFactory(client);
    const c = new NamespaceController({ client, informers, clock, resources: () => [{ group: '', version: 'v1', resource: 'configmaps', namespaced: true, deleteCollection: true }] });
    const ac = new AbortController();
    informers.start(ac.signal);
    const running = c.run(ac.signal);
    try {
      await informers.waitForCacheSync();
      await clock.waitForTimers(1);
      await clock.advance(4_900);
      assert.equal(fake.tracker.list('/configmaps', 'doomed').length, 1);
      await clock.advance(100);
      for (let i = 0; i < 200 && fake.tracker.list('/configmaps', 'doomed').length; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(fake.tracker.list('/configmaps', 'doomed').length, 0);
      assert.equal(fake.tracker.list('/configmaps', 'alive').length, 1);
      assert.ok(!fake.actions.some((a) => a.resource === 'namespaces' && a.name === 'alive' && a.verb !== 'get'));
    } finally {
      ac.abort();
      await running;
      await informers.shutdown();
    }
  });
});
