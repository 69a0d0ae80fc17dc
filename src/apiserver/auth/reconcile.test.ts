// Reconciling the bootstrap RBAC policy: missing permissions and subjects come back, extras stay,
// autoupdate=false protects an object, a changed roleRef means delete and create; and at start-up,
// through bootstrapCluster, against a real in-process apiserver.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { startInProcessServer } from '../../machinery/client/testenv.js';
import { bootstrapCluster } from '../bootstrap.js';
import { defaultClusterRoles } from './bootstrap-policy.js';
import { AUTOUPDATE_ANNOTATION, breakdownRule, reconcileBinding, reconcileRole, uncoveredRules } from './reconcile.js';

const role = (rules: unknown[], annotations: Record<string, string> = {}): KubeObject => ({ metadata: { name: 'r', annotations }, rules });

describe('uncoveredRules', () => {
  it('breaks a rule down into single permissions', () => {
    assert.equal(breakdownRule({ apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['get', 'list'] }).length, 8);
    assert.deepEqual(breakdownRule({ nonResourceURLs: ['/a', '/b'], verbs: ['get'] }), [
      { nonResourceURLs: ['/a'], verbs: ['get'] },
      { nonResourceURLs: ['/b'], verbs: ['get'] },
    ]);
  });

  it('finds what the owned rules do not grant, honouring *, */sub, URL prefixes and resource names', () => {
    const owned = [
      { apiGroups: [''], resources: ['pods', '*/status'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['/api/*'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['a', 'b'] },
    ];
    assert.deepEqual(uncoveredRules(owned, [{ apiGroups: [''], resources: ['pods', 'pods/status'], verbs: ['get'] }]), []);
    assert.deepEqual(uncoveredRules(owned, [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['delete'] }]), []);
    assert.deepEqual(uncoveredRules(owned, [{ nonResourceURLs: ['/api/v1'], verbs: ['get'] }]), []);
    assert.deepEqual(uncoveredRules(owned, [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['a'] }]), []);
    assert.deepEqual(uncoveredRules(owned, [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]), [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    assert.deepEqual(uncoveredRules(owned, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch'] }]), [{ apiGroups: [''], resources: ['pods'], verbs: ['watch'] }]);
    assert.deepEqual(uncoveredRules(owned, [{ nonResourceURLs: ['/apis'], verbs: ['get'] }]), [{ nonResourceURLs: ['/apis'], verbs: ['get'] }]);
  });
});

describe('reconcileRole', () => {
  it('adds missing rules, keeps extra ones and existing labels', () => {
    const existing = role([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] }]);
    existing.metadata.labels = { team: 'x', 'kubernetes.io/bootstrapping': 'custom' };
    const expected = role([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
    expected.metadata.labels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
    const r = reconcileRole(existing, expected);
    assert.equal(r.op, 'update');
    assert.deepEqual(r.obj.rules, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    ]);
    assert.deepEqual(r.obj.metadata.labels, { team: 'x', 'kubernetes.io/bootstrapping': 'custom' });
  });

  it('changes nothing when the role already grants everything, or is protected', () => {
    assert.equal(reconcileRole(role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])).op, 'none');
    const prot = role([], { [AUTOUPDATE_ANNOTATION]: 'false' });
    const r = reconcileRole(prot, role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]));
    assert.equal(r.op, 'none');
    assert.deepEqual(r.obj.rules, []);
  });

  it('adds missing aggregation selectors', () => {
    const sel = { matchLabels: { 'rbac.example.com/aggregate-to-x': 'true' } };
    const r = reconcileRole({ metadata: { name: 'x' } }, { metadata: { name: 'x' }, aggregationRule: { clusterRoleSelectors: [sel] } });
    assert.equal(r.op, 'update');
    assert.deepEqual(r.obj.aggregationRule, { clusterRoleSelectors: [sel] });
    assert.equal(reconcileRole(r.obj, { metadata: { name: 'x' }, aggregationRule: { clusterRoleSelectors: [sel] } }).op, 'none');
  });
});

