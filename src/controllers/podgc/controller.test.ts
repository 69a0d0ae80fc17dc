import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { FakeClock } from '../../machinery/clock/clock.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { PodGCController, type Pod } from './controller.js';

async function eventually(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setup(threshold: number, seed: (fake: FakeTransport) => void) {
  const clock = new FakeClock();
  const fake = new FakeTransport({ clock });
  seed(fake);
  const client = new Client({ transport: fake, retry: false });
  const informers = new SharedInformerFactory(client);
  const gc = new PodGCController({ client, informers, clock, terminatedPodThreshold: threshold });
  const ac = new AbortController();
  informers.start(ac.signal);
  await informers.waitForCacheSync();
  const names = () => fake.tracker.list('/pods', '').map((p) => p.metadata.name).sort();
  const podCount = () => informers.lister('pods').list().length;
  return { clock, fake, gc, names, podCount, stop: async () => (ac.abort(), await informers.shutdown()) };
}

function pod(name: string, o: { phase?: string; reason?: string; node?: string; created?: string; deleting?: boolean } = {}): KubeObject {
  return {
    metadata: { name, namespace: 'ns', ...(o.deleting ? { finalizers: ['test/hold'] } : {}) },
    spec: { ...(o.node ? { nodeName: o.node } : {}) },
    status: { phase: o.phase ?? 'Running', ...(o.reason ? { reason: o.reason } : {}) },
  };
}

/** Seeds with a creation time (the fake stamps its clock's time). */
function seedAt(fake: FakeTransport, clock: FakeClock, at: number, obj: KubeObject): void {
  const [stored] = fake.seed('pods', obj);
  fake.tracker.put('/pods', { ...stored!, metadata: { ...stored!.metadata, creationTimestamp: new Date(clock.now() + at * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') } });
}

describe('pod garbage collector', () => {
  it('deletes terminated pods over the threshold, evicted and oldest first', async () => {
    const env = await setup(2, (fake) => {
      const clock = new FakeClock();
      seedAt(fake, clock, 1, pod('old-succeeded', { phase: 'Succeeded', node: 'n' }));
      seedAt(fake, clock, 2, pod('older-failed', { phase: 'Failed', node: 'n' }));
      seedAt(fake, clock, 5, pod('evicted', { phase: 'Failed', reason: 'Evicted', node: 'n' }));
      seedAt(fake, clock, 3, pod('new-succeeded', { phase: 'Succeeded', node: 'n' }));
      seedAt(fake, clock, 4, pod('newest-failed', { phase: 'Failed', node: 'n' }));
      seedAt(fake, clock, 0, pod('running', { node: 'n' }));
      fake.seed('nodes', { metadata: { name: 'n' } });
    });
    try {
      await env.gc.gc();
      assert.deepEqual(env.names(), ['new-succeeded', 'newest-failed', 'running']);
      // Terminal pods are not patched, only deleted (at once).
      assert.equal(env.fake.actionsFor('patch', 'pods').length, 0);
      assert.ok(env.fake.actionsFor('delete', 'pods').every((a) => (a.body as { gracePeriodSeconds?: number }).gracePeriodSeconds === 0));
    } finally {
      await env.stop();
    }
  });

  it('deletes pods of a vanished node after the quarantine, marking them Failed with a DisruptionTarget condition', async () => {
    const env = await setup(12500, (fake) => {
      fake.seed('nodes', { metadata: { name: 'alive' } });
      fake.seed('pods', pod('orphan', { node: 'gone' }), pod('fine', { node: 'alive' }));
    });
    try {
      await env.gc.gc();
      assert.deepEqual(env.names(), ['fine', 'orphan']);
      await env.clock.advance(39_000);
      await env.gc.gc();
      assert.deepEqual(env.names(), ['fine', 'orphan']);
      await env.clock.advance(1_000);
      await env.gc.gc();
      assert.deepEqual(env.names(), ['fine']);
      const patch = env.fake.actionsFor('patch', 'pods')[0]!;
      assert.equal(patch.subresource, 'status');
      assert.equal(patch.contentType, 'application/strategic-merge-patch+json');
      const body = JSON.parse(patch.body as string) as { status: { phase: string; conditions: Array<Record<string, string>> } };
      assert.equal(body.status.phase, 'Failed');
      assert.deepEqual({ ...body.status.conditions[0], lastTransitionTime: undefined }, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: undefined });
    } finally {
      await env.stop();
    }
  });

  it('deletes terminating pods that were never scheduled, and terminating pods on out-of-service nodes', async () => {
    const env = await setup(12500, (fake) => {
      fake.seed('nodes', { metadata: { name: 'oos' }, spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] }, status: { conditions: [{ type: 'Ready', status: 'False' }] } });
      fake.seed('nodes', { metadata: { name: 'ok' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
      fake.seed('pods', pod('unscheduled', { deleting: true }), pod('on-oos', { node: 'oos', deleting: true }), pod('on-ok', { node: 'ok', deleting: true }), pod('pending'));
    });
    try {
      // Mark the "deleting" fixtures as being deleted (they hold a finalizer, so they stay).
      const client = new Client({ transport: env.fake, retry: false });
      for (const n of ['unscheduled', 'on-oos', 'on-ok']) await client.resource('pods', 'ns').delete(n);
      await eventually(() => (env.fake.tracker.get('/pods', 'ns', 'on-ok')?.metadata.deletionTimestamp ?? '') !== '', 'deletion marks');
      await new Promise((r) => setTimeout(r, 50));
      env.fake.clearActions();
      await env.gc.gc();
      const deleted = env.fake.actionsFor('delete', 'pods').map((a) => a.name).sort();
      assert.deepEqual(deleted, ['on-oos', 'unscheduled']);
    } finally {
      await env.stop();
    }
  });
});
