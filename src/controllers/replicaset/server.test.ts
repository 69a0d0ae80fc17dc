// The ReplicaSet controller end to end against an in-process API server (with its defaulting,
// validation and admission). There are no nodes: the test plays the kubelet, marking pods Ready.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { replicaSetDescriptor } from './index.js';
import { eventually, markPodsReady, startServerEnv, type ServerEnv } from './testutil.js';
import type { Pod, ReplicaOwner } from './types.js';

const RS = { group: 'apps', version: 'v1', resource: 'replicasets' };

describe('replicaset controller against an in-process API server', () => {
  let env: ServerEnv;
  before(async () => {
    env = await startServerEnv([replicaSetDescriptor]);
    await env.client.resource('namespaces').create({ metadata: { name: 'rs' } });
  });
  after(async () => {
    await env?.stop();
  });

  it('scales up and down, replaces a deleted pod, and reports ready and available replicas', async () => {
    const c = env.client;
    const rsc = c.resource<ReplicaOwner>(RS, 'rs');
    const pods = c.resource<Pod>('pods', 'rs');
    const active = async () => (await pods.list({ labelSelector: 'app=web' })).items.filter((p) => !p.metadata.deletionTimestamp);
    await rsc.create({
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' }, annotations: { note: 'x' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      },
    });
    await eventually(async () => (await active()).length === 3, '3 pods');
    const rs = await rsc.get('web');
    for (const p of await active()) {
      assert.ok(p.metadata.name!.startsWith('web-'));
      assert.equal(p.metadata.annotations?.note, 'x');
      assert.equal(p.metadata.ownerReferences?.[0]?.uid, rs.metadata.uid);
      assert.equal(p.metadata.ownerReferences?.[0]?.blockOwnerDeletion, true);
    }
    await eventually(async () => (await rsc.get('web')).status?.replicas === 3, 'status.replicas 3');

    // The kubelet reports them Ready.
    await markPodsReady(c, 'rs', 'app=web');
    await eventually(async () => {
      const s = (await rsc.get('web')).status;
      return s?.readyReplicas === 3 && s.availableReplicas === 3 && s.fullyLabeledReplicas === 3 && s.observedGeneration === 1;
    }, 'ready 3');

    // A deleted pod is replaced.
    const victim = (await active())[0]!;
    await pods.delete(victim.metadata.name!);
    await eventually(async () => {
      const names = (await active()).map((p) => p.metadata.name);
      return names.length === 3 && !names.includes(victim.metadata.name);
    }, 'a replacement');
    await markPodsReady(c, 'rs', 'app=web');

    // Scale down through the scale subresource, as kubectl scale does.
    await rsc.patch('web', { spec: { replicas: 1 } }, { subresource: 'scale' });
    await eventually(async () => (await active()).length === 1, '1 pod');
    await eventually(async () => {
      const s = (await rsc.get('web')).status;
      return s?.replicas === 1 && s.readyReplicas === 1 && s.observedGeneration === 2;
    }, 'status after scale down');

    const events = (await c.resource<KubeObject & { reason: string; message: string }>('events', 'rs').list()).items.filter((e) => (e.involvedObject as { name?: string }).name === 'web');
    assert.ok(events.some((e) => e.reason === 'SuccessfulCreate' && /^Created pod: web-/.test(e.message)));
    assert.ok(events.some((e) => e.reason === 'SuccessfulDelete' && /^Deleted pod: web-/.test(e.message)));
  });

  it('reports pods the API refuses as ReplicaFailure and FailedCreate, and clears it once creates succeed', async () => {
    const c = env.client;
    const rsc = c.resource<ReplicaOwner>(RS, 'rs');
    // Priority admission refuses pods naming a PriorityClass that does not exist (yet).
    await rsc.create({
      metadata: { name: 'refused' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'refused' } },
        template: { metadata: { labels: { app: 'refused' } }, spec: { priorityClassName: 'later', containers: [{ name: 'c', image: 'busybox' }] } },
      },
    });
    await eventually(async () => (await rsc.get('refused')).status?.conditions?.some((x) => x.type === 'ReplicaFailure' && x.reason === 'FailedCreate') ?? false, 'ReplicaFailure');
    const cond = (await rsc.get('refused')).status!.conditions!.find((x) => x.type === 'ReplicaFailure')!;
    assert.match(cond.message!, /no PriorityClass with name later was found/);
    const events = (await c.resource<KubeObject & { reason: string; message: string }>('events', 'rs').list()).items;
    assert.ok(events.some((e) => e.reason === 'FailedCreate' && /^Error creating: .*no PriorityClass/.test(e.message)));

    await c.resource('priorityclasses.scheduling.k8s.io').create({ metadata: { name: 'later' }, value: 1000 });
    await eventually(async () => {
      const s = (await rsc.get('refused')).status;
      return s?.replicas === 2 && s.conditions === undefined;
    }, 'pods created and the condition cleared', 15_000);
  });
});
