// The ReplicationController controller: the shared replica logic with a map selector.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import type { Pod, ReplicaOwner } from '../replicaset/index.js';
import { eventually, markPodsReady, podStatus, startFakeEnv, startServerEnv, type FakeEnv } from '../replicaset/testutil.js';
import { replicationControllerDescriptor } from './index.js';
import { replicationControllerKind } from './kind.js';

function rc(name: string, replicas: number): ReplicaOwner {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, namespace: 'ns', generation: 1 },
    spec: { replicas, selector: { app: name }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
}

let env: FakeEnv | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

describe('replicationcontroller controller (fake API)', () => {
  it('creates pods owned by the ReplicationController and records events on it', async () => {
    env = await startFakeEnv(replicationControllerKind, (f) => f.seed('replicationcontrollers', rc('web', 2)));
    const e = env;
    await e.ctrl.reconcile('ns/web');
    const pods = (await e.client.resource<Pod>('pods', 'ns').list()).items;
    assert.equal(pods.length, 2);
    const ref = pods[0]!.metadata.ownerReferences![0]!;
    assert.deepEqual([ref.apiVersion, ref.kind, ref.name, ref.controller], ['v1', 'ReplicationController', 'web', true]);
    await e.recorder.flush();
    const events = (await e.client.resource<KubeObject & { reason: string; involvedObject: { kind: string }; source: { component: string } }>('events').list()).items;
    assert.equal(events.length, 2);
    assert.ok(events.every((x) => x.reason === 'SuccessfulCreate' && x.involvedObject.kind === 'ReplicationController' && x.source.component === 'replication-controller'));
  });

  it('selects by its map selector, deletes surplus pods and writes status', async () => {
    env = await startFakeEnv(replicationControllerKind, (f, clock) => {
      const [owner] = f.seed('replicationcontrollers', rc('web', 1)) as ReplicaOwner[];
      const ref = { apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: owner!.metadata.uid!, controller: true };
      const mk = (name: string, labels: Record<string, string>, ready: boolean, owned = true): Pod => ({
        metadata: { name, namespace: 'ns', labels, ...(owned ? { ownerReferences: [ref] } : {}) },
        spec: {},
        status: podStatus({ ready, readySince: clock.now() - 1000 }),
      });
      f.seed('pods', mk('a', { app: 'web' }, true), mk('b', { app: 'web' }, false), mk('other', { app: 'db' }, true, false));
    });
    const e = env;
    await eventually(() => e.informers.lister('pods').list('ns').length === 3, 'pods cached');
    await e.ctrl.reconcile('ns/web');
    const names = (await e.client.resource<Pod>('pods', 'ns').list()).items.map((p) => p.metadata.name).sort();
    assert.deepEqual(names, ['a', 'other']);
    const st = (await e.client.resource<ReplicaOwner>('replicationcontrollers', 'ns').get('web')).status!;
    // Status counts the pods the sync started from.
    assert.deepEqual([st.replicas, st.readyReplicas, st.availableReplicas, st.observedGeneration], [2, 1, 1, 1]);
  });
});

describe('replicationcontroller controller against an in-process API server', () => {
  it('keeps the replicas, replaces a deleted pod and follows scaling', async () => {
    const s = await startServerEnv([replicationControllerDescriptor]);
    try {
      const c = s.client;
      await c.resource('namespaces').create({ metadata: { name: 'rc' } });
      const rcs = c.resource<ReplicaOwner>('replicationcontrollers', 'rc');
      const pods = c.resource<Pod>('pods', 'rc');
      const active = async () => (await pods.list({ labelSelector: 'app=web' })).items.filter((p) => !p.metadata.deletionTimestamp);
      // The server defaults the selector from the template's labels.
      await rcs.create({ metadata: { name: 'web' }, spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
      await eventually(async () => (await active()).length === 2, '2 pods');
      await markPodsReady(c, 'rc', 'app=web');
      await eventually(async () => {
        const st = (await rcs.get('web')).status;
        return st?.replicas === 2 && st.readyReplicas === 2 && st.availableReplicas === 2;
      }, 'ready 2');
      const victim = (await active())[0]!;
      await pods.delete(victim.metadata.name!);
      await eventually(async () => {
        const names = (await active()).map((p) => p.metadata.name);
        return names.length === 2 && !names.includes(victim.metadata.name);
      }, 'a replacement');
      await rcs.patch('web', { spec: { replicas: 4 } }, { subresource: 'scale' });
      await eventually(async () => (await active()).length === 4, '4 pods');
      await eventually(async () => (await rcs.get('web')).status?.replicas === 4, 'status 4');
    } finally {
      await s.stop();
    }
  });
});
