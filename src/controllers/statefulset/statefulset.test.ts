// The StatefulSet controller over FakeTransport (reconcile called directly; the test plays the
// kubelet), and its identity helpers.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { FakeClock } from '../../machinery/clock/index.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import type { ControllerRevision } from '../history/index.js';
import { StatefulSetController } from './controller.js';
import { parentAndOrdinal } from './identity.js';
import type { PersistentVolumeClaim, Pod, StatefulSet } from './types.js';

/**
 * Writes every recorded event. The EventRecorder has a race (an event recorded while its drain loop
 * is finishing waits for the next event), so record one more about a throwaway object first.
 */
const NOW = Date.parse('2025-03-01T10:00:00Z');

interface Harness {
  client: Client;
  fake: FakeTransport;
  stop(): Promise<void>;
  pods(): Pod[];
  set(): StatefulSet;
  claims(): PersistentVolumeClaim[];
  revisions(): ControllerRevision[];
  events(): string[];
  sync(): Promise<void>;
  /** Runs every pod (Running + Ready); with names, only those. */
  run(names?: string[]): Promise<void>;
  patchSet(patch: Record<string, unknown>): Promise<void>;
  flushEvents(): Promise<void>;
}

let current: Harness | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

async function harness(spec: Partial<NonNullable<StatefulSet['spec']>> = {}): Promise<Harness> {
  const clock = new FakeClock(NOW);
  const fake = new FakeTransport({ clock });
  // The API server gives new pods phase Pending.
  fake.prependReactor((a) => {
    if (a.verb === 'create' && a.resource === 'pods' && !a.subresource) (a.body as Pod).status = { phase: 'Pending' };
    return undefined;
  });
  fake.seed('statefulsets.apps', {
    metadata: { name: 'web', namespace: 'default', generation: 1 },
    spec: {
      replicas: 3,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v1' }] } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      ...spec,
    },
  } as StatefulSet);
  const client = new Client({ transport: fake, clock });
  const informers = new SharedInformerFactory(client, { clock });
  const recorder = new EventRecorder(client, { component: 'statefulset-controller', clock });
  const ctrl = new StatefulSetController({ client, informers, recorder, clock });
  const ac = new AbortController();
  informers.start(ac.signal);
  assert.equal(await informers.waitForCacheSync(AbortSignal.timeout(5000)), true);
  const infs = [informers.informerFor<Pod>('pods'), informers.informerFor('statefulsets.apps'), informers.informerFor('controllerrevisions.apps'), informers.informerFor('persistentvolumeclaims')];
  const podsApi = client.resource<Pod>('pods', 'default');
  const h: Harness = {
    client,
    fake,
    stop: async () => {
      ac.abort();
      await informers.shutdown();
      await recorder.shutdown();
    },
    pods: () => (fake.tracker.list('/pods', 'default') as Pod[]).sort((a, b) => parentAndOrdinal(a).ordinal - parentAndOrdinal(b).ordinal),
    set: () => fake.tracker.get('apps/statefulsets', 'default', 'web') as StatefulSet,
    claims: () => fake.tracker.list('/persistentvolumeclaims', 'default') as PersistentVolumeClaim[],
    revisions: () => (fake.tracker.list('apps/controllerrevisions', 'default') as ControllerRevision[]).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0)),
    events: () => (fake.tracker.list('/events', 'default') as Array<Pod & { reason: string; message: string }>).map((e) => `${e.reason}: ${e.message}`),
    sync: async () => {
      const want = () => [...h.pods(), h.set(), ...h.revisions(), ...h.claims()].map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join();
      const have = () => infs.flatMap((i) => i.lister.list('default')).map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join();
      const settle = async () => {
        for (let i = 0; i < 500 && want() !== have(); i++) await new Promise((r) => setTimeout(r, 2));
        assert.equal(have(), want());
      };
      await settle();
      await ctrl.reconcile('default/web');
      await settle();
    },
    run: async (names) => {
      for (const p of h.pods()) {
        if (names && !names.includes(p.metadata.name!)) continue;
        if (p.status?.phase === 'Running') continue;
        await podsApi.updateStatus({ ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(clock.now()).toISOString() }] } });
      }
    },
    flushEvents: () => recorder.flush(),
    patchSet: async (patch) => {
      const cur = h.set();
      const next = { ...cur, spec: { ...cur.spec, ...(patch as StatefulSet['spec']) } } as StatefulSet;
      next.metadata = { ...cur.metadata, generation: (cur.metadata.generation ?? 1) + 1 };
      await client.resource<StatefulSet>('statefulsets.apps', 'default').update(next);
    },
  };
  current = h;
  return h;
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);
const imageOf = (p: Pod) => (p.spec?.containers as Array<{ image: string }>)[0]!.image;

