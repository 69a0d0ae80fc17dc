// The Node authorizer and NodeRestriction admission through a real apiserver chain (in process, over
// MemoryStorage), acting as the kubelet of node n1: it reads what its pods use and nothing else, and
// writes only its own Node, pods, mirror pods and Lease. SubjectAccessReviews answer the same.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../../api/types.js';
import { Client, type ResourceClient } from '../../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../../machinery/client/testenv.js';
import { StatusError } from '../../../machinery/errors/status.js';

const LEASES = 'leases.coordination.k8s.io';

async function refused(p: Promise<unknown>, message: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError, String(err));
    assert.equal(err.code, 403, err.message);
    assert.equal(err.message, message);
    return;
  }
  assert.fail(`not refused (expected: ${message})`);
}

/** Retries `f` while it fails with 403: the authorizer learns of a new pod from the watch cache. */
async function eventually<T>(f: () => Promise<T>, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await f();
    } catch (err) {
      if (!(err instanceof StatusError) || err.code !== 403 || Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('Node authorizer and NodeRestriction through the apiserver', () => {
  let server: InProcessServer;
  let admin: Client;
  let kubelet: Client;
  let n1Uid = '';

  before(async () => {
    // All admission plugins, as kts server runs them: the pods get the default service account.
    server = await startInProcessServer({ disableAdmissionPlugins: [] });
    admin = server.client('test', { retry: false });
    await admin.resource('serviceaccounts', 'default').create({ metadata: { name: 'default' } });
    kubelet = new Client({ transport: server.transport({ username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] }), component: 'kubelet', retry: false });
    const secrets = admin.resource('secrets', 'default');
    for (const name of ['used', 'unused']) await secrets.create({ metadata: { name }, stringData: { k: name } });
    await admin.resource('configmaps', 'default').create({ metadata: { name: 'settings' }, data: { a: 'b' } });
    const pods = admin.resource('pods', 'default');
    await pods.create({
      metadata: { name: 'web' },
      spec: {
        nodeName: 'n1',
        containers: [{ name: 'c', image: 'nginx', envFrom: [{ configMapRef: { name: 'settings' } }] }],
        volumes: [{ name: 's', secret: { secretName: 'used' } }],
      },
    });
    await pods.create({ metadata: { name: 'db' }, spec: { nodeName: 'n2', containers: [{ name: 'c', image: 'postgres' }] } });
    // The kubelet registers its Node; another node exists.
    n1Uid = (await kubelet.resource('nodes').create({ metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } } })).metadata.uid!;
    await admin.resource('nodes').create({ metadata: { name: 'n2' } });
  });
  after(async () => {
    await kubelet.close();
    await server.stop();
  });

  it('lets the kubelet get the secret and configmap its pod uses', async () => {
    const s = await eventually(() => kubelet.resource('secrets', 'default').get('used'));
    assert.equal(s.metadata.name, 'used');
    assert.equal((await kubelet.resource('configmaps', 'default').get('settings')).metadata.name, 'settings');
    const one = await kubelet.resource('secrets', 'default').list({ fieldSelector: 'metadata.name=used' });
    assert.deepEqual(
      one.items.map((i) => i.metadata.name),
      ['used'],
    );
  });

  it('refuses any other secret with the Node authorizer’s reason', async () => {
    await eventually(() => kubelet.resource('secrets', 'default').get('used'));
    await refused(
      kubelet.resource('secrets', 'default').get('unused'),
      'secrets "unused" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node \'n1\' and this object',
    );
    await refused(
      kubelet.resource('secrets', 'default').list(),
      'secrets is forbidden: User "system:node:n1" cannot list resource "secrets" in API group "" in the namespace "default": No Object name found',
    );
    await refused(kubelet.resource('secrets').list(), 'secrets is forbidden: User "system:node:n1" cannot list resource "secrets" in API group "" at the cluster scope: can only read namespaced object of this type');
  });

  it('answers SubjectAccessReviews the same way', async () => {
    const sar = async (resource: string, name: string, verb = 'get', subresource = '') => {
      const r = await admin.resource('subjectaccessreviews.authorization.k8s.io').create({
        metadata: {},
        spec: { user: 'system:node:n1', groups: ['system:nodes'], resourceAttributes: { verb, resource, subresource, namespace: 'default', name } },
      } as KubeObject);
      return (r.status as { allowed: boolean }).allowed;
    };
    await eventually(() => kubelet.resource('secrets', 'default').get('used'));
    assert.equal(await sar('secrets', 'used'), true);
    assert.equal(await sar('secrets', 'unused'), false);
    assert.equal(await sar('serviceaccounts', 'default', 'create', 'token'), true, 'web runs as the default service account');
    assert.equal(await sar('serviceaccounts', 'other', 'create', 'token'), false);
  });

  it('keeps the kubelet to its own Node', async () => {
    const nodes = kubelet.resource('nodes');
    await nodes.patch('n1', { metadata: { labels: { 'node.kubernetes.io/instance-type': 'small' } } });
    await nodes.patch('n1', { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { type: 'strategic', subresource: 'status' });
    await refused(nodes.patch('n2', { metadata: { labels: { a: 'b' } } }), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
    await refused(nodes.patch('n2', { status: { conditions: [{ type: 'Ready', status: 'False' }] } }, { type: 'strategic', subresource: 'status' }), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
    await refused(nodes.get('n2'), 'nodes "n2" is forbidden: User "system:node:n1" cannot get resource "nodes" in API group "" at the cluster scope: node \'n1\' cannot read \'n2\', only its own Node object');
    await refused(nodes.patch('n1', { metadata: { labels: { 'node-restriction.kubernetes.io/trusted': 'yes' } } }), 'nodes "n1" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/trusted');
  });

  it('keeps the kubelet to the status of its own pods', async () => {
    const pods = kubelet.resource('pods', 'default');
    await eventually(() => pods.get('web'));
    await pods.patch('web', { status: { phase: 'Running' } }, { type: 'merge', subresource: 'status' });
    await refused(pods.patch('db', { status: { phase: 'Failed' } }, { type: 'merge', subresource: 'status' }), 'pods "db" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself');
    await refused(pods.delete('db'), 'pods "db" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself');
    const watched = await kubelet.resource('pods').list({ fieldSelector: 'spec.nodeName=n1' });
    assert.deepEqual(
      watched.items.map((p) => p.metadata.name),
      ['web'],
    );
    await refused(kubelet.resource('pods').list(), 'pods is forbidden: User "system:node:n1" cannot list resource "pods" in API group "" at the cluster scope: can only list/watch pods with spec.nodeName field selector');
  });

  it('does not let the kubelet evict another node’s pod, and its budget is left alone', async () => {
    const pdbs = admin.resource({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespaced: true }, 'default');
    const pdb = await pdbs.create({ metadata: { name: 'db' }, spec: { selector: { matchLabels: {} }, minAvailable: 0 } });
    await pdbs.updateStatus({ ...pdb, status: { disruptionsAllowed: 5, currentHealthy: 5, desiredHealthy: 0, expectedPods: 5, observedGeneration: 1 } });
    const pods = kubelet.resource('pods', 'default');
    await refused(
      pods.createSubresource('db', 'eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'db' } }),
      'pods "db" is forbidden: node n1 can only evict pods with spec.nodeName set to itself',
    );
    assert.equal((await admin.resource('pods', 'default').get('db')).metadata.deletionTimestamp, undefined);
    const after = (await pdbs.get('db')) as KubeObject & { status?: { disruptionsAllowed?: number; disruptedPods?: Record<string, string> } };
    assert.equal(after.status?.disruptionsAllowed, 5);
    assert.equal(after.status?.disruptedPods, undefined);
    await pdbs.delete('db');
  });

  it('does not give the kubelet tokens bound to another node’s pod', async () => {
    const db = await admin.resource('pods', 'default').get('db');
    const sas = kubelet.resource('serviceaccounts', 'default');
    const req = (uid: string) => ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['api'], boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'db', uid } } });
    await assert.rejects(sas.createSubresource('default', 'token', req(db.metadata.uid!)), (err: unknown) => err instanceof StatusError && err.code === 403);
  });

  it('lets the kubelet create mirror pods for itself only', async () => {
    const pods = kubelet.resource('pods', 'default');
    const mirror = (name: string, node: string): KubeObject => ({
      metadata: { name, annotations: { 'kubernetes.io/config.mirror': 'h' }, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: n1Uid, controller: true }] },
      spec: { nodeName: node, containers: [{ name: 'c', image: 'etcd' }] },
    });
    const created = await pods.create(mirror('etcd-n1', 'n1'));
    assert.equal(created.metadata.annotations?.['kubernetes.io/config.mirror'], 'h');
    await refused(pods.create(mirror('etcd-n2', 'n2')), 'pods "etcd-n2" is forbidden: node "n1" can only create pods with spec.nodeName set to itself');
    const plain = mirror('plain', 'n1');
    delete plain.metadata.annotations;
    await refused(pods.create(plain), 'pods "plain" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods');
    await eventually(() => pods.get('etcd-n1'));
    await pods.delete('etcd-n1', { gracePeriodSeconds: 0 });
  });

  it('lets the kubelet renew its own Lease only', async () => {
    const leases: ResourceClient = kubelet.resource(LEASES, 'kube-node-lease');
    const mine = await leases.create({ metadata: { name: 'n1' }, spec: { holderIdentity: 'n1', leaseDurationSeconds: 40 } });
    await leases.update({ ...mine, spec: { ...(mine.spec as object), renewTime: '2026-11-22T09:00:00.000000Z' } });
    const theirs = await admin.resource(LEASES, 'kube-node-lease').create({ metadata: { name: 'n2' }, spec: { holderIdentity: 'n2' } });
    await refused(
      leases.update({ ...theirs, spec: { holderIdentity: 'n1' } }),
      'leases.coordination.k8s.io "n2" is forbidden: User "system:node:n1" cannot update resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease": can only access node lease with the same name as the requesting node',
    );
    await refused(leases.create({ metadata: { name: 'n3' }, spec: {} }), 'leases.coordination.k8s.io "n3" is forbidden: can only access node lease with the same name as the requesting node');
  });
});
