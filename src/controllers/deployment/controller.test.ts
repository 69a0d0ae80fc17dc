// The deployment controller against the fake API: the test calls reconcile(key) itself and plays
// the ReplicaSet controller by writing ReplicaSet status.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { FakeClock } from '../../machinery/clock/index.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { DeploymentController } from './controller.js';
import { computeHash } from './hash.js';
import type { Deployment, ReplicaSet } from './types.js';

const DEP = { group: 'apps', version: 'v1', resource: 'deployments' };
const RS = { group: 'apps', version: 'v1', resource: 'replicasets' };

async function eventually(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A Deployment as the API server would have defaulted it. */
function deployment(name: string, o: { replicas?: number; image?: string; strategy?: Deployment['spec']['strategy']; paused?: boolean; pds?: number } = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'ns', annotations: { 'kubernetes.io/change-cause': 'because' } },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: o.image ?? 'v1' }] } },
      strategy: o.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: o.pds ?? 600,
      ...(o.paused ? { paused: true } : {}),
    },
  };
}

interface Env {
  fake: FakeTransport;
  client: Client;
  clock: FakeClock;
  ctrl: DeploymentController;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  stop(): Promise<void>;
}

let env: Env | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

async function start(seed: (f: FakeTransport, clock: FakeClock) => void): Promise<Env> {
  const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z'));
  const fake = new FakeTransport({ clock });
  seed(fake, clock);
  const client = new Client({ transport: fake, component: 'test', retry: false });
  const informers = new SharedInformerFactory(client);
  const recorder = new EventRecorder(client, { component: 'deployment-controller', clock });
  const ctrl = new DeploymentController({ client, informers, recorder, clock });
  const ac = new AbortController();
  informers.start(ac.signal);
  await informers.waitForCacheSync(AbortSignal.timeout(5000));
  env = {
    fake,
    client,
    clock,
    ctrl,
    informers,
    recorder,
    stop: async () => {
      ac.abort();
      await informers.shutdown();
      await recorder.shutdown();
    },
  };
  return env;
}

const deps = (e: Env) => e.client.resource<Deployment>(DEP, 'ns');
const rss = (e: Env) => e.client.resource<ReplicaSet>(RS, 'ns');

/** Waits until the cache has caught up with the server's Deployment and ReplicaSets. */
async function settle(e: Env, name: string): Promise<void> {
  const d = await deps(e).get(name);
  const all = (await rss(e).list()).items;
  await eventually(() => {
    const cd = e.informers.lister<Deployment>(DEP).get('ns', name);
    const cached = e.informers.lister<ReplicaSet>(RS).list('ns');
    return cd?.metadata.resourceVersion === d.metadata.resourceVersion && cached.length === all.length && all.every((x) => cached.some((y) => y.metadata.resourceVersion === x.metadata.resourceVersion));
  }, 'caches');
}

/** Plays the ReplicaSet controller: every ReplicaSet reports spec.replicas pods, all available. */
async function replicaSetsReady(e: Env): Promise<void> {
  for (const rs of (await rss(e).list()).items) {
    const n = rs.spec.replicas ?? 0;
    await rss(e).updateStatus({ ...rs, status: { replicas: n, readyReplicas: n, availableReplicas: n, fullyLabeledReplicas: n, observedGeneration: rs.metadata.generation ?? 1 } });
  }
}

async function events(e: Env): Promise<string[]> {
  await e.recorder.flush();
  return (await e.client.resource<KubeObject & { reason: string; message: string }>('events').list()).items.map((x) => `${x.reason}: ${x.message}`);
}

