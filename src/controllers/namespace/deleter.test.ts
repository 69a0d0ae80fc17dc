import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { FakeClock } from '../../machinery/clock/clock.js';
import { NamespacedResourcesDeleter, ResourcesRemainingError, namespacedDeletableResources, type Namespace } from './deleter.js';

function setup() {
  const clock = new FakeClock();
  const fake = new FakeTransport({ clock });
  const client = new Client({ transport: fake, retry: false });
  const deleter = new NamespacedResourcesDeleter({ client, clock });
  // The fake has no namespaces/finalize: behave as the API server does (no finalizers left: gone).
  fake.prependReactor((a) => {
    if (a.resource !== 'namespaces' || a.subresource !== 'finalize') return undefined;
    const cur = fake.tracker.get('/namespaces', '', a.name)!;
    const body = a.body as Namespace;
    const next = { ...cur, spec: { finalizers: body.spec?.finalizers ?? [] } };
    if (!next.spec.finalizers.length) return { status: 200, body: fake.tracker.remove('/namespaces', next) };
    return { status: 200, body: fake.tracker.put('/namespaces', next) };
  });
  return { clock, fake, client, deleter };
}

function terminating(fake: FakeTransport, name: string, deletedAt: string): void {
  // The fake knows nothing of spec.finalizers: a metadata finalizer keeps the namespace while it terminates.
  const [ns] = fake.seed('namespaces', { metadata: { name, finalizers: ['test/fake'] }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  fake.tracker.put('/namespaces', { ...ns!, metadata: { ...ns!.metadata, deletionTimestamp: deletedAt } });
}

describe('namespace deleter', () => {
  it('lists every namespaced deletable resource once', () => {
    const rs = namespacedDeletableResources().map((r) => `${r.resource}.${r.group}`);
    for (const r of ['pods.', 'configmaps.', 'secrets.', 'deployments.apps', 'endpointslices.discovery.k8s.io', 'events.', 'events.events.k8s.io', 'horizontalpodautoscalers.autoscaling', 'leases.coordination.k8s.io'])
      assert.ok(rs.includes(r), r);
    for (const r of ['bindings.', 'nodes.', 'namespaces.', 'localsubjectaccessreviews.authorization.k8s.io']) assert.ok(!rs.includes(r), r);
    assert.equal(new Set(rs).size, rs.length);
  });

  it('empties the namespace, reports what finalizers hold back, then finalizes it', async () => {
    const { fake, client, deleter, clock } = setup();
    terminating(fake, 'doomed', new Date(clock.now()).toISOString());
    fake.seed('configmaps', { metadata: { name: 'a', namespace: 'doomed' } }, { metadata: { name: 'b', namespace: 'doomed' } });
    fake.seed('deployments.apps', { metadata: { name: 'd', namespace: 'doomed' } });
    fake.seed('secrets', { metadata: { name: 's', namespace: 'doomed', finalizers: ['example.com/hold'] } });
    fake.seed('configmaps', { metadata: { name: 'keep', namespace: 'other' } });

    await assert.rejects(deleter.delete('doomed'), (err: unknown) => err instanceof ResourcesRemainingError && err.estimate === 15);
    assert.equal(fake.tracker.list('/configmaps', 'doomed').length, 0);
    assert.equal(fake.tracker.list('apps/deployments', 'doomed').length, 0);
    assert.equal(fake.tracker.list('/configmaps', 'other').length, 1);
    const ns = fake.tracker.get('/namespaces', '', 'doomed') as Namespace;
    assert.equal(ns.status?.phase, 'Terminating');
    const conds = Object.fromEntries((ns.status?.conditions ?? []).map((c) => [c.type, c]));
    assert.deepEqual(Object.keys(conds), ['NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceDeletionContentFailure', 'NamespaceContentRemaining', 'NamespaceFinalizersRemaining']);
    assert.deepEqual([conds.NamespaceDeletionDiscoveryFailure!.status, conds.NamespaceDeletionDiscoveryFailure!.reason], ['False', 'ResourcesDiscovered']);
    assert.deepEqual([conds.NamespaceContentRemaining!.status, conds.NamespaceContentRemaining!.reason, conds.NamespaceContentRemaining!.message], ['True', 'SomeResourcesRemain', 'Some resources are remaining: secrets. has 1 resource instances']);
    assert.deepEqual([conds.NamespaceFinalizersRemaining!.status, conds.NamespaceFinalizersRemaining!.reason, conds.NamespaceFinalizersRemaining!.message], ['True', 'SomeFinalizerRemain', 'Some finalizers are remaining: example.com/hold in 1 resource instances']);

    // The finalizer's owner lets go; the next pass finalizes and the namespace goes.
    const secrets = client.resource('secrets', 'doomed');
    const s = await secrets.get('s');
    await secrets.update({ ...s, metadata: { ...s.metadata, finalizers: [] } });
    await deleter.delete('doomed');
    assert.equal(fake.tracker.get('/namespaces', '', 'doomed'), undefined);
    const fin = fake.actions.find((a) => a.subresource === 'finalize');
    assert.deepEqual((fin?.body as Namespace).spec?.finalizers, []);
  });

  it('waits for running pods about their grace period, and leaves alone namespaces not being deleted', async () => {
    const { fake, deleter, clock } = setup();
    terminating(fake, 'pods', new Date(clock.now()).toISOString());
    fake.seed('namespaces', { metadata: { name: 'alive' }, spec: { finalizers: ['kubernetes'] } });
    fake.seed('configmaps', { metadata: { name: 'c', namespace: 'alive' } });
    // A pod on a node: the fake keeps it around (a kubelet would stop it and delete it).
    fake.seed('pods', { metadata: { name: 'p', namespace: 'pods', finalizers: ['test/kubelet'] }, spec: { nodeName: 'n', terminationGracePeriodSeconds: 30 }, status: { phase: 'Running' } } as KubeObject);
    await assert.rejects(deleter.delete('pods'), (err: unknown) => err instanceof ResourcesRemainingError && err.estimate === 30);
    await clock.advance(31_000);
    // Past the grace period the estimate falls back to the finalizer estimate.
    await assert.rejects(deleter.delete('pods'), (err: unknown) => err instanceof ResourcesRemainingError && err.estimate === 15);
    await deleter.delete('alive');
    assert.equal(fake.tracker.list('/configmaps', 'alive').length, 1);
    assert.ok(!fake.actions.some((a) => a.namespace === 'alive' && a.verb === 'deletecollection'));
  });
});
