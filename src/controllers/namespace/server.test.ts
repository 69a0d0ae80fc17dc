// The namespace controller against a real API server (in process): deleting a namespace removes its
// content — a pod on a node terminates gracefully first (the test plays the kubelet) — and then the
// namespace itself.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Client } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/clock.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { NamespaceController } from './controller.js';
import type { Namespace } from './deleter.js';

async function eventually<T>(get: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('namespace controller against an API server', () => {
  let server: InProcessServer;
  let client: Client;
  const ac = new AbortController();
  let informers: SharedInformerFactory;
  let running: Promise<void>;

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test');
    informers = new SharedInformerFactory(server.client('kube-controller-manager'));
    const c = new NamespaceController({ client: server.client('kube-controller-manager'), informers, clock: realClock, deletionGracePeriodMs: 50 });
    informers.start(ac.signal);
    running = c.run(ac.signal);
  });

  after(async () => {
    ac.abort();
    await running;
    await informers.shutdown();
    await server.stop();
  });

  it('deletes the content of a deleted namespace, waits for its pods, then the namespace goes', async () => {
    await client.resource('namespaces').create({ metadata: { name: 'doomed' } });
    await client.resource('configmaps', 'doomed').create({ metadata: { name: 'cm' }, data: { a: 'b' } });
    await client.resource('secrets', 'doomed').create({ metadata: { name: 's' } });
    await client.resource('services', 'doomed').create({ metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } } as KubeObject);
    const pod: KubeObject = { metadata: { name: 'p' }, spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'nginx' }] } };
    await client.resource('pods', 'doomed').create(pod);
    await client.resource('namespaces').create({ metadata: { name: 'kept' } });
    await client.resource('configmaps', 'kept').create({ metadata: { name: 'cm' } });

    await client.resource('namespaces').delete('doomed');
    const ns = await client.resource<Namespace>('namespaces').get('doomed');
    assert.equal(ns.status?.phase, 'Terminating');

    // The kubelet's part: a pod marked for deletion is stopped and removed.
    const pods = client.resource('pods', 'doomed');
    await eventually(async () => (await pods.get('p')).metadata.deletionTimestamp, 'the pod to be marked for deletion');
    const conds = (await client.resource<Namespace>('namespaces').get('doomed')).status?.conditions ?? [];
    const remaining = conds.find((c) => c.type === 'NamespaceContentRemaining');
    assert.equal(remaining?.status, 'True');
    assert.match(remaining?.message ?? '', /pods\. has 1 resource instances/);
    await pods.delete('p', { gracePeriodSeconds: 0 });

    await eventually(async () => {
      try {
        await client.resource('namespaces').get('doomed');
        return false;
      } catch (err) {
        return isNotFound(err);
      }
    }, 'the namespace to go');
    for (const r of ['configmaps', 'secrets', 'services', 'pods']) assert.equal((await client.resource(r, 'doomed').list()).items.length, 0, r);
    assert.equal((await client.resource('configmaps', 'kept').list()).items.length, 1);
  });
});
