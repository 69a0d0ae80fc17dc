// The in-process identities of `kts server`'s components against the apiserver's whole chain: the
// scheduler, kube-controller-manager and a controller's ServiceAccount are no masters; the bootstrap
// roles let each do its work, and refuse the rest with upstream's 403.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../machinery/client/testenv.js';
import { StatusError } from '../machinery/errors/status.js';
import { controllerClient, inProcessClient } from './components.js';

async function whoami(c: Client): Promise<{ username: string; groups: string[] }> {
  const r = await c.resource({ group: 'authentication.k8s.io', version: 'v1', plural: 'selfsubjectreviews' }).create({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} });
  return (r as KubeObject & { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
}

async function forbidden(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError, String(err));
    assert.equal(err.code, 403);
    assert.equal(err.reason, 'Forbidden');
    return err.message;
  }
  assert.fail('the request was allowed');
}

const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });

describe('component identities in kts server', () => {
  let server: InProcessServer;
  let admin: Client;
  const clients: Client[] = [];
  const as = (c: Client) => (clients.push(c), c);

  before(async () => {
    server = await startInProcessServer();
    admin = server.client('test', { retry: false });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await server.stop();
  });

  it('runs a controller as its ServiceAccount, allowed its work and nothing more', async () => {
    const rs = as(controllerClient(server.api(), 'replicaset-controller'));
    assert.deepEqual(await whoami(rs), { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] });
    assert.match(rs.userAgent, /kube-controller-manager\/replicaset-controller/);
    const created = await rs.resource('pods', 'default').create(pod('by-rs'));
    assert.equal(created.metadata.name, 'by-rs');
    const msg = await forbidden(rs.resource('secrets', 'default').get('any'));
    assert.equal(msg, 'secrets "any" is forbidden: User "system:serviceaccount:kube-system:replicaset-controller" cannot get resource "secrets" in API group "" in the namespace "default"');
    await forbidden(rs.resource('deployments.apps', 'default').create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} }));
  });

  it('runs the scheduler as system:kube-scheduler: binds pods, holds its own lease only', async () => {
    const sched = as(inProcessClient(server.api(), 'scheduler', 'kube-scheduler'));
    assert.deepEqual(await whoami(sched), { username: 'system:kube-scheduler', groups: ['system:authenticated'] });
    await admin.resource('pods', 'default').create(pod('to-bind'));
    await sched.resource('pods', 'default').createSubresource('to-bind', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'to-bind' }, target: { kind: 'Node', name: 'n1' } });
    assert.equal((await admin.resource<KubeObject & { spec?: { nodeName?: string } }>('pods', 'default').get('to-bind')).spec?.nodeName, 'n1');
    await forbidden(sched.resource('pods', 'default').create(pod('by-scheduler')));
    const leases = sched.resource({ group: 'coordination.k8s.io', version: 'v1', plural: 'leases' }, 'kube-system');
    const lease = await leases.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kube-scheduler' }, spec: { holderIdentity: 'me' } });
    await leases.update({ ...lease, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } });
    await admin.resource({ group: 'coordination.k8s.io', version: 'v1', plural: 'leases' }, 'kube-system').create({ metadata: { name: 'kube-controller-manager' }, spec: {} });
    await forbidden(leases.get('kube-controller-manager'));
  });

  it('runs kube-controller-manager as itself: it watches everything but changes little', async () => {
    const kcm = as(inProcessClient(server.api(), 'controller-manager', 'kube-controller-manager'));
    assert.deepEqual(await whoami(kcm), { username: 'system:kube-controller-manager', groups: ['system:authenticated'] });
    await kcm.resource('secrets').list();
    await kcm.resource('serviceaccounts', 'kube-system').create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'job-controller' } });
    await forbidden(kcm.resource('pods', 'default').get('to-bind'));
    await forbidden(kcm.resource('pods', 'default').create(pod('by-kcm')));
  });
});
