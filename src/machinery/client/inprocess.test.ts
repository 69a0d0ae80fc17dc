import { transportConformance } from './conformance.js';
import { startInProcessServer } from './testenv.js';

transportConformance({
  name: 'in-process',
  setup: async () => {
    const s = await startInProcessServer();
    return { client: (component) => s.client(component), forgetWatchHistory: () => s.restart(), teardown: () => s.stop() };
  },
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StatusError } from '../errors/status.js';
import { Client } from './client.js';
import type { InProcessServer } from './testenv.js';

describe('InProcessTransport: the whole apiserver pipeline runs', () => {
  let s: InProcessServer;
  before(async () => {
    s = await startInProcessServer();
  });
  after(async () => {
    await s?.stop();
  });

  it('authorizes as the configured user', async () => {
    const nobody = new Client({ transport: s.transport({ username: 'nobody', groups: [] }) });
    await assert.rejects(nobody.resource('pods', 'default').list(), (e: unknown) => e instanceof StatusError && e.code === 403 && /User "nobody" cannot list resource "pods"/.test(e.message));
    const admin = new Client({ transport: s.transport() });
    assert.ok((await admin.resource('pods', 'default').list()).metadata.resourceVersion);
  });

  it('reaches objects whose names the client escapes (system:… roles)', async () => {
    const c = s.client('names');
    const role = await c.resource('clusterroles.rbac.authorization.k8s.io').get('system:kube-scheduler');
    assert.equal(role.metadata.name, 'system:kube-scheduler');
  });

  it('validates objects', async () => {
    const c = s.client('validation');
    await assert.rejects(c.resource('configmaps', 'default').create({ metadata: { name: 'Not_A_Valid_Name' } }), (e: unknown) => e instanceof StatusError && e.code === 422 && e.reason === 'Invalid');
  });

  it('streams big responses with backpressure', async () => {
    const c = s.client('big');
    const data = { blob: 'x'.repeat(900_000) };
    await c.resource('configmaps', 'default').create({ metadata: { name: 'big' }, data });
    const got = await c.resource('configmaps', 'default').get('big');
    assert.equal((got.data as { blob: string }).blob.length, 900_000);
  });
});
