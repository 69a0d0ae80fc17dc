import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { FakeClock } from '../../machinery/clock/clock.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { TTLAfterFinishedController } from './controller.js';

function job(name: string, o: { ttl?: number; finishedAt?: string; failed?: boolean } = {}): KubeObject {
  return {
    metadata: { name, namespace: 'ns' },
    spec: { ...(o.ttl !== undefined ? { ttlSecondsAfterFinished: o.ttl } : {}) },
    status: o.finishedAt ? { conditions: [{ type: o.failed ? 'Failed' : 'Complete', status: 'True', lastTransitionTime: o.finishedAt }] } : {},
  };
}

describe('ttl-after-finished controller', () => {
  it('deletes finished Jobs once their TTL has passed, in the foreground', async () => {
    const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z'));
    const fake = new FakeTransport({ clock });
    fake.seed('jobs.batch', job('expired', { ttl: 10, finishedAt: '2023-12-31T23:59:00Z' }), job('soon', { ttl: 60, finishedAt: '2023-12-31T23:59:30Z', failed: true }));
    fake.seed('jobs.batch', job('no-ttl', { finishedAt: '2023-12-31T23:00:00Z' }), job('running', { ttl: 0 }));
    const client = new Client({ transport: fake, retry: false, clock });
    const informers = new SharedInformerFactory(client);
    const c = new TTLAfterFinishedController({ client, informers, clock });
    const ac = new AbortController();
    informers.start(ac.signal);
    const running = c.run(ac.signal);
    const names = () => fake.tracker.list('batch/jobs', 'ns').map((j) => j.metadata.name).sort();
    const until = async (want: string[]) => {
      for (let i = 0; i < 500 && JSON.stringify(names()) !== JSON.stringify(want); i++) await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(names(), want);
    };
    try {
      await until(['no-ttl', 'running', 'soon']);
      const del = fake.actionsFor('delete', 'jobs')[0]!;
      assert.equal((del.body as { propagationPolicy?: string }).propagationPolicy, 'Foreground');
      assert.ok((del.body as { preconditions?: { uid?: string } }).preconditions?.uid);
      // "soon" expires 30 s from now.
      await clock.advance(29_000);
      assert.deepEqual(names(), ['no-ttl', 'running', 'soon']);
      await clock.advance(1_000);
      await until(['no-ttl', 'running']);
    } finally {
      ac.abort();
      await running;
      await informers.shutdown();
    }
  });
});
