// Store.create details seen through the in-process apiserver: a generated name that is already taken
// is generated again (upstream's RetryGenerateName), and gives up with 409 after 8 tries.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it, mock } from 'node:test';
import type { Client } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { StatusError } from '../../machinery/errors/status.js';

describe('Store.create with generateName', () => {
  let server: InProcessServer;
  let client: Client;
  before(async () => {
    server = await startInProcessServer();
    client = server.client('test', { retry: false });
  });
  afterEach(() => mock.restoreAll());
  after(async () => {
    await server.stop();
  });

  it('generates the name again when the generated one is taken', async () => {
    const cms = client.resource('configmaps', 'default');
    // Math.random() = 0 gives the suffix "bbbbb"; then 0.5 gives another one.
    mock.method(Math, 'random', () => 0);
    const first = await cms.create({ metadata: { generateName: 'gen-' } });
    assert.equal(first.metadata.name, 'gen-bbbbb');
    let calls = 0;
    mock.method(Math, 'random', () => (calls++ < 5 ? 0 : 0.5));
    const second = await cms.create({ metadata: { generateName: 'gen-' } });
    assert.notEqual(second.metadata.name, 'gen-bbbbb');
    assert.match(second.metadata.name!, /^gen-[a-z0-9]{5}$/);
  });

  it('answers 409 AlreadyExists when every try collides, and never renames a given name', async () => {
    const cms = client.resource('configmaps', 'default');
    mock.method(Math, 'random', () => 0);
    await assert.rejects(cms.create({ metadata: { generateName: 'gen-' } }), (e: unknown) => e instanceof StatusError && e.status.code === 409 && e.status.reason === 'AlreadyExists');
    await cms.create({ metadata: { name: 'fixed' } });
    await assert.rejects(cms.create({ metadata: { name: 'fixed', generateName: 'x-' } }), (e: unknown) => e instanceof StatusError && e.status.code === 409);
  });
});

describe('Store LIST from storage with a selector', () => {
  it('reads ever bigger pages while the selector keeps few items, and pages the matches correctly', async () => {
    const server = await startInProcessServer();
    const client = server.client('test', { retry: false });
    try {
      const cms = client.resource('configmaps', 'default');
      for (let i = 0; i < 600; i++) await cms.create({ metadata: { name: `cm-${String(i).padStart(4, '0')}`, labels: i % 200 === 199 ? { pick: 'yes' } : {} } });
      const reads = mock.method(server.storage, 'list');
      // A consistent LIST with a limit is read from storage; 3 of 600 match.
      const first = await cms.list({ labelSelector: 'pick=yes', limit: 2 });
      assert.deepEqual(first.items.map((o) => o.metadata.name), ['cm-0199', 'cm-0399']);
      assert.ok(first.metadata.continue);
      assert.equal(first.metadata.remainingItemCount, undefined, 'no count under a selector');
      // Pages of 2, 4, 8 … 256 would reach cm-0399 in 8 reads; pages of 2 would take 200.
      assert.ok(reads.mock.callCount() <= 9, `${reads.mock.callCount()} storage reads`);
      const rest = await cms.list({ labelSelector: 'pick=yes', limit: 2, continue: first.metadata.continue! });
      assert.deepEqual(rest.items.map((o) => o.metadata.name), ['cm-0599']);
      assert.equal(rest.metadata.continue ?? '', '');
    } finally {
      mock.restoreAll();
      await server.stop();
    }
  });
});
