// The garbage collector against a real API server (in process), in its three modes: Background (the
// owner goes at once, its dependents after it), Foreground (the owner stays, marked, until its
// blocking dependents are gone) and Orphan (the dependents stay, without the owner reference).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject, OwnerReference } from '../../api/types.js';
import { isNotFound, type Client } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/clock.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { descriptor } from './index.js';

async function eventually(cond: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('garbage collector against an API server', () => {
  let server: InProcessServer;
  let client: Client;
  const ac = new AbortController();
  let running: Promise<void>;
  let recorder: EventRecorder;

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test');
    const kcm = server.client('kube-controller-manager');
    recorder = new EventRecorder(kcm, { component: 'garbage-collector-controller' });
    running = descriptor.start({ client: kcm, informers: new SharedInformerFactory(kcm), recorder: () => recorder, clock: realClock, signal: ac.signal, log: () => {}, options: {} });
    await client.resource('namespaces').create({ metadata: { name: 'gc' } });
  });

  after(async () => {
    ac.abort();
    await running;
    await recorder.shutdown();
    await server.stop();
  });

  const cms = () => client.resource('configmaps', 'gc');
  const exists = async (name: string) => {
    try {
      return await cms().get(name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };

  async function family(prefix: string, o: { holdFirst?: boolean } = {}): Promise<KubeObject> {
    const owner = await cms().create({ metadata: { name: `${prefix}-owner` } });
    const ref: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
    await cms().create({ metadata: { name: `${prefix}-a`, ownerReferences: [ref], ...(o.holdFirst ? { finalizers: ['example.com/hold'] } : {}) } });
    await cms().create({ metadata: { name: `${prefix}-b`, ownerReferences: [{ ...ref, controller: false, blockOwnerDeletion: false }] } });
    const pod: KubeObject = { metadata: { name: `${prefix}-pod`, ownerReferences: [ref] }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    await client.resource('pods', 'gc').create(pod);
    return owner;
  }

  it('Background: the dependents go after their owner', async () => {
    await family('bg');
    await cms().delete('bg-owner', { propagationPolicy: 'Background' });
    assert.equal(await exists('bg-owner'), undefined);
    await eventually(async () => !(await exists('bg-a')) && !(await exists('bg-b')), 'the dependents to go');
    await eventually(async () => (await client.resource('pods', 'gc').list()).items.every((p) => p.metadata.name !== 'bg-pod'), 'the dependent pod to go');
  });

  it('Foreground: the owner stays until its dependents are gone', async () => {
    await family('fg', { holdFirst: true });
    await cms().delete('fg-owner', { propagationPolicy: 'Foreground' });
    await eventually(async () => !(await exists('fg-b')) && !!(await exists('fg-a'))?.metadata.deletionTimestamp, 'the dependents to be deleted');
    await new Promise((r) => setTimeout(r, 100));
    const owner = await exists('fg-owner');
    assert.ok(owner?.metadata.deletionTimestamp, 'the owner is still there, being deleted');
    assert.deepEqual(owner.metadata.finalizers, ['foregroundDeletion']);
    const a = (await exists('fg-a'))!;
    await cms().update({ ...a, metadata: { ...a.metadata, finalizers: [] } });
    await eventually(async () => !(await exists('fg-owner')), 'the owner to go');
  });

  it('Orphan: the dependents live on without the owner reference', async () => {
    await family('or');
    await cms().delete('or-owner', { propagationPolicy: 'Orphan' });
    await eventually(async () => !(await exists('or-owner')), 'the owner to go');
    for (const n of ['or-a', 'or-b']) assert.equal((await exists(n))?.metadata.ownerReferences, undefined, n);
    const pod = await client.resource('pods', 'gc').get('or-pod');
    assert.equal(pod.metadata.ownerReferences, undefined);
  });
});