describe('reconcileBinding', () => {
  const ref = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name });
  const group = (name: string) => ({ kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' });

  it('adds missing subjects and keeps extra ones', () => {
    const r = reconcileBinding({ metadata: { name: 'b' }, roleRef: ref('x'), subjects: [group('extra')] }, { metadata: { name: 'b' }, roleRef: ref('x'), subjects: [group('want')] });
    assert.equal(r.op, 'update');
    assert.deepEqual(r.obj.subjects, [group('extra'), group('want')]);
  });

  it('compares subjects as defaulted: no update when only apiGroup spelling differs', () => {
    const r = reconcileBinding({ metadata: { name: 'b' }, roleRef: ref('x'), subjects: [{ kind: 'Group', name: 'want' }] }, { metadata: { name: 'b' }, roleRef: ref('x'), subjects: [group('want')] });
    assert.equal(r.op, 'none');
  });

  it('recreates a binding whose roleRef changed, keeping its subjects', () => {
    const r = reconcileBinding({ metadata: { name: 'b' }, roleRef: ref('old'), subjects: [group('extra')] }, { metadata: { name: 'b' }, roleRef: ref('new'), subjects: [group('want')] });
    assert.equal(r.op, 'recreate');
    assert.deepEqual(r.obj.roleRef, ref('new'));
    assert.deepEqual(r.obj.subjects, [group('want'), group('extra')]);
  });

  it('leaves a protected binding alone', () => {
    const existing = { metadata: { name: 'b', annotations: { [AUTOUPDATE_ANNOTATION]: 'false' } }, roleRef: ref('old'), subjects: [] };
    assert.equal(reconcileBinding(existing, { metadata: { name: 'b' }, roleRef: ref('new'), subjects: [group('want')] }).op, 'none');
  });
});

describe('bootstrapCluster reconciles the default policy at every start', () => {
  it('restores a removed permission and subject, recreates a re-pointed binding, and spares autoupdate=false', async () => {
    const server = await startInProcessServer();
    const admin = server.client('test', { retry: false });
    const path = (plural: string, name = '') => `/apis/rbac.authorization.k8s.io/v1/${plural}${name ? `/${name}` : ''}`;
    const get = (plural: string, name: string) => admin.json<KubeObject>({ method: 'GET', path: path(plural, name) });
    const put = (plural: string, obj: KubeObject) => admin.json<KubeObject>({ method: 'PUT', path: path(plural, obj.metadata.name), body: obj });
    try {
      // view loses a rule; basic-user's binding loses its subject; discovery's binding points elsewhere.
      const view = await get('clusterroles', 'view');
      const before = (view.rules as unknown[]).length;
      view.rules = (view.rules as unknown[]).slice(1);
      (view.rules as unknown[]).push({ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] });
      await put('clusterroles', view);
      const basic = await get('clusterrolebindings', 'system:basic-user');
      basic.subjects = [];
      await put('clusterrolebindings', basic);
      const disc = await get('clusterrolebindings', 'system:discovery');
      await admin.json({ method: 'DELETE', path: path('clusterrolebindings', 'system:discovery') });
      await admin.json({ method: 'POST', path: path('clusterrolebindings'), body: { metadata: { name: 'system:discovery' }, roleRef: { ...(disc.roleRef as object), name: 'view' }, subjects: disc.subjects } });
      // edit is protected and loses everything.
      const edit = await get('clusterroles', 'edit');
      edit.metadata.annotations = { [AUTOUPDATE_ANNOTATION]: 'false' };
      edit.rules = [];
      await put('clusterroles', edit);

      await bootstrapCluster({ storeFor: (g, p) => server.api().storeFor(g, p), serviceIP: '10.96.0.1', advertiseAddress: '127.0.0.1', port: 6443 });

      const view2 = await get('clusterroles', 'view');
      assert.ok((view2.rules as unknown[]).length >= before, 'the removed rule came back (broken down)');
      assert.ok((view2.rules as Array<{ apiGroups?: string[] }>).some((r) => r.apiGroups?.[0] === 'example.com'), 'the extra rule stayed');
      const want = defaultClusterRoles().find((r) => r.metadata.name === 'view')!;
      assert.deepEqual(uncoveredRules(view2.rules as never, want.rules as never), []);
      assert.deepEqual(((await get('clusterrolebindings', 'system:basic-user')).subjects as Array<{ name: string }>).map((s) => s.name), ['system:authenticated']);
      assert.equal(((await get('clusterrolebindings', 'system:discovery')).roleRef as { name: string }).name, 'system:discovery');
      assert.deepEqual((await get('clusterroles', 'edit')).rules, []);

      // A second start with nothing to change writes nothing.
      const rv = (await get('clusterroles', 'view')).metadata.resourceVersion;
      const logged: string[] = [];
      await bootstrapCluster({ storeFor: (g, p) => server.api().storeFor(g, p), serviceIP: '10.96.0.1', advertiseAddress: '127.0.0.1', port: 6443, log: (m) => logged.push(m) });
      assert.deepEqual(logged.filter((m) => / from the bootstrap policy$/.test(m)), []);
      assert.equal((await get('clusterroles', 'view')).metadata.resourceVersion, rv);
    } finally {
      await admin.close();
      await server.stop();
    }
  });
});
