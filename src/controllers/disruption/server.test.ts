// The disruption controller against an in-process API server (no other controllers: owners and pods
// are written by hand): budget statuses from ReplicaSet and Deployment scales, the eviction
// subresource spending them, approved evictions that never happen expiring, and SyncFailed.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PodDisruptionBudget } from '../../api/poddisruptionbudget.js';
import type { KubeObject } from '../../api/types.js';
import type { Client, ResourceClient } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { StatusError } from '../../machinery/errors/status.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { DisruptionController } from './controller.js';

const PDB = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespaced: true };

async function eventually<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('disruption controller against an API server', () => {
  let server: InProcessServer;
  let client: Client;
  let informers: SharedInformerFactory;
  const ac = new AbortController();
  let running: Promise<void>;
  let n = 0;

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test', { retry: false });
    const kcm = server.client('kube-controller-manager');
    informers = new SharedInformerFactory(kcm);
    const dc = new DisruptionController({ client: kcm, informers, deletionTimeoutMs: 1500, stalePodDisruptionTimeoutMs: 500 });
    informers.start(ac.signal);
    running = dc.run(ac.signal);
  });
  after(async () => {
    ac.abort();
    await running;
    await informers.shutdown();
    await server.stop();
  });

  async function namespace(): Promise<string> {
    const name = `dc-${++n}`;
    await client.resource('namespaces').create({ metadata: { name } });
    return name;
  }

  /** Pods owned by `owner`, Running, Ready unless listed in unready. */
  async function podsOf(ns: string, owner: KubeObject, kind: string, names: string[], unready: string[] = []): Promise<ResourceClient> {
    const pods = client.resource('pods', ns);
    for (const name of names) {
      const p = await pods.create({
        metadata: { name, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true }] },
        spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] },
      });
      await pods.updateStatus({ ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: unready.includes(name) ? 'False' : 'True' }] } });
    }
    return pods;
  }

  const replicaSet = (ns: string, name: string, replicas: number, owner?: KubeObject) =>
    client.resource('replicasets.apps', ns).create({
      metadata: { name, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true }] } : {}) },
      spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });

  const settled = (pdbs: ResourceClient<PodDisruptionBudget>, name: string, want: Partial<NonNullable<PodDisruptionBudget['status']>>) =>
    eventually(async () => {
      const p = await pdbs.get(name);
      const st = p.status ?? {};
      if (st.observedGeneration !== p.metadata.generation) return undefined;
      for (const [k, v] of Object.entries(want)) if (JSON.stringify((st as Record<string, unknown>)[k]) !== JSON.stringify(v)) return undefined;
      return p;
    }, `PDB ${name} status ${JSON.stringify(want)}`);

  const evict = (pods: ResourceClient, name: string) => pods.createSubresource(name, 'eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } });

  it('computes a percentage budget from the ReplicaSet scale and lets evictions spend it', async () => {
    const ns = await namespace();
    const rs = await replicaSet(ns, 'web', 4);
    const pods = await podsOf(ns, rs, 'ReplicaSet', ['a', 'b', 'c', 'd'], ['d']);
    const pdbs = client.resource<PodDisruptionBudget>(PDB, ns);
    await pdbs.create({ metadata: { name: 'web' }, spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } } });
    const pdb = await settled(pdbs, 'web', { expectedPods: 4, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    const cond = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    assert.equal(cond?.status, 'True');
    assert.equal(cond?.reason, 'SufficientPods');
    assert.equal(cond?.observedGeneration, pdb.metadata.generation);

    await evict(pods, 'a');
    // The pod is terminating now: no longer healthy, and no longer an approval to remember.
    const after = await settled(pdbs, 'web', { currentHealthy: 2, disruptionsAllowed: 0 });
    assert.equal(after.status?.disruptedPods, undefined);
    assert.equal(after.status?.conditions?.find((c) => c.type === 'DisruptionAllowed')?.reason, 'InsufficientPods');
    const err = await evict(pods, 'b').then(
      () => assert.fail('evicted past the budget'),
      (e: StatusError) => e,
    );
    assert.equal(err.code, 429);
    assert.equal(err.status.details?.causes?.[0]?.message, 'The disruption budget web needs 2 healthy pods and has 2 currently');

    // The unready pod becomes ready: one disruption is allowed again.
    const d = await pods.get('d');
    await pods.updateStatus({ ...d, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
    await settled(pdbs, 'web', { currentHealthy: 3, disruptionsAllowed: 1 });
  });

  it('counts a Deployment\'s replicas for maxUnavailable and follows spec changes', async () => {
    const ns = await namespace();
    const dep = await client.resource('deployments.apps', ns).create({
      metadata: { name: 'web' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    // The ReplicaSet wants 2 (mid-rollout); the Deployment's 3 is what counts.
    const rs = await replicaSet(ns, 'web-1', 2, dep);
    await podsOf(ns, rs, 'ReplicaSet', ['a', 'b', 'c']);
    const pdbs = client.resource<PodDisruptionBudget>(PDB, ns);
    const created = await pdbs.create({ metadata: { name: 'web' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } });
    await settled(pdbs, 'web', { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    const cur = await pdbs.get('web');
    await pdbs.update({ ...cur, spec: { ...cur.spec, maxUnavailable: 0 } });
    const next = await settled(pdbs, 'web', { desiredHealthy: 3, disruptionsAllowed: 0 });
    assert.equal(next.metadata.generation, created.metadata.generation! + 1);
  });

  it('forgets an approved eviction whose pod was not deleted in time', async () => {
    const ns = await namespace();
    const rs = await replicaSet(ns, 'web', 2);
    await podsOf(ns, rs, 'ReplicaSet', ['a', 'b']);
    const pdbs = client.resource<PodDisruptionBudget>(PDB, ns);
    await pdbs.create({ metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
    const pdb = await settled(pdbs, 'web', { currentHealthy: 2, disruptionsAllowed: 1 });
    // As if an eviction of "a" had been approved, but the pod never went.
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await pdbs.updateStatus({ ...pdb, status: { ...pdb.status, disruptionsAllowed: 0, disruptedPods: { a: at } } });
    await settled(pdbs, 'web', { currentHealthy: 1, disruptionsAllowed: 0, disruptedPods: { a: at } });
    // The test controller waits 1.5 s for the deletion.
    await settled(pdbs, 'web', { currentHealthy: 2, disruptionsAllowed: 1, disruptedPods: undefined });
  });

  it('resets a DisruptionTarget condition left on a pod that was not deleted', async () => {
    const ns = await namespace();
    const pods = client.resource('pods', ns);
    const p = await pods.create({ metadata: { name: 'spared' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } });
    const since = new Date(Date.now() - 100).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await pods.updateStatus({ ...p, status: { phase: 'Running', conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'x', lastTransitionTime: since }] } });
    const cond = await eventually(async () => {
      const cur = await pods.get('spared');
      const c = (cur.status as { conditions?: Array<{ type: string; status: string; reason?: string }> }).conditions?.find((x) => x.type === 'DisruptionTarget');
      return c?.status === 'False' ? c : undefined;
    }, 'DisruptionTarget=False');
    assert.equal(cond.reason, undefined);
  });

  it('reports SyncFailed and allows nothing when a pod\'s controller cannot be found', async () => {
    const ns = await namespace();
    const ghost = { metadata: { name: 'ghost', uid: 'no-such-uid' } };
    await podsOf(ns, ghost, 'ReplicaSet', ['a', 'b']);
    const pdbs = client.resource<PodDisruptionBudget>(PDB, ns);
    await pdbs.create({ metadata: { name: 'web' }, spec: { maxUnavailable: '50%', selector: { matchLabels: { app: 'web' } } } });
    const pdb = await eventually(async () => {
      const p = await pdbs.get('web');
      return p.status?.conditions?.some((c) => c.reason === 'SyncFailed') ? p : undefined;
    }, 'SyncFailed');
    const cond = pdb.status!.conditions!.find((c) => c.type === 'DisruptionAllowed')!;
    assert.equal(cond.status, 'False');
    assert.equal(cond.message, 'found no controllers for pod "a"');
    assert.equal(pdb.status?.disruptionsAllowed, 0);
  });
});
