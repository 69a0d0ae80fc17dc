import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { FakeClock } from '../../machinery/clock/index.js';
import { nodeLifecycleController } from './index.js';
import { runControllers } from '../../machinery/controller/testing.js';
import { rfc3339, type Node, type Pod, type Taint } from './types.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');

function node(name: string, at: number, labels: Record<string, string> = {}): Node {
  const t = rfc3339(at);
  return {
    metadata: { name, labels: { 'kubernetes.io/os': 'linux', ...labels } },
    spec: {},
    status: {
      conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
        type,
        status: type === 'Ready' ? 'True' : 'False',
        reason: type === 'Ready' ? 'KubeletReady' : `KubeletHas${type === 'PIDPressure' ? 'Sufficient' : 'No'}${type.replace('Pressure', '')}`,
        message: 'ok',
        lastHeartbeatTime: t,
        lastTransitionTime: t,
      })),
    },
  };
}

const lease = (name: string, at: number): KubeObject => ({
  metadata: { name, namespace: 'kube-node-lease' },
  spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date(at).toISOString().replace('Z', '000Z') },
});

const pod = (name: string, nodeName: string): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName, containers: [{ name: 'c', image: 'x' }] } as Pod['spec'],
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(T0) }] },
});

/** Advances the fake clock in steps, letting async work settle, until cond holds. */
async function until(clock: FakeClock, cond: () => boolean, what: string, o: { stepMs?: number; maxMs?: number; each?: () => Promise<void> } = {}): Promise<void> {
  const step = o.stepMs ?? 200;
  for (let t = 0; t <= (o.maxMs ?? 60_000); t += step) {
    if (cond()) return;
    await o.each?.();
    await clock.advance(step);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('node-lifecycle', () => {
  it('marks a silent node Unknown, taints it, marks its pods not Ready, and clears the taints when it is back', async () => {
    const clock = new FakeClock(T0);
    const fake = new FakeTransport({ clock });
    fake.seed('nodes', node('dead', T0), node('alive', T0));
    fake.seed('leases.coordination.k8s.io', lease('dead', T0), lease('alive', T0));
    fake.seed('pods', pod('web', 'dead'));
    const client = new Client({ transport: fake, clock, retry: false });
    const run = runControllers(client, [nodeLifecycleController], { clock, options: { 'node-monitor-period': '1s', 'node-monitor-grace-period': '5s' } });
    const get = (n: string) => fake.tracker.get('/nodes', '', n) as Node;
    const ready = (n: string) => get(n).status!.conditions!.find((c) => c.type === 'Ready')!;
    const heartbeat = async (n: string) => {
      const cur = fake.tracker.get('coordination.k8s.io/leases', 'kube-node-lease', n)!;
      await client.resource('leases.coordination.k8s.io', 'kube-node-lease').update({ ...cur, spec: { ...(cur.spec as object), renewTime: new Date(clock.now()).toISOString() } });
    };
    const taints = (n: string) => (get(n).spec?.taints ?? []).map((t: Taint) => `${t.key}:${t.effect}`).sort();
    try {
      await until(clock, () => ready('dead').status === 'Unknown', 'dead node Unknown', { each: () => heartbeat('alive') });
      const r = ready('dead');
      assert.equal(r.reason, 'NodeStatusUnknown');
      assert.equal(r.message, 'Kubelet stopped posting node status.');
      for (const c of get('dead').status!.conditions!) assert.equal(c.status, 'Unknown');
      assert.equal(ready('alive').status, 'True');
      await until(clock, () => taints('dead').length === 2, 'taints', { each: () => heartbeat('alive') });
      assert.deepEqual(taints('dead'), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
      assert.ok(get('dead').spec!.taints!.every((t) => t.timeAdded));
      assert.deepEqual(taints('alive'), []);
      const p = fake.tracker.get('/pods', 'default', 'web') as Pod;
      assert.equal(p.status!.conditions!.find((c) => c.type === 'Ready')!.status, 'False');
      const events = fake.tracker.list('/events', 'default') as KubeObject[];
      assert.ok(events.some((e) => e.reason === 'NodeNotReady' && e.message === 'Node dead status is now: NodeNotReady'));
      assert.ok(events.some((e) => e.reason === 'NodeNotReady' && e.message === 'Node is not ready' && e.type === 'Warning'));
      assert.ok(events.some((e) => e.reason === 'RegisteredNode' && e.message === 'Node dead event: Registered Node dead in Controller'));
      // The beta labels follow the stable ones.
      assert.equal(get('alive').metadata.labels?.['beta.kubernetes.io/os'], 'linux');
      // The kubelet comes back: Ready again, taints gone.
      const back = node('dead', clock.now());
      await client.resource('nodes').updateStatus({ ...get('dead'), status: back.status });
      await heartbeat('dead');
      await until(clock, () => taints('dead').length === 0, 'taints removed', { each: async () => (await heartbeat('alive'), await heartbeat('dead')) });
    } finally {
      await run.stop();
    }
  });

  it('stops tainting when every node is unreachable (master disruption)', async () => {
    const clock = new FakeClock(T0);
    const fake = new FakeTransport({ clock });
    fake.seed('nodes', node('a', T0), node('b', T0));
    const client = new Client({ transport: fake, clock, retry: false });
    const run = runControllers(client, [nodeLifecycleController], { clock, options: { 'node-monitor-period': '1s', 'node-monitor-grace-period': '3s' } });
    const get = (n: string) => fake.tracker.get('/nodes', '', n) as Node;
    try {
      await until(clock, () => ['a', 'b'].every((n) => get(n).status!.conditions!.find((c) => c.type === 'Ready')!.status === 'Unknown'), 'both Unknown');
      await clock.advance(5000);
      for (const n of ['a', 'b']) assert.ok(!(get(n).spec?.taints ?? []).some((t) => t.effect === 'NoExecute'), `${n} has no NoExecute taint`);
    } finally {
      await run.stop();
    }
  });
});