describe('deployment controller (fake API)', () => {
  it('creates the new ReplicaSet <name>-<hash> with the hash label, revision and replica annotations', async () => {
    const e = await start((f) => f.seed(DEP, deployment('web')));
    await e.ctrl.reconcile('ns/web');
    const list = (await rss(e).list()).items;
    assert.equal(list.length, 1);
    const rs = list[0]!;
    const d = await deps(e).get('web');
    const hash = computeHash(deployment('web').spec.template);
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.deepEqual(rs.metadata.labels, { app: 'web', 'pod-template-hash': hash });
    assert.deepEqual(rs.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.deepEqual(rs.spec.template!.metadata!.labels, { app: 'web', 'pod-template-hash': hash });
    assert.equal(rs.spec.replicas, 3);
    assert.deepEqual(rs.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(rs.metadata.annotations, {
      'kubernetes.io/change-cause': 'because',
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '1');
    const p = d.status!.conditions!.find((c) => c.type === 'Progressing')!;
    assert.deepEqual([p.status, p.reason, p.message], ['True', 'NewReplicaSetCreated', `Created new replica set "web-${hash}"`]);
    assert.equal(d.status!.observedGeneration, 1);
    const a = d.status!.conditions!.find((c) => c.type === 'Available')!;
    assert.deepEqual([a.status, a.reason], ['False', 'MinimumReplicasUnavailable']);
    assert.deepEqual(await events(e), [`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`]);

    // The ReplicaSet controller reports the pods available: the rollout is complete.
    await replicaSetsReady(e);
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    const done = await deps(e).get('web');
    assert.deepEqual([done.status!.replicas, done.status!.updatedReplicas, done.status!.readyReplicas, done.status!.availableReplicas], [3, 3, 3, 3]);
    const p2 = done.status!.conditions!.find((c) => c.type === 'Progressing')!;
    assert.deepEqual([p2.reason, p2.message], ['NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`]);
    assert.equal(done.status!.conditions!.find((c) => c.type === 'Available')!.reason, 'MinimumReplicasAvailable');
  });

  it('rolls one step at a time: surge the new ReplicaSet, then scale the old one down as new pods become available', async () => {
    const e = await start((f) => f.seed(DEP, deployment('web')));
    await e.ctrl.reconcile('ns/web');
    await replicaSetsReady(e);
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    await settle(e, 'web');
    const d = await deps(e).get('web');
    await deps(e).update({ ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { containers: [{ name: 'c', image: 'v2' }] } } } });
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    const sizes = async () => Object.fromEntries((await rss(e).list()).items.map((rs) => [rs.metadata.annotations!['deployment.kubernetes.io/revision'], rs.spec.replicas]));
    // Surge 1 (25% of 3, rounded up), unavailable 0 (rounded down): the new one gets 1, the old keeps 3.
    assert.deepEqual(await sizes(), { '1': 3, '2': 1 });
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    assert.deepEqual(await sizes(), { '1': 3, '2': 1 }, 'no scale-down before the new pod is available');
    await replicaSetsReady(e);
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    assert.deepEqual(await sizes(), { '1': 2, '2': 1 });
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    assert.deepEqual(await sizes(), { '1': 2, '2': 2 });
    const st = (await deps(e).get('web')).status!;
    assert.equal(st.conditions!.find((c) => c.type === 'Progressing')!.reason, 'ReplicaSetUpdated');
    assert.equal(st.observedGeneration, 2);
  });

  it('pausing reports DeploymentPaused and rolls nothing out; resuming reports DeploymentResumed', async () => {
    const e = await start((f) => f.seed(DEP, deployment('web', { paused: true })));
    await e.ctrl.reconcile('ns/web');
    assert.equal((await rss(e).list()).items.length, 0);
    const p = (await deps(e).get('web')).status!.conditions!.find((c) => c.type === 'Progressing')!;
    assert.deepEqual([p.status, p.reason, p.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
    const d = await deps(e).get('web');
    await deps(e).update({ ...d, spec: { ...d.spec, paused: false } });
    await settle(e, 'web');
    e.fake.clearActions();
    await e.ctrl.reconcile('ns/web');
    const written = e.fake.actionsFor('update', 'deployments').filter((a) => a.subresource === 'status').map((a) => (a.body as Deployment).status!.conditions!.find((c) => c.type === 'Progressing')!);
    assert.deepEqual([written[0]!.status, written[0]!.reason, written[0]!.message], ['Unknown', 'DeploymentResumed', 'Deployment is resumed']);
    const after = (await deps(e).get('web')).status!.conditions!.find((c) => c.type === 'Progressing')!;
    // Resumed, then at once the rollout's own reason.
    assert.equal(after.reason, 'NewReplicaSetCreated');
    assert.equal((await rss(e).list()).items.length, 1);
  });

  it('resolves a hash collision by bumping collisionCount', async () => {
    const hash = computeHash(deployment('web').spec.template);
    const e = await start((f) => {
      f.seed(DEP, deployment('web'));
      // Someone else's ReplicaSet already has the name the template hashes to.
      f.seed(RS, { metadata: { name: `web-${hash}`, namespace: 'ns', labels: { other: 'x' } }, spec: { replicas: 0, selector: { matchLabels: { other: 'x' } }, template: { metadata: { labels: { other: 'x' } } } } });
    });
    await assert.rejects(e.ctrl.reconcile('ns/web'), /already exists/);
    assert.equal((await deps(e).get('web')).status!.collisionCount, 1);
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    const mine = (await rss(e).list()).items.find((rs) => rs.metadata.ownerReferences?.length);
    assert.equal(mine!.metadata.name, `web-${computeHash(deployment('web').spec.template, 1)}`);
  });

  it('reports ProgressDeadlineExceeded once the deadline passes without progress', async () => {
    const e = await start((f) => f.seed(DEP, deployment('web', { pds: 60 })));
    await e.ctrl.reconcile('ns/web');
    await settle(e, 'web');
    // No progress: the controller schedules a check for when the deadline passes.
    await e.ctrl.reconcile('ns/web');
    assert.equal(e.ctrl.queue.waitingCount(), 1);
    await e.clock.advance(61_000);
    assert.equal(e.ctrl.queue.len(), 1);
    await e.ctrl.reconcile('ns/web');
    const p = (await deps(e).get('web')).status!.conditions!.find((c) => c.type === 'Progressing')!;
    assert.deepEqual([p.status, p.reason], ['False', 'ProgressDeadlineExceeded']);
    assert.match(p.message!, /^ReplicaSet "web-[a-z0-9]+" has timed out progressing\.$/);
  });

  it('scales proportionally during a rollout', async () => {
    const e = await start((f) => {
      const [d] = f.seed(DEP, deployment('web', { replicas: 15 })) as Deployment[];
      const own = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d!.metadata.uid!, controller: true };
      const mk = (name: string, image: string, replicas: number, rev: string, created: string): ReplicaSet => ({
        metadata: { name, namespace: 'ns', labels: { app: 'web' }, ownerReferences: [own], creationTimestamp: created, annotations: { 'deployment.kubernetes.io/revision': rev, 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13' } },
        spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } } },
      });
      f.seed(RS, mk('web-old', 'v0', 6, '1', '2024-01-01T00:00:00Z'), mk('web-new', 'v1', 4, '2', '2024-01-01T00:01:00Z'));
    });
    await e.ctrl.reconcile('ns/web');
    const sizes = Object.fromEntries((await rss(e).list()).items.map((rs) => [rs.metadata.name, [rs.spec.replicas, rs.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], rs.metadata.annotations!['deployment.kubernetes.io/max-replicas']]]));
    // 15 + 4 surge = 19 allowed, 9 to add: 6·19/13 → 9 (+3), 4·19/13 → 6 (+2), the 4 left to the largest.
    assert.deepEqual(sizes, { 'web-old': [13, '15', '19'], 'web-new': [6, '15', '19'] });
    const ev = await events(e);
    assert.ok(ev.includes('ScalingReplicaSet: Scaled up replica set web-old from 6 to 13'), ev.join('\n'));
  });

  it('writes the status onto a fresh copy when its cached copy was stale but the spec is unchanged', async () => {
    const e = await start((f) => f.seed(DEP, deployment('web')));
    let conflicts = 0;
    e.fake.prependReactor((a) => {
      if (a.verb === 'update' && a.resource === 'deployments' && a.subresource === 'status' && conflicts === 0) {
        conflicts++;
        return { status: 409, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Conflict', code: 409, message: 'the object has been modified' } };
      }
      return undefined;
    });
    // A user annotates the Deployment meanwhile: that must survive.
    await deps(e).patch('web', { metadata: { annotations: { note: 'mine' } } });
    await e.ctrl.reconcile('ns/web');
    assert.equal(conflicts, 1);
    const d = await deps(e).get('web');
    assert.equal(d.metadata.annotations!.note, 'mine');
    assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '1');
    assert.equal(d.status!.observedGeneration, 1);
    assert.equal(d.status!.conditions!.find((c) => c.type === 'Progressing')!.reason, 'NewReplicaSetCreated');
  });

  it('Recreate scales old ReplicaSets to zero before creating the new one', async () => {
    const e = await start((f) => f.seed(DEP, deployment('web', { strategy: { type: 'Recreate' } })));
    await e.ctrl.reconcile('ns/web');
    await replicaSetsReady(e);
    await settle(e, 'web');
    const d = await deps(e).get('web');
    await deps(e).update({ ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { containers: [{ name: 'c', image: 'v2' }] } } } });
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    let list = (await rss(e).list()).items;
    assert.deepEqual(list.map((rs) => rs.spec.replicas), [0]);
    // Still reports 3 pods: wait.
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    assert.equal((await rss(e).list()).items.length, 1);
    await replicaSetsReady(e);
    await settle(e, 'web');
    await e.ctrl.reconcile('ns/web');
    list = (await rss(e).list()).items;
    assert.deepEqual(list.map((rs) => [rs.metadata.annotations!['deployment.kubernetes.io/revision'], rs.spec.replicas]).sort(), [['1', 0], ['2', 3]]);
  });
});
