import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { realClock } from '../../machinery/clock/clock.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { ServiceAccountsController } from './controller.js';

async function eventually(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('serviceaccount controller', () => {
  it('creates "default" in active namespaces, again after it is deleted, never in terminating ones', async () => {
    const fake = new FakeTransport();
    fake.seed('namespaces', { metadata: { name: 'a' }, status: { phase: 'Active' } }, { metadata: { name: 'dying' }, status: { phase: 'Terminating' } });
    fake.seed('serviceaccounts', { metadata: { name: 'other', namespace: 'a' } });
    const client = new Client({ transport: fake, retry: false });
    const informers = new SharedInformerFactory(client);
    const c = new ServiceAccountsController({ client, informers, clock: realClock });
    const ac = new AbortController();
    informers.start(ac.signal);
    const running = c.run(ac.signal);
    const sa = (ns: string) => fake.tracker.get('/serviceaccounts', ns, 'default');
    try {
      await eventually(() => !!sa('a'), 'default in a');
      await client.resource('namespaces').create({ metadata: { name: 'b' }, status: { phase: 'Active' } });
      await eventually(() => !!sa('b'), 'default in b');
      await client.resource('serviceaccounts', 'a').delete('default');
      await eventually(() => !!sa('a'), 'default in a again');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(sa('dying'), undefined);
      assert.equal(fake.actionsFor('create', 'serviceaccounts').length, 3);
    } finally {
      ac.abort();
      await running;
      await informers.shutdown();
    }
  });
});
