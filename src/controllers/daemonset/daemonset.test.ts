// The DaemonSet controller over FakeTransport (reconcile called directly, the test binding and
// running pods), and its node-placement predicates.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Client, FakeTransport } from '../../machinery/client/index.js';
import { fakeControllerEnv } from '../../machinery/controller/testing.js';
import type { FakeClock } from '../../machinery/clock/index.js';
import type { ControllerRevision } from '../history/index.js';
import { DaemonSetController } from './controller.js';
import { nodeShouldRunDaemonPod, targetNodeName } from './predicates.js';
import type { DaemonSet, Node, Pod } from './types.js';

const NOW = Date.parse('2025-03-01T10:00:00Z');

interface Harness {
  flushEvents(): Promise<void>;
  client: Client;
  fake: FakeTransport;
  clock: FakeClock;
  ctrl: DaemonSetController;
  stop(): Promise<void>;
  pods(): Pod[];
  ds(): DaemonSet;
  revisions(): ControllerRevision[];
  events(): string[];
  settle(): Promise<void>;
  sync(): Promise<void>;
  /** Binds unbound pods and makes them Running+Ready; finishes deletions. */
  kubelet(o?: { ready?: boolean }): Promise<void>;
}

let current: Harness | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

async function harness(nodes: Node[], ds: Partial<DaemonSet['spec']> = {}): Promise<Harness> {
  const env = fakeControllerEnv({ now: NOW, component: 'daemonset-controller', seed: (fake) => {
    for (const n of nodes) fake.seed('nodes', n);
    fake.seed('daemonsets.apps', {
      metadata: { name: 'ds', namespace: 'default', generation: 1, annotations: { 'deprecated.daemonset.template.generation': '1' } },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'v1' }] } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
        ...ds,
      },
    } as DaemonSet);
    } });
  const { clock, fake, client, informers, recorder } = env;
  const ctrl = new DaemonSetController({ client, informers, recorder, clock });
  await env.start();
  const podInf = informers.informerFor<Pod>('pods');
  const dsInf = informers.informerFor<DaemonSet>('daemonsets.apps');
  const revInf = informers.informerFor<ControllerRevision>('controllerrevisions.apps');
  const podsApi = client.resource<Pod>('pods', 'default');
  const h: Harness = {
    flushEvents: () => recorder.flush(),
    client,
    fake,
    clock,
    ctrl,
    stop: () => env.stop(),
    pods: () => fake.tracker.list('/pods', 'default') as Pod[],
    ds: () => fake.tracker.get('apps/daemonsets', 'default', 'ds') as DaemonSet,
    revisions: () => fake.tracker.list('apps/controllerrevisions', 'default') as ControllerRevision[],
    events: () => (fake.tracker.list('/events', 'default') as Array<Pod & { reason: string; message: string }>).map((e) => `${e.reason}: ${e.message}`),
    settle: async () => {
      const want = () => [...h.pods(), h.ds(), ...h.revisions()].map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join();
      const have = () => [...podInf.lister.list('default'), ...dsInf.lister.list('default'), ...revInf.lister.list('default')].map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join();
      for (let i = 0; i < 500 && want() !== have(); i++) await new Promise((r) => setTimeout(r, 2));
      assert.equal(have(), want());
    },
    sync: async () => {
      await h.settle();
      await ctrl.reconcile('default/ds');
      await h.settle();
    },
    kubelet: async (o = {}) => {
      for (const p of h.pods()) {
        if (p.metadata.deletionTimestamp) {
          await podsApi.delete(p.metadata.name!, { gracePeriodSeconds: 0 });
          continue;
        }
        const node = p.spec?.nodeName ?? targetNodeName(p);
        const ready = o.ready ?? true;
        if (!ready && p.status?.phase === 'Running') continue; // only new pods start unready
        await podsApi.updateStatus({
          ...p,
          spec: { ...p.spec, nodeName: node },
          status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date(clock.now()).toISOString() }] },
        });
        if (!p.spec?.nodeName) await podsApi.update({ ...(fake.tracker.get('/pods', 'default', p.metadata.name!) as Pod), spec: { ...p.spec, nodeName: node } });
      }
      await h.settle();
    },
  };
  current = h;
  return h;
}

const node = (name: string, o: Partial<Node> = {}): Node => ({ metadata: { name, labels: { zone: name.startsWith('a') ? 'a' : 'b', ...(o.metadata?.labels ?? {}) } }, ...(o.spec ? { spec: o.spec } : {}) });

