// The deployment controller end to end, with the ReplicaSet controller, against an in-process API
// server. There are no nodes: a fake kubelet marks pods Running and Ready. Rollouts are judged the
// way `kubectl rollout status` judges them, and rolled back with the JSON patch `kubectl rollout
// undo` sends.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../machinery/client/index.js';
import { replicaSetDescriptor } from '../replicaset/index.js';
import { eventually, startFakeKubelet, startServerEnv, type ServerEnv } from '../replicaset/testutil.js';
import { deploymentDescriptor } from './index.js';
import type { Deployment, ReplicaSet } from './types.js';

const NS = 'deploy';
const DEP = 'deployments.apps';
const RS = 'replicasets.apps';

/** kubectl rollout status's verdict for a Deployment (polymorphichelpers/rollout_status.go). */
function rolloutDone(d: Deployment): boolean {
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return false;
  const p = s.conditions?.find((c) => c.type === 'Progressing');
  if (p?.reason === 'ProgressDeadlineExceeded') throw new Error(`deployment "${d.metadata.name}" exceeded its progress deadline`);
  const want = d.spec.replicas ?? 1;
  if ((s.updatedReplicas ?? 0) < want) return false;
  if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0)) return false;
  if ((s.availableReplicas ?? 0) < (s.updatedReplicas ?? 0)) return false;
  return true;
}

async function ownedReplicaSets(c: Client, d: Deployment): Promise<ReplicaSet[]> {
  const items = (await c.resource<ReplicaSet>(RS, NS).list({ labelSelector: d.spec.selector!.matchLabels! })).items;
  return items.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid));
}

async function events(c: Client, name: string): Promise<string[]> {
  const list = (await c.resource<KubeObject & { reason: string; message: string; involvedObject: { name: string } }>('events', NS).list()).items;
  // More than 10 similar events in 10 minutes are combined by the recorder, as client-go's are.
  return list.filter((e) => e.involvedObject.name === name).map((e) => `${e.reason}: ${e.message.replace('(combined from similar events): ', '')}`);
}

function deployment(name: string, image: string, extra: Partial<Deployment['spec']> = {}, annotations?: Record<string, string>): Deployment {
  return {
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...extra,
    },
  };
}

const SKIPPED = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to'];

/** What `kubectl rollout undo --to-revision=N` does (polymorphichelpers/rollback.go). */
async function rollbackTo(c: Client, name: string, revision: string): Promise<void> {
  const deps = c.resource<Deployment>(DEP, NS);
  const d = await deps.get(name);
  const rs = (await ownedReplicaSets(c, d)).find((x) => x.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision);
  assert.ok(rs, `revision ${revision}`);
  const template = structuredClone(rs.spec.template!);
  delete template.metadata!.labels!['pod-template-hash'];
  const annotations: Record<string, string> = {};
  for (const k of SKIPPED) if (d.metadata.annotations?.[k] !== undefined) annotations[k] = d.metadata.annotations[k]!;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!SKIPPED.includes(k)) annotations[k] = v;
  await deps.patch(
    name,
    [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
    { type: 'json' },
  );
}

