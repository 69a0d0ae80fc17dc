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