/** A new template, as the API server records it: generation and the template-generation annotation go up. */
async function setImage(h: Harness, image: string): Promise<void> {
  const cur = h.ds();
  const gen = String(Number(cur.metadata.annotations?.['deprecated.daemonset.template.generation'] ?? '1') + 1);
  await h.client.resource<DaemonSet>('daemonsets.apps', 'default').update({
    ...cur,
    metadata: { ...cur.metadata, generation: (cur.metadata.generation ?? 1) + 1, annotations: { 'deprecated.daemonset.template.generation': gen } },
    spec: { ...cur.spec, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image }] } } },
  });
}

const imageOf = (p: Pod) => (p.spec?.containers as Array<{ image: string }>)[0]!.image;

describe('daemonset controller (unit)', () => {
  it('creates a pod per eligible node with node affinity, a revision, and status', async () => {
    const h = await harness([node('a1'), node('b1'), node('a2')], { template: { metadata: { labels: { app: 'd' } }, spec: { nodeSelector: { zone: 'a' }, containers: [{ name: 'c', image: 'v1' }] } } });
    await h.sync();
    const pods = h.pods();
    assert.deepEqual(pods.map(targetNodeName).sort(), ['a1', 'a2']);
    const [rev] = h.revisions();
    assert.equal(rev?.revision, 1);
    assert.equal(rev?.metadata.name, `ds-${rev?.metadata.labels?.['controller-revision-hash']}`);
    assert.equal(rev?.metadata.annotations?.['deprecated.daemonset.template.generation'], '1');
    await h.sync();
    let st = h.ds().status!;
    assert.equal(st.desiredNumberScheduled, 2);
    assert.equal(st.currentNumberScheduled, 2);
    assert.equal(st.numberReady, 0);
    assert.equal(st.numberUnavailable, 2);
    assert.equal(st.observedGeneration, 1);
    await h.kubelet();
    await h.sync();
    st = h.ds().status!;
    assert.equal(st.numberReady, 2);
    assert.equal(st.numberAvailable, 2);
    assert.equal(st.updatedNumberScheduled, 2);
    assert.equal(st.numberUnavailable, 0);
    await h.flushEvents();
    assert.equal(h.events().filter((e) => e.startsWith('SuccessfulCreate: Created pod: ds-')).length, 2);
  });

  it('deletes pods from nodes that no longer qualify (misscheduled until then)', async () => {
    const h = await harness([node('a1'), node('a2')], { template: { metadata: { labels: { app: 'd' } }, spec: { nodeSelector: { zone: 'a' }, containers: [{ name: 'c' }] } } });
    await h.sync();
    await h.kubelet();
    await h.client.resource<Node>('nodes').patch('a2', { metadata: { labels: { zone: 'b' } } });
    await h.sync();
    // (The fake API deletes pods at once; a real one would keep it terminating until the kubelet is done.)
    assert.deepEqual(h.pods().map((p) => p.spec?.nodeName), ['a1']);
    await h.sync();
    assert.equal(h.ds().status?.numberMisscheduled, 0);
    assert.equal(h.ds().status?.desiredNumberScheduled, 1);
    await h.flushEvents();
    assert.equal(h.events().filter((e) => e.startsWith('SuccessfulDelete: Deleted pod: ds-')).length, 1);
  });

  it('replaces failed pods, with a warning event and a backoff', async () => {
    const h = await harness([node('a1')]);
    await h.sync();
    await h.kubelet();
    const [pod] = h.pods();
    await h.client.resource<Pod>('pods', 'default').updateStatus({ ...pod!, status: { phase: 'Failed' } });
    await assert.rejects(h.sync(), /deleted 1 failed pods of DaemonSet default\/ds/);
    await h.flushEvents();
    assert.ok(h.events().includes(`FailedDaemonPod: Found failed daemon pod default/${pod!.metadata.name} on node a1, will try to kill it`));
    await h.kubelet();
    await h.sync();
    assert.equal(h.pods().length, 1);
    assert.notEqual(h.pods()[0]!.metadata.name, pod!.metadata.name);
  });

  it('rolls out one node at a time with maxUnavailable=1, keeping history', async () => {
    const h = await harness([node('a1'), node('a2'), node('a3')]);
    await h.sync();
    await h.kubelet();
    await h.sync();
    await setImage(h, 'v2');
    await h.sync();
    assert.deepEqual(h.pods().map(imageOf), ['v1', 'v1'], 'one old pod deleted');
    await h.sync();
    assert.deepEqual(h.pods().map(imageOf).sort(), ['v1', 'v1', 'v2'], 'and replaced');
    await h.sync();
    assert.equal(h.pods().length, 3, 'the next waits while the new pod is not available');
    assert.deepEqual(
      h.revisions().map((r) => r.revision).sort(),
      [1, 2],
    );
    for (let i = 0; i < 6; i++) {
      await h.kubelet();
      await h.sync();
    }
    const images = h.pods().map(imageOf);
    assert.deepEqual(images, ['v2', 'v2', 'v2']);
    const st = h.ds().status!;
    assert.equal(st.updatedNumberScheduled, 3);
    assert.equal(st.numberAvailable, 3);
  });

  it('surges a new pod next to the old one with maxSurge', async () => {
    const h = await harness([node('a1')], { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } });
    await h.sync();
    await h.kubelet();
    await h.sync();
    const old = h.pods()[0]!;
    await setImage(h, 'v2');
    await h.sync();
    assert.deepEqual(h.pods().map(imageOf).sort(), ['v1', 'v2'], 'a surge pod is created while the old one runs');
    await h.kubelet({ ready: false });
    await h.sync();
    assert.equal(h.pods().length, 2, 'both stay while the new one is not ready');
    await h.kubelet();
    await h.sync();
    assert.deepEqual(h.pods().map(imageOf), ['v2'], 'the old pod goes once the new one is available');
    assert.ok(!h.pods().some((p) => p.metadata.name === old.metadata.name));
  });

  it('leaves old pods alone with OnDelete', async () => {
    const h = await harness([node('a1')], { updateStrategy: { type: 'OnDelete' } });
    await h.sync();
    await h.kubelet();
    await setImage(h, 'v2');
    await h.sync();
    await h.sync();
    assert.deepEqual(h.pods().map(imageOf), ['v1']);
    assert.equal(h.ds().status?.updatedNumberScheduled, 0);
    assert.equal(h.ds().status?.observedGeneration, 2);
    // Deleting the pod by hand brings the new template.
    await h.client.resource<Pod>('pods', 'default').delete(h.pods()[0]!.metadata.name!);
    await h.sync();
    assert.deepEqual(h.pods().map(imageOf), ['v2']);
  });
});

