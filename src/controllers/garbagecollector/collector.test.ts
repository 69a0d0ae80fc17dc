import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject, OwnerReference } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { realClock } from '../../machinery/clock/clock.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { GarbageCollector, metadataOnly } from './collector.js';
import { monitoredResources } from './resources.js';

async function eventually(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const RESOURCES = monitoredResources().filter((r) => ['configmaps', 'pods', 'replicasets', 'secrets', 'namespaces', 'nodes'].includes(r.gvr.resource));

function setup() {
  const fake = new FakeTransport();
  const client = new Client({ transport: fake, retry: false });
  const recorder = new EventRecorder(client, { component: 'garbage-collector-controller' });
  const gc = new GarbageCollector({ client, clock: realClock, recorder, workers: 2, resources: RESOURCES });
  const ac = new AbortController();
  let running: Promise<void> | undefined;
  const get = (gr: string, name: string, ns = 'ns') => fake.tracker.get(gr, ns, name);
  return {
    fake,
    client,
    gc,
    get,
    start: () => (running = gc.run(ac.signal)),
    stop: async () => {
      ac.abort();
      await running;
      await recorder.shutdown();
    },
  };
}

function ref(owner: KubeObject, o: { block?: boolean } = {}): OwnerReference {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, ...(o.block ? { blockOwnerDeletion: true, controller: true } : {}) };
}

function seed(fake: FakeTransport, r: string, obj: KubeObject): KubeObject {
  return fake.seed(r, obj)[0]!;
}

describe('garbage collector', () => {
  it('keeps only metadata in its caches', () => {
    const o = metadataOnly({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u', resourceVersion: '3', labels: { a: 'b' }, managedFields: [{}] }, spec: { big: true } });
    assert.deepEqual(o, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u', resourceVersion: '3' } });
  });

  it('deletes dependents whose owner is gone (background), and drops dangling references of dependents still owned', async () => {
    const env = setup();
    const rs = seed(env.fake, 'replicasets.apps', { metadata: { name: 'rs', namespace: 'ns' } });
    const keeper = seed(env.fake, 'configmaps', { metadata: { name: 'keeper', namespace: 'ns' } });
    seed(env.fake, 'pods', { metadata: { name: 'p1', namespace: 'ns', ownerReferences: [ref(rs, { block: true })] } });
    seed(env.fake, 'pods', { metadata: { name: 'p2', namespace: 'ns', ownerReferences: [ref(rs), ref(keeper)] } });
    // Owned by something that never existed: collected as soon as the collector runs.
    seed(env.fake, 'secrets', { metadata: { name: 'orphan', namespace: 'ns', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'ghost-uid' }] } });
    env.start();
    try {
      await eventually(() => !env.get('/secrets', 'orphan'), 'the orphan secret to go');
      await env.client.resource('replicasets.apps', 'ns').delete('rs');
      await eventually(() => !env.get('/pods', 'p1'), 'p1 to go');
      await eventually(() => env.get('/pods', 'p2')?.metadata.ownerReferences?.length === 1, 'p2 to lose its dangling reference');
      assert.equal(env.get('/pods', 'p2')!.metadata.ownerReferences![0]!.name, 'keeper');
      const del = env.fake.actionsFor('delete', 'pods').find((a) => a.name === 'p1')!;
      assert.equal((del.body as { propagationPolicy?: string }).propagationPolicy, 'Background');
      assert.ok((del.body as { preconditions?: { uid?: string } }).preconditions?.uid);
      // Every deletion was preceded by a live read of the owner.
      assert.ok(env.fake.actionsFor('get', 'replicasets').some((a) => a.name === 'rs'));
    } finally {
      await env.stop();
    }
  });

  it('deletes dependents of an owner deleted in the foreground, then lets the owner go', async () => {
    const env = setup();
    const rs = seed(env.fake, 'replicasets.apps', { metadata: { name: 'rs', namespace: 'ns', finalizers: ['foregroundDeletion'] } });
    // p1 blocks the owner; the test holds it with a finalizer of its own for a while.
    seed(env.fake, 'pods', { metadata: { name: 'p1', namespace: 'ns', finalizers: ['test/hold'], ownerReferences: [ref(rs, { block: true })] } });
    seed(env.fake, 'pods', { metadata: { name: 'p2', namespace: 'ns', ownerReferences: [ref(rs)] } });
    env.start();
    try {
      await eventually(() => env.gc.isSynced(), 'sync');
      await env.client.resource('replicasets.apps', 'ns').delete('rs');
      await eventually(() => !env.get('/pods', 'p2') && !!env.get('/pods', 'p1')?.metadata.deletionTimestamp, 'both pods deleted (p1 held)');
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(env.get('apps/replicasets', 'rs'), 'the owner waits for its blocking dependent');
      const pods = env.client.resource('pods', 'ns');
      const p1 = await pods.get('p1');
      await pods.update({ ...p1, metadata: { ...p1.metadata, finalizers: [] } });
      await eventually(() => !env.get('apps/replicasets', 'rs'), 'the owner to go');
    } finally {
      await env.stop();
    }
  });

  it('orphans the dependents of an owner deleted with the orphan finalizer', async () => {
    const env = setup();
    const rs = seed(env.fake, 'replicasets.apps', { metadata: { name: 'rs', namespace: 'ns', finalizers: ['orphan'] } });
    const other = seed(env.fake, 'configmaps', { metadata: { name: 'other', namespace: 'ns' } });
    seed(env.fake, 'pods', { metadata: { name: 'p1', namespace: 'ns', ownerReferences: [ref(rs, { block: true })] } });
    seed(env.fake, 'pods', { metadata: { name: 'p2', namespace: 'ns', ownerReferences: [ref(rs), ref(other)] } });
    env.start();
    try {
      await eventually(() => env.gc.isSynced(), 'sync');
      await env.client.resource('replicasets.apps', 'ns').delete('rs');
      await eventually(() => !env.get('apps/replicasets', 'rs'), 'the owner to go');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(env.get('/pods', 'p1')?.metadata.ownerReferences, undefined);
      assert.deepEqual(env.get('/pods', 'p2')?.metadata.ownerReferences?.map((r) => r.name), ['other']);
    } finally {
      await env.stop();
    }
  });

  it('leaves alone objects whose owner is of an unknown kind or lives in another namespace', async () => {
    const env = setup();
    const elsewhere = seed(env.fake, 'configmaps', { metadata: { name: 'owner', namespace: 'other' } });
    seed(env.fake, 'pods', { metadata: { name: 'crd-owned', namespace: 'ns', ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'w-uid' }] } });
    seed(env.fake, 'pods', { metadata: { name: 'cross', namespace: 'ns', ownerReferences: [ref(elsewhere)] } });
    env.start();
    try {
      await eventually(() => env.gc.isSynced(), 'sync');
      await eventually(() => env.fake.tracker.list('/events', 'ns').some((e) => (e as { reason?: string }).reason === 'OwnerRefInvalidNamespace'), 'an OwnerRefInvalidNamespace event');
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(env.get('/pods', 'crd-owned'));
      assert.ok(env.get('/pods', 'cross'));
      assert.equal(env.fake.actionsFor('delete', 'pods').length, 0);
      const ev = env.fake.tracker.list('/events', 'ns').find((e) => (e as { reason?: string }).reason === 'OwnerRefInvalidNamespace') as unknown as { message: string };
      assert.equal(ev.message, `ownerRef [v1/ConfigMap, namespace: ns, name: owner, uid: ${elsewhere.metadata.uid}] does not exist in namespace "ns"`);
    } finally {
      await env.stop();
    }
  });
});
