// The replica controller against the fake API: the test calls reconcile(key) itself.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { statusErrors } from '../../machinery/errors/status.js';
import { replicaSetKind } from './kind.js';
import { eventually, podStatus, startFakeEnv, type FakeEnv } from './testutil.js';
import type { Pod, ReplicaOwner } from './types.js';

const RS = { group: 'apps', version: 'v1', resource: 'replicasets' };

function rs(name: string, replicas: number, extra: Partial<NonNullable<ReplicaOwner['spec']>> = {}): ReplicaOwner {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'ns', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      ...extra,
    },
  };
}

let env: FakeEnv | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

async function podsOf(e: FakeEnv): Promise<Pod[]> {
  return (await e.client.resource<Pod>('pods', 'ns').list()).items;
}

async function getRS(e: FakeEnv, name: string): Promise<ReplicaOwner> {
  return e.client.resource<ReplicaOwner>(RS, 'ns').get(name);
}

/** Waits until the controller's caches hold `n` pods. */
async function cached(e: FakeEnv, n: number): Promise<void> {
  const lister = e.informers.lister<Pod>('pods');
  await eventually(() => lister.list('ns').length === n, `${n} pods in the cache`);
}

describe('replica controller (fake API)', () => {
  it('creates the missing pods from the template, owned by the ReplicaSet, and waits for them before creating more', async () => {
    env = await startFakeEnv(replicaSetKind, (f) => f.seed(RS, rs('web', 3)));
    const e = env;
    await e.ctrl.reconcile('ns/web');
    const pods = await podsOf(e);
    assert.equal(pods.length, 3);
    const owner = await getRS(e, 'web');
    for (const p of pods) {
      assert.match(p.metadata.name!, /^web-[a-z0-9]{5}$/);
      assert.deepEqual(p.metadata.labels, { app: 'web', tier: 'web' });
      assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    // Slow start: batches of 1 then 2.
    assert.equal(e.fake.actionsFor('create', 'pods').length, 3);
    // The cache has not seen them yet (or just has): expectations stop a second round of creates.
    e.fake.clearActions();
    await e.ctrl.reconcile('ns/web');
    assert.equal(e.fake.actionsFor('create', 'pods').length, 0);
    await cached(e, 3);
    assert.equal(e.ctrl.expectations.satisfied('ns/web'), true);
    await e.ctrl.reconcile('ns/web');
    assert.equal((await podsOf(e)).length, 3);
    const st = (await getRS(e, 'web')).status!;
    assert.equal(st.replicas, 3);
    assert.equal(st.fullyLabeledReplicas, 3);
    assert.equal(st.readyReplicas, undefined);
    assert.equal(st.observedGeneration, 1);
    const events = await e.events();
    assert.equal(events.filter((x) => x.startsWith('SuccessfulCreate: Created pod: web-')).length, 3);
  });

  it('deletes surplus pods, not-ready and unscheduled ones first', async () => {
    env = await startFakeEnv(replicaSetKind, (f, clock) => {
      const [owner] = f.seed(RS, rs('web', 1)) as ReplicaOwner[];
      const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner!.metadata.uid!, controller: true };
      const mk = (name: string, ready: boolean): Pod => ({
        metadata: { name, namespace: 'ns', labels: { app: 'web' }, ownerReferences: [ref] },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
        status: podStatus({ ready, readySince: clock.now() - 60_000 }),
      });
      f.seed('pods', mk('ready', true), mk('notready', false), mk('alsonotready', false));
    });
    const e = env;
    await cached(e, 3);
    await e.ctrl.reconcile('ns/web');
    assert.deepEqual((await podsOf(e)).map((p) => p.metadata.name), ['ready']);
    const events = await e.events();
    assert.deepEqual(events.filter((x) => x.startsWith('SuccessfulDelete')).sort(), ['SuccessfulDelete: Deleted pod: alsonotready', 'SuccessfulDelete: Deleted pod: notready']);
    await cached(e, 1);
    assert.equal(e.ctrl.expectations.satisfied('ns/web'), true);
  });

  it('replaces Failed pods and counts ready and available ones (minReadySeconds, requeue when one becomes available)', async () => {
    env = await startFakeEnv(replicaSetKind, (f, clock) => {
      const [owner] = f.seed(RS, rs('web', 2, { minReadySeconds: 30 })) as ReplicaOwner[];
      const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner!.metadata.uid!, controller: true };
      const mk = (name: string, status: Pod['status']): Pod => ({ metadata: { name, namespace: 'ns', labels: { app: 'web', tier: 'web' }, ownerReferences: [ref] }, spec: {}, status });
      f.seed('pods', mk('long-ready', podStatus({ ready: true, readySince: clock.now() - 60_000 })), mk('just-ready', podStatus({ ready: true, readySince: clock.now() - 10_000 })), mk('failed', { phase: 'Failed' }));
    });
    const e = env;
    await cached(e, 3);
    const r = await e.ctrl.reconcile('ns/web');
    // 2 active pods already: the Failed one is ignored, nothing created.
    assert.equal(e.fake.actionsFor('create', 'pods').length, 0);
    const st = (await getRS(e, 'web')).status!;
    assert.deepEqual([st.replicas, st.readyReplicas, st.availableReplicas], [2, 2, 1]);
    assert.deepEqual(r, { requeueAfterMs: 20_001 });
    await e.clock.advance(20_001);
    await eventually(async () => (e.informers.lister<ReplicaOwner>(RS).get('ns', 'web')?.status?.availableReplicas ?? 0) === 1, 'status in cache');
    await e.ctrl.reconcile('ns/web');
    assert.equal((await getRS(e, 'web')).status!.availableReplicas, 2);

    // The Failed pod no longer counts: scale to 3 and one pod is created.
    await e.client.resource<Pod>('pods', 'ns').delete('long-ready');
    await cached(e, 2);
    await e.ctrl.reconcile('ns/web');
    assert.equal(e.fake.actionsFor('create', 'pods').length, 1);
  });

  it('reports failed creations as FailedCreate events and a ReplicaFailure condition, then clears it', async () => {
    env = await startFakeEnv(replicaSetKind, (f) => f.seed(RS, rs('web', 4)));
    const e = env;
    let fail = true;
    e.fake.prependReactor((a) => {
      if (fail && a.verb === 'create' && a.resource === 'pods') throw statusErrors.forbidden({ group: '', resource: 'pods' }, '', 'exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0');
      return undefined;
    });
    await assert.rejects(e.ctrl.reconcile('ns/web'), /exceeded quota/);
    // Slow start: one request, then stop.
    assert.equal(e.fake.actionsFor('create', 'pods').length, 1);
    assert.equal(e.ctrl.expectations.satisfied('ns/web'), true);
    const cond = (await getRS(e, 'web')).status!.conditions!;
    assert.equal(cond.length, 1);
    assert.equal(cond[0]!.type, 'ReplicaFailure');
    assert.equal(cond[0]!.status, 'True');
    assert.equal(cond[0]!.reason, 'FailedCreate');
    assert.match(cond[0]!.message!, /exceeded quota/);
    assert.ok((await e.events()).some((x) => /^FailedCreate: Error creating: .*exceeded quota/.test(x)));

    fail = false;
    await eventually(async () => (e.informers.lister<ReplicaOwner>(RS).get('ns', 'web')?.status?.conditions?.length ?? 0) === 1, 'condition in cache');
    await e.ctrl.reconcile('ns/web');
    assert.equal((await podsOf(e)).length, 4);
    assert.equal((await getRS(e, 'web')).status!.conditions, undefined);
  });

  it('adopts matching orphans and releases owned pods that no longer match', async () => {
    env = await startFakeEnv(replicaSetKind, (f) => {
      const [owner] = f.seed(RS, rs('web', 1)) as ReplicaOwner[];
      const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner!.metadata.uid!, controller: true };
      f.seed('pods', { metadata: { name: 'orphan', namespace: 'ns', labels: { app: 'web' } }, spec: {} }, { metadata: { name: 'stray', namespace: 'ns', labels: { app: 'other' }, ownerReferences: [ref] }, spec: {} });
    });
    const e = env;
    await cached(e, 2);
    await e.ctrl.reconcile('ns/web');
    const pods = await podsOf(e);
    const owner = await getRS(e, 'web');
    const orphan = pods.find((p) => p.metadata.name === 'orphan')!;
    const stray = pods.find((p) => p.metadata.name === 'stray')!;
    assert.equal(orphan.metadata.ownerReferences?.[0]?.uid, owner.metadata.uid);
    assert.equal(orphan.metadata.ownerReferences?.[0]?.controller, true);
    assert.deepEqual(stray.metadata.ownerReferences ?? [], []);
    // The adopted orphan fills the one replica: nothing created.
    assert.equal(e.fake.actionsFor('create', 'pods').length, 0);
    assert.equal(e.fake.actionsFor('patch', 'pods').every((a) => a.contentType === 'application/strategic-merge-patch+json'), true);
  });

  it('creates at most burstReplicas pods per sync', async () => {
    env = await startFakeEnv(replicaSetKind, (f) => f.seed(RS, rs('web', 700)));
    const e = env;
    await e.ctrl.reconcile('ns/web');
    assert.equal(e.fake.actionsFor('create', 'pods').length, 500);
  });

  it('forgets a deleted ReplicaSet', async () => {
    env = await startFakeEnv(replicaSetKind, (f) => f.seed(RS, rs('web', 2)));
    const e = env;
    await e.client.resource<KubeObject>(RS, 'ns').delete('web');
    await eventually(() => e.informers.lister(RS).get('ns', 'web') === undefined, 'gone from the cache');
    await e.ctrl.reconcile('ns/web');
    assert.equal(e.fake.actionsFor('create', 'pods').length, 0);
  });

  it('counts a gracefully deleted pod once and replaces it at once', async () => {
    env = await startFakeEnv(replicaSetKind, (f) => f.seed(RS, rs('web', 2)));
    const e = env;
    await e.ctrl.reconcile('ns/web');
    await cached(e, 2);
    // A pod being deleted gracefully (a kubelet would hold it until its containers stop).
    const pods = await podsOf(e);
    const victim = pods[0]!;
    await e.client.resource<Pod>('pods', 'ns').patch(victim.metadata.name!, { metadata: { finalizers: ['test/hold'] } });
    await e.client.resource<Pod>('pods', 'ns').delete(victim.metadata.name!);
    await eventually(() => !!e.informers.lister<Pod>('pods').get('ns', victim.metadata.name!)?.metadata.deletionTimestamp, 'terminating in cache');
    e.fake.clearActions();
    await e.ctrl.reconcile('ns/web');
    assert.equal(e.fake.actionsFor('create', 'pods').length, 1);
    // Status counts what the sync started from: the terminating pod is not active.
    assert.equal((await getRS(e, 'web')).status!.replicas, 1);
    await cached(e, 3);
    e.fake.clearActions();
    await e.ctrl.reconcile('ns/web');
    assert.equal(e.fake.actionsFor('create', 'pods').length, 0);
    assert.equal((await getRS(e, 'web')).status!.replicas, 2);
    // The pod finally goes: observed once, nothing more to do.
    await e.client.resource<Pod>('pods', 'ns').patch(victim.metadata.name!, { metadata: { finalizers: null } });
    await cached(e, 2);
    assert.equal(e.ctrl.expectations.satisfied('ns/web'), true);
    await e.ctrl.reconcile('ns/web');
    assert.equal(e.fake.actionsFor('create', 'pods').length, 0);
  });
});