describe('daemon pod placement', () => {
  const ds = (spec: Record<string, unknown> = {}): DaemonSet => ({ metadata: {}, spec: { template: { spec: { containers: [], ...spec } } } });
  it('honours taints with the daemon tolerations', () => {
    const tainted = (effect: 'NoSchedule' | 'NoExecute', key = 'k') => node('a1', { spec: { taints: [{ key, value: 'v', effect }] } });
    assert.deepEqual(nodeShouldRunDaemonPod(tainted('NoSchedule'), ds()), [false, true]);
    assert.deepEqual(nodeShouldRunDaemonPod(tainted('NoExecute'), ds()), [false, false]);
    assert.deepEqual(nodeShouldRunDaemonPod(tainted('NoSchedule'), ds({ tolerations: [{ key: 'k', operator: 'Equal', value: 'v' }] })), [true, true]);
    assert.deepEqual(nodeShouldRunDaemonPod(tainted('NoSchedule', 'node.kubernetes.io/unschedulable'), ds()), [true, true]);
    assert.deepEqual(nodeShouldRunDaemonPod(tainted('NoExecute', 'node.kubernetes.io/not-ready'), ds()), [true, true]);
    assert.deepEqual(nodeShouldRunDaemonPod(tainted('NoSchedule', 'node.kubernetes.io/network-unavailable'), ds()), [false, true]);
    assert.deepEqual(nodeShouldRunDaemonPod(tainted('NoSchedule', 'node.kubernetes.io/network-unavailable'), ds({ hostNetwork: true })), [true, true]);
  });

  it('matches node affinity terms and node names', () => {
    const aff = (op: string, values: string[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: op, values }] }] } } } });
    assert.deepEqual(nodeShouldRunDaemonPod(node('a1'), ds(aff('In', ['a']))), [true, true]);
    assert.deepEqual(nodeShouldRunDaemonPod(node('b1'), ds(aff('In', ['a']))), [false, false]);
    assert.deepEqual(nodeShouldRunDaemonPod(node('b1'), ds(aff('NotIn', ['a']))), [true, true]);
    assert.deepEqual(nodeShouldRunDaemonPod(node('b1'), ds({ nodeName: 'a1' })), [false, false]);
  });
});