async function runAll(h: Harness, rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await h.sync();
    await h.run();
  }
  await h.sync();
}

describe('statefulset controller (unit)', () => {
  it('creates pods one at a time under OrderedReady', async () => {
    const h = await harness();
    await h.sync();
    await h.sync();
    assert.deepEqual(names(h.pods()), ['web-0']);
    await h.run();
    await h.sync();
    assert.deepEqual(names(h.pods()), ['web-0', 'web-1']);
    await runAll(h);
    const st = h.set().status!;
    assert.equal(st.replicas, 3);
    assert.equal(st.readyReplicas, 3);
    assert.equal(st.availableReplicas, 3);
    assert.equal(st.currentReplicas, 3);
    assert.equal(st.updatedReplicas, 3);
    assert.equal(st.currentRevision, h.revisions()[0]!.metadata.name);
    assert.equal(st.updateRevision, st.currentRevision);
    assert.equal(st.collisionCount, 0);
    assert.equal(st.observedGeneration, 1);
    const rev = h.revisions()[0]!;
    assert.equal(rev.revision, 1);
    assert.equal(rev.metadata.labels?.app, 'web');
    assert.equal(rev.metadata.name, `web-${rev.metadata.labels?.['controller.kubernetes.io/hash']}`);
  });

  it('creates all pods at once under Parallel', async () => {
    const h = await harness({ podManagementPolicy: 'Parallel' });
    await h.sync();
    assert.deepEqual(names(h.pods()), ['web-0', 'web-1', 'web-2']);
  });

  it('creates claims from volumeClaimTemplates and mounts them', async () => {
    const h = await harness({ replicas: 1, volumeClaimTemplates: [{ metadata: { name: 'data', labels: { tier: 'db' } }, spec: { accessModes: ['ReadWriteOnce'] } }] });
    await h.sync();
    const [claim] = h.claims();
    assert.equal(claim?.metadata.name, 'data-web-0');
    assert.deepEqual(claim?.metadata.labels, { tier: 'db', app: 'web' });
    assert.deepEqual(h.pods()[0]!.spec?.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } }]);
    await h.flushEvents();
    const ev = h.events();
    assert.ok(ev.includes('SuccessfulCreate: create Claim data-web-0 Pod web-0 in StatefulSet web success'), ev.join('\n'));
    assert.ok(ev.includes('SuccessfulCreate: create Pod web-0 in StatefulSet web successful'), ev.join('\n'));
  });

  it('updates only ordinals at or above the partition', async () => {
    const h = await harness({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    await runAll(h);
    await h.patchSet({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v2' }] } } });
    await runAll(h);
    assert.deepEqual(h.pods().map(imageOf), ['v1', 'v1', 'v2']);
    const st = h.set().status!;
    assert.equal(st.updatedReplicas, 1);
    assert.equal(st.currentReplicas, 2);
    assert.notEqual(st.currentRevision, st.updateRevision);
    // Lowering the partition finishes the rollout, highest ordinal first.
    await h.patchSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } });
    await h.sync();
    assert.deepEqual(names(h.pods()), ['web-0', 'web-2'], 'web-1 is replaced first');
    await runAll(h);
    assert.deepEqual(h.pods().map(imageOf), ['v2', 'v2', 'v2']);
    assert.equal(h.set().status?.currentRevision, h.set().status?.updateRevision);
  });

  it('rolls back to an old template by renumbering its revision', async () => {
    const h = await harness({ replicas: 1 });
    await runAll(h);
    const template = h.set().spec!.template!;
    await h.patchSet({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v2' }] } } });
    await runAll(h);
    await h.patchSet({ template });
    await runAll(h);
    assert.deepEqual(
      h.revisions().map((r) => r.revision),
      [2, 3],
    );
    assert.equal(h.set().status?.updateRevision, h.revisions()[1]!.metadata.name);
    assert.equal(imageOf(h.pods()[0]!), 'v1');
  });

  it('leaves pods alone under OnDelete until they are deleted', async () => {
    const h = await harness({ replicas: 1, updateStrategy: { type: 'OnDelete' } });
    await runAll(h);
    await h.patchSet({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v2' }] } } });
    await runAll(h);
    assert.equal(imageOf(h.pods()[0]!), 'v1');
    await h.client.resource<Pod>('pods', 'default').delete('web-0');
    await runAll(h);
    assert.equal(imageOf(h.pods()[0]!), 'v2');
  });

  it('recreates failed pods', async () => {
    const h = await harness({ replicas: 1 });
    await runAll(h);
    const pod = h.pods()[0]!;
    await h.client.resource<Pod>('pods', 'default').updateStatus({ ...pod, status: { phase: 'Failed' } });
    await h.sync();
    await h.sync();
    assert.notEqual(h.pods()[0]!.metadata.uid, pod.metadata.uid);
    await h.flushEvents();
    assert.ok(h.events().includes('RecreatingFailedPod: StatefulSet default/web is recreating failed Pod web-0'));
  });

  it('scales down from the highest ordinal, one at a time, waiting for health', async () => {
    const h = await harness({ replicas: 3 });
    await runAll(h);
    await h.patchSet({ replicas: 1 });
    await h.sync();
    assert.deepEqual(names(h.pods()), ['web-0', 'web-1']);
    await h.sync();
    assert.deepEqual(names(h.pods()), ['web-0']);
    await h.sync();
    assert.equal(h.set().status?.replicas, 1);
  });

  it('sets claim owner references from persistentVolumeClaimRetentionPolicy', async () => {
    const h = await harness({
      replicas: 2,
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }],
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
    });
    await runAll(h);
    const set = h.set();
    for (const c of h.claims()) assert.deepEqual(c.metadata.ownerReferences?.map((r) => [r.kind, r.uid]), [['StatefulSet', set.metadata.uid]]);
    await h.patchSet({ replicas: 1 });
    await h.sync();
    const byName = new Map(h.claims().map((c) => [c.metadata.name, c]));
    assert.deepEqual(byName.get('data-web-0')?.metadata.ownerReferences?.map((r) => r.kind), ['StatefulSet']);
    assert.deepEqual(byName.get('data-web-1')?.metadata.ownerReferences?.map((r) => r.kind), ['Pod'], 'the condemned pod owns its claim, so the claim goes with it');
  });

  it('keeps revisionHistoryLimit old revisions', async () => {
    const h = await harness({ replicas: 1, revisionHistoryLimit: 1 });
    for (const image of ['v1', 'v2', 'v3', 'v4']) {
      await h.patchSet({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } } });
      await runAll(h, 4);
    }
    assert.deepEqual(
      h.revisions().map((r) => r.revision),
      [3, 4],
    );
  });
});

describe('statefulset identity', () => {
  it('parses parent and ordinal from pod names', () => {
    assert.deepEqual(parentAndOrdinal({ metadata: { name: 'web-12' } }), { parent: 'web', ordinal: 12 });
    assert.deepEqual(parentAndOrdinal({ metadata: { name: 'my-db-0' } }), { parent: 'my-db', ordinal: 0 });
    assert.equal(parentAndOrdinal({ metadata: { name: 'web' } }).ordinal, -1);
  });
});
