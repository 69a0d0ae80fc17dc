// The DaemonSet controller against an in-process API server. The test plays the scheduler (binding
// each pod to the node its affinity names) and the kubelet (pods become Running and Ready; deleted
// pods go away): one pod per node, a joining node gets one, and a template change rolls out.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/index.js';
import type { ControllerContext } from '../../machinery/controller/index.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import type { ControllerRevision } from '../history/index.js';
import { daemonSetDescriptor } from './index.js';
import { targetNodeName } from './predicates.js';
import type { DaemonSet, Node, Pod } from './types.js';

/**
 * Writes every recorded event. The EventRecorder has a race (an event recorded while its drain loop
 * is finishing waits for the next event), so record one more about a throwaway object first.
 */
async function eventually<T>(get: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const v = await get();
    if (v) return v;
    last = v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what} (${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** The scheduler and the kubelets: bind pending pods to their target node, run them, finish deletions. */
function fakeCluster(client: Client, ns: string, signal: AbortSignal): Promise<void> {
  const pods = client.resource<Pod>('pods', ns);
  return (async () => {
    while (!signal.aborted) {
      for (const p of (await pods.list()).items) {
        const name = p.metadata.name!;
        try {
          if (p.metadata.deletionTimestamp) await pods.delete(name, { gracePeriodSeconds: 0 });
          else if (!p.spec?.nodeName) {
            const node = targetNodeName(p);
            if (node) await pods.createSubresource(name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: node } });
          } else if (p.status?.phase !== 'Running') {
            const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
            await pods.updateStatus({ ...p, status: { ...p.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] } });
          }
        } catch {
          // raced with the controller; the next round sees the new state
        }
      }
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
}

describe('daemonset controller against an in-process API server', () => {
  let server: InProcessServer;
  let client: Client;
  let informers: SharedInformerFactory;
  let recorder: EventRecorder;
  let running: Promise<void>;
  let cluster: Promise<void>;
  const ac = new AbortController();

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test');
    const cm = server.client('kube-controller-manager');
    informers = new SharedInformerFactory(cm);
    recorder = new EventRecorder(cm, { component: 'daemonset-controller' });
    const ctx: ControllerContext = { client: cm, informers, recorder: () => recorder, clock: realClock, signal: ac.signal, log: () => {}, options: {} };
    running = daemonSetDescriptor.start(ctx);
    informers.start(ac.signal);
    cluster = fakeCluster(client, 'default', ac.signal);
  });

  after(async () => {
    ac.abort();
    await running;
    await cluster;
    await informers.shutdown();
    await recorder.shutdown();
    await server.stop();
  });

  const addNode = (name: string, extra: Partial<Node> = {}) => client.resource<Node>('nodes').create({ metadata: { name, labels: { 'kubernetes.io/hostname': name } }, ...extra });
  const podsOf = async () => (await client.resource<Pod>('pods', 'default').list({ labelSelector: 'app=agent' })).items;

  it('runs one pod per node, adds one when a node joins, and rolls out a new template', async () => {
    await addNode('n1');
    await addNode('n2');
    // Untolerated NoSchedule taint: no pod here.
    await addNode('tainted', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } });
    const dss = client.resource<DaemonSet>('daemonsets.apps', 'default');
    await dss.create({
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }] } },
      },
    } as DaemonSet);

    const settled = async (n: number, image: string) =>
      eventually(async () => {
        const ds = await dss.get('agent');
        const s = ds.status ?? {};
        const pods = (await podsOf()).filter((p) => !p.metadata.deletionTimestamp);
        const ok =
          s.observedGeneration === ds.metadata.generation &&
          s.desiredNumberScheduled === n &&
          s.currentNumberScheduled === n &&
          s.numberReady === n &&
          s.numberAvailable === n &&
          s.updatedNumberScheduled === n &&
          (s.numberMisscheduled ?? 0) === 0 &&
          pods.length === n &&
          pods.every((p) => (p.spec?.containers as Array<{ image: string }>)[0]!.image === image);
        return ok && { ds, pods };
      }, `${n} ready pods of ${image}`);

    let { pods } = await settled(2, 'agent:1');
    assert.deepEqual(pods.map((p) => p.spec?.nodeName).sort(), ['n1', 'n2']);
    for (const p of pods) {
      assert.match(p.metadata.name!, /^agent-[a-z0-9]{5}$/);
      const terms = (p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []);
      assert.deepEqual(terms, [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec?.nodeName] }] }]);
      const keys = (p.spec?.tolerations ?? []).map((t) => `${t.key}:${t.effect}`);
      assert.deepEqual(keys, [
        'node.kubernetes.io/not-ready:NoExecute',
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule',
        'node.kubernetes.io/pid-pressure:NoSchedule',
        'node.kubernetes.io/unschedulable:NoSchedule',
      ]);
      assert.equal(p.metadata.labels?.['pod-template-generation'], '1');
      assert.ok(p.metadata.labels?.['controller-revision-hash']);
    }

    await addNode('n3');
    ({ pods } = await settled(3, 'agent:1'));
    assert.deepEqual(pods.map((p) => p.spec?.nodeName).sort(), ['n1', 'n2', 'n3']);

    await dss.patch('agent', { spec: { template: { spec: { containers: [{ name: 'a', image: 'agent:2' }] } } } }, { type: 'strategic' });
    ({ pods } = await settled(3, 'agent:2'));
    for (const p of pods) assert.equal(p.metadata.labels?.['pod-template-generation'], '2');
    const revs = (await client.resource<ControllerRevision>('controllerrevisions.apps', 'default').list()).items.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
    assert.deepEqual(
      revs.map((r) => r.revision),
      [1, 2],
    );
    const hash = revs[1]!.metadata.labels?.['controller-revision-hash'];
    assert.equal(revs[1]!.metadata.name, `agent-${hash}`);
    for (const p of pods) assert.equal(p.metadata.labels?.['controller-revision-hash'], hash);
    const data = revs[1]!.data as { spec: { template: { $patch: string; spec: { containers: Array<{ image: string }> } } } };
    assert.equal(data.spec.template.$patch, 'replace');
    assert.equal(data.spec.template.spec.containers[0]!.image, 'agent:2');
  });
});