describe('deployment controller against an in-process API server', () => {
  let env: ServerEnv;
  let kubelet: { stop(): Promise<void> };
  before(async () => {
    env = await startServerEnv([replicaSetDescriptor, deploymentDescriptor]);
    await env.client.resource('namespaces').create({ metadata: { name: NS } });
    // Pods labelled stuck=true never become ready.
    kubelet = startFakeKubelet(env.client, NS, '!stuck');
  });
  after(async () => {
    await kubelet?.stop();
    await env?.stop();
  });

  it('rolls out, rolls v1 to v2 within maxSurge/maxUnavailable, rolls back, and scales', async () => {
    const c = env.client;
    const deps = c.resource<Deployment>(DEP, NS);
    await deps.create(deployment('web', 'nginx:1.26', {}, { 'kubernetes.io/change-cause': 'first' }));
    await eventually(async () => rolloutDone(await deps.get('web')), 'first rollout', 15_000);
    let d = await deps.get('web');
    let rss = await ownedReplicaSets(c, d);
    assert.equal(rss.length, 1);
    const v1 = rss[0]!;
    const hash1 = v1.metadata.labels!['pod-template-hash']!;
    assert.match(hash1, /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    assert.equal(v1.metadata.name, `web-${hash1}`);
    assert.equal(v1.spec.selector!.matchLabels!['pod-template-hash'], hash1);
    assert.equal(v1.spec.template!.metadata!.labels!['pod-template-hash'], hash1);
    assert.deepEqual(
      [v1.metadata.annotations!['deployment.kubernetes.io/revision'], v1.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], v1.metadata.annotations!['deployment.kubernetes.io/max-replicas'], v1.metadata.annotations!['kubernetes.io/change-cause']],
      ['1', '3', '4', 'first'],
    );
    assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '1');
    assert.deepEqual([d.status!.replicas, d.status!.updatedReplicas, d.status!.readyReplicas, d.status!.availableReplicas, d.status!.unavailableReplicas], [3, 3, 3, 3, undefined]);
    const avail = d.status!.conditions!.find((x) => x.type === 'Available')!;
    assert.deepEqual([avail.status, avail.reason, avail.message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
    await eventually(async () => (await deps.get('web')).status?.conditions?.find((x) => x.type === 'Progressing')?.reason === 'NewReplicaSetAvailable', 'NewReplicaSetAvailable');
    const prog = (await deps.get('web')).status!.conditions!.find((x) => x.type === 'Progressing')!;
    assert.equal(prog.message, `ReplicaSet "web-${hash1}" has successfully progressed.`);
    assert.ok((await events(c, 'web')).includes(`ScalingReplicaSet: Scaled up replica set web-${hash1} from 0 to 3`));

    // v1 → v2 (25%/25% of 3: surge 1, unavailable 0): never more than 4 pods, never fewer than 3 available.
    await deps.patch('web', { metadata: { annotations: { 'kubernetes.io/change-cause': 'second' } }, spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } } }, { type: 'strategic' });
    await eventually(
      async () => {
        const cur = await deps.get('web');
        const all = await ownedReplicaSets(c, cur);
        const total = all.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
        assert.ok(total <= 4, `at most 4 pods wanted, have ${total}`);
        const available = all.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
        if (all.length > 1) assert.ok(available >= 3 || all.some((rs) => rs.status?.observedGeneration !== rs.metadata.generation), `at least 3 available, have ${available}`);
        return rolloutDone(cur) && cur.metadata.generation === 2;
      },
      'rollout to v2',
      15_000,
    );
    d = await deps.get('web');
    rss = await ownedReplicaSets(c, d);
    assert.equal(rss.length, 2);
    const v2 = rss.find((rs) => rs.metadata.uid !== v1.metadata.uid)!;
    const v1now = rss.find((rs) => rs.metadata.uid === v1.metadata.uid)!;
    assert.deepEqual([v2.spec.replicas, v2.status?.availableReplicas, v1now.spec.replicas, v1now.status?.replicas], [3, 3, 0, 0]);
    assert.equal((v2.spec.template!.spec!.containers as Array<{ image: string }>)[0]!.image, 'nginx:1.27');
    assert.equal(v2.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
    assert.equal(v2.metadata.annotations!['kubernetes.io/change-cause'], 'second');
    assert.equal(d.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
    const evs = await events(c, 'web');
    assert.ok(evs.includes(`ScalingReplicaSet: Scaled up replica set ${v2.metadata.name} from 0 to 1`), evs.join('\n'));
    assert.ok(evs.includes(`ScalingReplicaSet: Scaled down replica set web-${hash1} from 3 to 2`), evs.join('\n'));
    assert.ok(evs.includes(`ScalingReplicaSet: Scaled down replica set web-${hash1} from 1 to 0`), evs.join('\n'));

    // kubectl rollout undo (to revision 1): the v1 ReplicaSet comes back as revision 3.
    await rollbackTo(c, 'web', '1');
    await eventually(async () => {
      const cur = await deps.get('web');
      return rolloutDone(cur) && cur.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3';
    }, 'rollback', 15_000);
    d = await deps.get('web');
    rss = await ownedReplicaSets(c, d);
    assert.equal(rss.length, 2, 'no new ReplicaSet for a rollback');
    const back = rss.find((rs) => rs.metadata.uid === v1.metadata.uid)!;
    assert.deepEqual([back.spec.replicas, back.metadata.annotations!['deployment.kubernetes.io/revision'], back.metadata.annotations!['deployment.kubernetes.io/revision-history']], [3, '3', '1']);
    assert.equal(d.metadata.annotations!['kubernetes.io/change-cause'], 'first');
    assert.equal(rss.find((rs) => rs.metadata.uid === v2.metadata.uid)!.spec.replicas, 0);

    // kubectl scale: the active ReplicaSet takes the new size.
    await deps.patch('web', { spec: { replicas: 5 } }, { subresource: 'scale' });
    await eventually(async () => rolloutDone(await deps.get('web')) && (await deps.get('web')).status?.availableReplicas === 5, 'scaled to 5', 15_000);
    assert.ok((await events(c, 'web')).includes(`ScalingReplicaSet: Scaled up replica set web-${hash1} from 3 to 5`));
    const scaled = (await ownedReplicaSets(c, await deps.get('web'))).find((rs) => rs.metadata.uid === v1.metadata.uid)!;
    assert.deepEqual([scaled.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], scaled.metadata.annotations!['deployment.kubernetes.io/max-replicas']], ['5', '7']);
  });

  it('pauses (no rollout, DeploymentPaused) and resumes', async () => {
    const c = env.client;
    const deps = c.resource<Deployment>(DEP, NS);
    await deps.create(deployment('paused', 'nginx:1.26', { replicas: 2 }));
    await eventually(async () => rolloutDone(await deps.get('paused')), 'first rollout', 15_000);
    await deps.patch('paused', { spec: { paused: true } }, { type: 'strategic' });
    await eventually(async () => (await deps.get('paused')).status?.conditions?.find((x) => x.type === 'Progressing')?.reason === 'DeploymentPaused', 'DeploymentPaused');
    const cond = (await deps.get('paused')).status!.conditions!.find((x) => x.type === 'Progressing')!;
    assert.deepEqual([cond.status, cond.message], ['Unknown', 'Deployment is paused']);
    await deps.patch('paused', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } } }, { type: 'strategic' });
    await eventually(async () => (await deps.get('paused')).status?.observedGeneration === 3, 'observed while paused');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await ownedReplicaSets(c, await deps.get('paused'))).length, 1, 'no new ReplicaSet while paused');
    await deps.patch('paused', { spec: { paused: false } }, { type: 'strategic' });
    await eventually(async () => {
      const cur = await deps.get('paused');
      return rolloutDone(cur) && (await ownedReplicaSets(c, cur)).length === 2;
    }, 'rollout after resume', 15_000);
  });

  it('Recreate: old pods go before new ones come; revisionHistoryLimit keeps one old ReplicaSet', async () => {
    const c = env.client;
    const deps = c.resource<Deployment>(DEP, NS);
    await deps.create(deployment('recreate', 'busybox:1', { replicas: 2, strategy: { type: 'Recreate' }, revisionHistoryLimit: 1 }));
    await eventually(async () => rolloutDone(await deps.get('recreate')), 'first rollout', 15_000);
    for (const image of ['busybox:2', 'busybox:3']) {
      await deps.patch('recreate', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } }, { type: 'strategic' });
      await eventually(
        async () => {
          const cur = await deps.get('recreate');
          const all = await ownedReplicaSets(c, cur);
          // Never old and new pods wanted at once.
          assert.ok(all.filter((rs) => (rs.spec.replicas ?? 0) > 0).length <= 1);
          return rolloutDone(cur) && (cur.metadata.generation ?? 0) === (cur.status?.observedGeneration ?? -1) && all.some((rs) => (rs.spec.template!.spec!.containers as Array<{ image: string }>)[0]!.image === image && rs.spec.replicas === 2);
        },
        `rollout to ${image}`,
        15_000,
      );
    }
    await eventually(async () => (await ownedReplicaSets(c, await deps.get('recreate'))).length === 2, 'old ReplicaSets cleaned up to the limit');
    const revisions = (await ownedReplicaSets(c, await deps.get('recreate'))).map((rs) => rs.metadata.annotations!['deployment.kubernetes.io/revision']).sort();
    assert.deepEqual(revisions, ['2', '3']);
  });

  it('reports ProgressDeadlineExceeded when new pods never become available', async () => {
    const c = env.client;
    const deps = c.resource<Deployment>(DEP, NS);
    const d = deployment('stuck', 'nginx:1', { replicas: 1, progressDeadlineSeconds: 1 });
    d.spec.template!.metadata!.labels = { app: 'stuck', stuck: 'true' };
    await deps.create(d);
    await eventually(async () => (await deps.get('stuck')).status?.conditions?.find((x) => x.type === 'Progressing')?.reason === 'ProgressDeadlineExceeded', 'ProgressDeadlineExceeded', 10_000);
    const cur = await deps.get('stuck');
    const p = cur.status!.conditions!.find((x) => x.type === 'Progressing')!;
    assert.equal(p.status, 'False');
    assert.match(p.message!, /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
    const a = cur.status!.conditions!.find((x) => x.type === 'Available')!;
    assert.deepEqual([a.status, a.reason], ['False', 'MinimumReplicasUnavailable']);
    assert.equal(cur.status!.unavailableReplicas, 1);
    assert.throws(() => rolloutDone(cur), /exceeded its progress deadline/);
  });
});
