// pods/eviction against an in-process API server, with PodDisruptionBudget statuses written by hand
// (no disruption controller runs here): pods a budget does not cover, or that are not running, go at
// once; a budget that allows no disruption answers 429 with upstream's cause; one that allows some
// is decremented and records the pod; two budgets are a 500; dryRun changes nothing.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PodDisruptionBudget } from '../../api/poddisruptionbudget.js';
import type { KubeObject } from '../../api/types.js';
import type { Client, ResourceClient } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { StatusError } from '../../machinery/errors/status.js';

const PDB = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespaced: true };

describe('pods/eviction and PodDisruptionBudgets', () => {
  let server: InProcessServer;
  let client: Client;
  let ns = 0;

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test', { retry: false });
  });
  after(async () => {
    await server.stop();
  });

  /** A fresh namespace with pods (Running and Ready unless told otherwise) labelled app=web. */
  async function setup(pods: Array<{ name: string; phase?: string; ready?: boolean; labels?: Record<string, string> }>) {
    const namespace = `ev-${++ns}`;
    await client.resource('namespaces').create({ metadata: { name: namespace } });
    const api = client.resource('pods', namespace);
    for (const p of pods) {
      const created = await api.create({ metadata: { name: p.name, labels: p.labels ?? { app: 'web' } }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } });
      const phase = p.phase ?? 'Running';
      const conditions = phase === 'Running' ? [{ type: 'Ready', status: p.ready === false ? 'False' : 'True' }] : [];
      await api.updateStatus({ ...created, status: { phase, conditions } });
    }
    return { namespace, pods: api, pdbs: client.resource<PodDisruptionBudget>(PDB, namespace) };
  }

  /** A budget whose status says what the test wants (as if the controller had written it). */
  async function budget(pdbs: ResourceClient<PodDisruptionBudget>, name: string, status: PodDisruptionBudget['status'], spec: PodDisruptionBudget['spec'] = {}) {
    const created = await pdbs.create({ metadata: { name }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } }, ...spec } });
    return pdbs.updateStatus({ ...created, status: { observedGeneration: created.metadata.generation!, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0, ...status } });
  }

  const evict = (pods: ResourceClient, name: string, extra: Record<string, unknown> = {}, o: { dryRun?: boolean } = {}) =>
    pods.createSubresource<KubeObject>(name, 'eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name }, ...extra }, o.dryRun ? { dryRun: true } : undefined);

  async function refused(p: Promise<unknown>): Promise<StatusError> {
    try {
      await p;
    } catch (err) {
      assert.ok(err instanceof StatusError, String(err));
      return err;
    }
    assert.fail('the eviction was not refused');
  }

  const gone = async (pods: ResourceClient, name: string) => {
    try {
      const p = await pods.get(name);
      return !!p.metadata.deletionTimestamp;
    } catch (err) {
      return (err as StatusError).code === 404;
    }
  };

  it('evicts a pod no budget covers', async () => {
    const { pods } = await setup([{ name: 'a', labels: { app: 'other' } }]);
    const r = await evict(pods, 'a');
    assert.equal((r as { status?: string }).status, 'Success');
    assert.ok(await gone(pods, 'a'));
  });

  it('refuses with 429 and the budget as the cause when no disruption is allowed', async () => {
    const { pods, pdbs } = await setup([{ name: 'a' }, { name: 'b' }]);
    await budget(pdbs, 'web', { currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0 });
    const err = await refused(evict(pods, 'a'));
    assert.equal(err.code, 429);
    assert.equal(err.reason, 'TooManyRequests');
    assert.equal(err.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.deepEqual(err.status.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }]);
    assert.equal(await gone(pods, 'a'), false);
  });

  it('refuses with 429 while the budget status is older than its generation', async () => {
    const { pods, pdbs } = await setup([{ name: 'a' }]);
    await pdbs.create({ metadata: { name: 'fresh' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } });
    const err = await refused(evict(pods, 'a'));
    assert.equal(err.code, 429);
    assert.deepEqual(err.status.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget fresh is still being processed by the server.' }]);
    assert.equal(err.status.details?.retryAfterSeconds, 10);
  });

  it('takes one disruption from the budget, records the pod, and deletes it', async () => {
    const { pods, pdbs } = await setup([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    await budget(pdbs, 'web', { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', lastTransitionTime: '2024-01-01T00:00:00Z' }] });
    await evict(pods, 'a');
    assert.ok(await gone(pods, 'a'));
    const pdb = await pdbs.get('web');
    assert.equal(pdb.status?.disruptionsAllowed, 0);
    assert.deepEqual(Object.keys(pdb.status?.disruptedPods ?? {}), ['a']);
    assert.match(pdb.status!.disruptedPods!.a!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const cond = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    assert.equal(cond?.status, 'False');
    assert.equal(cond?.reason, 'InsufficientPods');
    // The budget is spent: the next eviction is refused.
    assert.equal((await refused(evict(pods, 'b'))).code, 429);
  });

  it('evicts pods that are pending or finished without consulting the budget', async () => {
    const { pods, pdbs } = await setup([{ name: 'pending', phase: 'Pending' }, { name: 'done', phase: 'Succeeded' }, { name: 'failed', phase: 'Failed' }]);
    await budget(pdbs, 'web', { disruptionsAllowed: 0 });
    for (const n of ['pending', 'done', 'failed']) {
      await evict(pods, n);
      assert.ok(await gone(pods, n), n);
    }
    assert.equal((await pdbs.get('web')).status?.disruptedPods, undefined);
  });

  it('evicts an unready pod without taking from a healthy budget', async () => {
    const { pods, pdbs } = await setup([{ name: 'sick', ready: false }, { name: 'b' }, { name: 'c' }]);
    await budget(pdbs, 'web', { currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 0 });
    await evict(pods, 'sick');
    assert.ok(await gone(pods, 'sick'));
    assert.equal((await pdbs.get('web')).status?.disruptionsAllowed, 0);
  });

  it('refuses an unready pod when the budget is not healthy, unless the policy is AlwaysAllow', async () => {
    const { pods, pdbs } = await setup([{ name: 'sick', ready: false }, { name: 'b', labels: { app: 'api' } }, { name: 'sick2', ready: false, labels: { app: 'api' } }]);
    await budget(pdbs, 'web', { currentHealthy: 0, desiredHealthy: 1, expectedPods: 1, disruptionsAllowed: 0 });
    assert.equal((await refused(evict(pods, 'sick'))).code, 429);
    await budget(pdbs, 'api', { currentHealthy: 1, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0 }, { selector: { matchLabels: { app: 'api' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    await evict(pods, 'sick2');
    assert.ok(await gone(pods, 'sick2'));
  });

  it('answers 500 for a pod two budgets cover', async () => {
    const { pods, pdbs } = await setup([{ name: 'a' }]);
    await budget(pdbs, 'one', { disruptionsAllowed: 1 });
    await budget(pdbs, 'two', { disruptionsAllowed: 1 });
    const err = await refused(evict(pods, 'a'));
    assert.equal(err.code, 500);
    assert.equal(err.message, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    assert.equal(await gone(pods, 'a'), false);
  });

  it('ignores budgets with an empty selector', async () => {
    const { pods, pdbs } = await setup([{ name: 'a' }]);
    await budget(pdbs, 'all', { disruptionsAllowed: 0 }, { selector: {} });
    await evict(pods, 'a');
    assert.ok(await gone(pods, 'a'));
  });

  it('changes nothing on a dry run (query or deleteOptions)', async () => {
    const { pods, pdbs } = await setup([{ name: 'a' }, { name: 'b' }]);
    await budget(pdbs, 'web', { currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1 });
    await evict(pods, 'a', {}, { dryRun: true });
    await evict(pods, 'a', { deleteOptions: { dryRun: ['All'] } });
    assert.equal(await gone(pods, 'a'), false);
    const pdb = await pdbs.get('web');
    assert.equal(pdb.status?.disruptionsAllowed, 1);
    assert.equal(pdb.status?.disruptedPods, undefined);
  });

  it('passes deleteOptions on to the delete', async () => {
    const { pods } = await setup([{ name: 'a' }]);
    await evict(pods, 'a', { deleteOptions: { gracePeriodSeconds: 0 } });
    await assert.rejects(pods.get('a'), (e: StatusError) => e.code === 404);
    const err = await refused(evict(pods, 'a'));
    assert.equal(err.code, 404);
  });

  it('rejects an eviction naming another pod', async () => {
    const { pods } = await setup([{ name: 'a' }]);
    const err = await refused(pods.createSubresource('a', 'eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'b' } }));
    assert.equal(err.code, 400);
    assert.equal(err.message, 'name in URL does not match name in Eviction object');
  });
});
