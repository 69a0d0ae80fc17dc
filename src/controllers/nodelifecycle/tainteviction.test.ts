import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { FakeClock } from '../../machinery/clock/index.js';
import { minTolerationTimeMs, taintEvictionController } from './index.js';
import { runControllers } from '../../machinery/controller/testing.js';
import type { Node, Pod, Toleration } from './types.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-01-01T00:00:00Z' };

const pod = (name: string, tolerations: Toleration[]): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'n', tolerations, containers: [{ name: 'c', image: 'x' }] } as Pod['spec'],
  status: { phase: 'Running' },
});

async function settle(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 500) {
    await clock.advance(500);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
}

describe('taint-eviction', () => {
  it('computes the minimal toleration time', () => {
    assert.equal(minTolerationTimeMs([]), 0);
    assert.equal(minTolerationTimeMs([{ key: 'a' }]), -1);
    assert.equal(minTolerationTimeMs([{ tolerationSeconds: 300 }, { tolerationSeconds: 30 }, { key: 'x' }]), 30_000);
    assert.equal(minTolerationTimeMs([{ tolerationSeconds: -1 }]), 0);
  });

  it('evicts untolerating pods at once, tolerating ones after tolerationSeconds, never the ones tolerating forever', async () => {
    const clock = new FakeClock(T0);
    const fake = new FakeTransport({ clock });
    fake.seed('nodes', { metadata: { name: 'n' }, spec: {} } as Node);
    fake.seed(
      'pods',
      pod('none', []),
      pod('short', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]),
      pod('long', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]),
      pod('forever', [{ operator: 'Exists' }]),
    );
    const client = new Client({ transport: fake, clock, retry: false });
    const run = runControllers(client, [taintEvictionController], { clock });
    const exists = (n: string) => !!fake.tracker.get('/pods', 'default', n);
    try {
      await settle(clock, 1000);
      const n = fake.tracker.get('/nodes', '', 'n')!;
      await client.resource('nodes').update({ ...n, spec: { taints: [unreachable] } });
      await settle(clock, 1000);
      assert.equal(exists('none'), false);
      assert.ok(exists('short') && exists('long') && exists('forever'));
      await settle(clock, 30_000);
      assert.equal(exists('short'), false);
      assert.ok(exists('long'));
      // The taint goes away: the scheduled deletion is cancelled.
      const cur = fake.tracker.get('/nodes', '', 'n')!;
      await client.resource('nodes').update({ ...cur, spec: {} });
      await settle(clock, 300_000);
      assert.ok(exists('long') && exists('forever'));
      const events = (fake.tracker.list('/events', 'default') as KubeObject[]).map((e) => `${e.reason}: ${e.message}`);
      assert.ok(events.includes('TaintManagerEviction: Marking for deletion Pod default/none'));
      assert.ok(events.includes('TaintManagerEviction: Marking for deletion Pod default/short'));
      assert.ok(events.includes('TaintManagerEviction: Cancelling deletion of Pod default/long'));
      const deleted = fake.actionsFor('update', 'pods').map((a) => (a.body as Pod).status?.conditions?.find((c) => c.type === 'DisruptionTarget'));
      assert.ok(deleted.length >= 2);
      assert.deepEqual({ ...deleted[0], lastTransitionTime: undefined, lastProbeTime: undefined }, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: undefined, lastProbeTime: undefined });
    } finally {
      await run.stop();
    }
  });
});
