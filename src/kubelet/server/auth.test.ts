import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { requestAttributes, subjectAccessReviewAuthorizer } from './auth.js';

let server: InProcessServer;

before(async () => {
  server = await startInProcessServer();
});

after(async () => {
  await server?.stop();
});

test('kubelet paths map to node subresources and verbs as upstream', () => {
  assert.deepEqual(requestAttributes('GET', '/stats/summary', 'n1'), { verb: 'get', resource: 'nodes', subresource: 'stats', name: 'n1' });
  assert.deepEqual(requestAttributes('GET', '/containerLogs/default/p/c', 'n1'), { verb: 'get', resource: 'nodes', subresource: 'proxy', name: 'n1' });
  assert.deepEqual(requestAttributes('POST', '/exec/default/p/c', 'n1'), { verb: 'create', resource: 'nodes', subresource: 'proxy', name: 'n1' });
  assert.equal(requestAttributes('GET', '/metrics', 'n1').subresource, 'metrics');
  assert.equal(requestAttributes('GET', '/logs/syslog', 'n1').subresource, 'log');
  assert.equal(requestAttributes('GET', '/spec/', 'n1').subresource, 'spec');
});

test('the apiserver decides through a SubjectAccessReview, and decisions are cached', async () => {
  const client = server.client('kubelet');
  let clock = 0;
  const authorize = subjectAccessReviewAuthorizer({ client, now: () => clock, denyTtlMs: 30_000 });
  const attrs = requestAttributes('POST', '/exec/default/p/c', 'n1');
  // system:masters may do everything; an ordinary user may not, until RBAC says so.
  assert.equal((await authorize({ username: 'kube-apiserver-kubelet-client', groups: ['system:masters', 'system:authenticated'] }, attrs)).allowed, true);
  const alice = { username: 'alice', groups: ['system:authenticated'] };
  assert.equal((await authorize(alice, attrs)).allowed, false);
  await client.resource('clusterroles.rbac.authorization.k8s.io').create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'node-proxy' }, rules: [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['create', 'get'] }] });
  await client.resource('clusterrolebindings.rbac.authorization.k8s.io').create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'alice-node-proxy' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-proxy' }, subjects: [{ kind: 'User', name: 'alice' }] });
  assert.equal((await authorize(alice, attrs)).allowed, false, 'the denial is cached for 30 s');
  clock += 30_001;
  assert.equal((await authorize(alice, attrs)).allowed, true, 'asked again after the cache entry expired');
  assert.equal((await authorize(alice, requestAttributes('GET', '/stats/summary', 'n1'))).allowed, false, 'nodes/stats is not nodes/proxy');
  await client.close();
});
