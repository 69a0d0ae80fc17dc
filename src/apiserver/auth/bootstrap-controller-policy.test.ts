// The control-plane roles of the bootstrap policy, judged by the RBAC authorizer over the whole
// default policy: what the scheduler, kube-controller-manager and single controllers may and may not
// do, and that every role is bound to the identity upstream binds it to.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { RbacAuthorizer, type AuthzAttributes, type RbacSource } from './authz.js';
import { CONTROLLER_ROLE_PREFIX, controllerClusterRoleBindings, controllerClusterRoles } from './bootstrap-controller-policy.js';
import { defaultClusterRoleBindings, defaultClusterRoles } from './bootstrap-policy.js';
import { bootstrapCluster } from '../bootstrap.js';
import { startInProcessServer } from '../../machinery/client/testenv.js';

function source(roles: KubeObject[], bindings: KubeObject[]): RbacSource {
  const byName = new Map(roles.map((r) => [r.metadata.name!, r]));
  return {
    clusterRoles: () => roles,
    clusterRoleBindings: () => bindings,
    roles: () => [],
    roleBindings: () => [],
    clusterRole: (name) => byName.get(name),
    role: () => undefined,
  };
}

const authz = new RbacAuthorizer(source(defaultClusterRoles(), defaultClusterRoleBindings()));

const sa = (name: string) => ({ username: `system:serviceaccount:kube-system:${name}`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] });
const SCHEDULER = { username: 'system:kube-scheduler', groups: ['system:authenticated'] };
const KCM = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] };

/** "verb group/resource[/sub] [ns] [name]" as the user; group "core" is the legacy group. */
function may(user: AuthzAttributes['user'], what: string): boolean {
  const [verb, gr, namespace = '', name = ''] = what.split(' ');
  const [group, resource, subresource = ''] = gr!.split('/');
  return authz.authorize({ user, verb: verb!, resourceRequest: true, apiGroup: group === 'core' ? '' : group!, resource: resource!, subresource, namespace: namespace === '-' ? '' : namespace, name, path: '' }).allowed;
}

function check(user: AuthzAttributes['user'], allowed: string[], denied: string[]): void {
  for (const w of allowed) assert.ok(may(user, w), `${user.username} may ${w}`);
  for (const w of denied) assert.ok(!may(user, w), `${user.username} may not ${w}`);
}

describe('bootstrap controller policy', () => {
  it('lets the replicaset controller manage pods and ReplicaSets, and nothing else', () => {
    check(
      sa('replicaset-controller'),
      ['create core/pods default', 'delete core/pods default p1', 'patch core/pods default p1', 'list core/pods', 'watch core/pods', 'update apps/replicasets/status default rs', 'update apps/replicasets default rs', 'get apps/replicasets default rs', 'update apps/replicasets/finalizers default rs', 'create core/events default', 'patch events.k8s.io/events default e'],
      ['get core/secrets default s', 'list core/secrets', 'get core/pods default p1', 'update core/pods default p1', 'update apps/deployments default d', 'delete apps/replicasets default rs', 'delete core/nodes - n1', 'create core/pods/binding default p1'],
    );
  });

  it('lets the scheduler bind pods and renew only its own lease', () => {
    check(
      SCHEDULER,
      ['create core/pods/binding default p1', 'create core/bindings default p1', 'patch core/pods/status default p1', 'delete core/pods default p1', 'list core/nodes', 'watch core/pods', 'list policy/poddisruptionbudgets', 'list storage.k8s.io/csinodes', 'list core/namespaces',
        'create coordination.k8s.io/leases kube-system', 'get coordination.k8s.io/leases kube-system kube-scheduler', 'update coordination.k8s.io/leases kube-system kube-scheduler',
        // system:volume-scheduler
        'patch core/persistentvolumes - pv1', 'update core/persistentvolumeclaims default c', 'list storage.k8s.io/storageclasses'],
      ['create core/pods default', 'update core/pods default p1', 'get core/secrets default s', 'update coordination.k8s.io/leases kube-system kube-controller-manager', 'get coordination.k8s.io/leases kube-system kube-controller-manager', 'delete coordination.k8s.io/leases kube-system kube-scheduler', 'update core/nodes - n1'],
    );
  });

  it('lets kube-controller-manager watch everything, hold its lease and mint its controllers\' tokens', () => {
    check(
      KCM,
      ['list core/secrets', 'watch apps/deployments', 'list batch/jobs', 'watch example.com/widgets', 'create coordination.k8s.io/leases kube-system', 'get coordination.k8s.io/leases kube-system kube-controller-manager', 'update coordination.k8s.io/leases kube-system kube-controller-manager',
        'get core/serviceaccounts kube-system replicaset-controller', 'create core/serviceaccounts kube-system', 'create core/serviceaccounts/token kube-system replicaset-controller', 'create authentication.k8s.io/tokenreviews', 'create authorization.k8s.io/subjectaccessreviews', 'create core/events default'],
      ['create core/pods default', 'delete core/pods default p1', 'get core/pods default p1', 'update coordination.k8s.io/leases kube-system kube-scheduler', 'delete core/serviceaccounts kube-system x', 'patch core/nodes - n1'],
    );
  });

  it('gives each controller what its work needs', () => {
    check(sa('generic-garbage-collector'), ['delete apps/replicasets default rs', 'patch core/pods default p', 'get example.com/widgets default w', 'list core/secrets'], ['create core/pods default', 'deletecollection core/pods default']);
    check(sa('namespace-controller'), ['deletecollection core/pods ns', 'delete core/namespaces - ns', 'update core/namespaces/finalize - ns', 'update core/namespaces/status - ns', 'list example.com/widgets ns'], ['create core/pods ns', 'update core/namespaces - ns']);
    check(sa('node-controller'), ['patch core/nodes - n1', 'update core/nodes/status - n1', 'delete core/pods default p', 'get core/pods default p', 'update core/pods/status default p'], ['create core/pods default', 'get core/secrets default s']);
    check(sa('endpointslice-controller'), ['create discovery.k8s.io/endpointslices default', 'update core/services/finalizers default s', 'list core/nodes'], ['create core/endpoints default']);
    check(sa('endpoint-controller'), ['create core/endpoints default', 'update core/endpoints default s', 'create core/endpoints/restricted default'], ['create discovery.k8s.io/endpointslices default']);
    check(sa('statefulset-controller'), ['create core/persistentvolumeclaims default', 'update core/pods default p', 'create apps/controllerrevisions default', 'update apps/statefulsets/status default s'], ['delete apps/statefulsets default s']);
    check(sa('job-controller'), ['create core/pods default', 'update batch/jobs/status default j', 'patch batch/jobs default j'], ['create batch/jobs default']);
    check(sa('cronjob-controller'), ['create batch/jobs default', 'update batch/cronjobs/status default c'], ['create core/pods default']);
    check(sa('daemon-set-controller'), ['create core/pods/binding default p', 'update apps/daemonsets/status default d', 'list core/nodes'], ['update core/nodes - n1']);
    check(sa('disruption-controller'), ['update policy/poddisruptionbudgets/status default b', 'get apps/deployments/scale default d', 'get example.com/widgets/scale default w'], ['update apps/deployments/scale default d']);
    check(sa('resourcequota-controller'), ['list core/pods', 'update core/resourcequotas/status default q'], ['get core/pods default p', 'update core/resourcequotas default q']);
    check(sa('service-account-controller'), ['create core/serviceaccounts default'], ['update core/serviceaccounts default default', 'create core/secrets default']);
    check(sa('root-ca-cert-publisher'), ['create core/configmaps default', 'update core/configmaps default kube-root-ca.crt'], ['delete core/configmaps default kube-root-ca.crt']);
    check(sa('persistent-volume-binder'), ['create core/persistentvolumes -', 'update core/persistentvolumeclaims/status default c', 'list storage.k8s.io/storageclasses'], ['create core/persistentvolumeclaims default']);
    check(sa('pod-garbage-collector'), ['delete core/pods default p', 'patch core/pods/status default p', 'get core/nodes - n1'], ['update core/pods/status default p']);
    check(sa('ttl-after-finished-controller'), ['delete batch/jobs default j'], ['delete core/pods default p']);
    check(sa('deployment-controller'), ['create apps/replicasets default', 'update apps/deployments/status default d', 'update core/pods default p'], ['create core/pods default', 'patch apps/deployments default d']);
  });

  it('binds a ServiceAccount in another namespace, or a user of the same name, to nothing', () => {
    assert.ok(!may({ username: 'system:serviceaccount:default:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] }, 'create core/pods default'));
    assert.ok(!may({ username: 'replicaset-controller', groups: ['system:authenticated'] }, 'create core/pods default'));
  });

  it('labels every role and binding as upstream does, and binds each role to its identity', () => {
    const roles = controllerClusterRoles();
    const bindings = controllerClusterRoleBindings();
    for (const o of [...roles, ...bindings]) {
      assert.equal(o.metadata.labels?.['kubernetes.io/bootstrapping'], 'rbac-defaults', o.metadata.name);
      assert.equal(o.metadata.annotations?.['rbac.authorization.kubernetes.io/autoupdate'], 'true', o.metadata.name);
    }
    const subjects = new Map(bindings.map((b) => [b.metadata.name!, { ref: (b.roleRef as { name: string }).name, subjects: b.subjects as Array<Record<string, string>> }]));
    assert.deepEqual(subjects.get('system:kube-scheduler')!.subjects, [{ kind: 'User', name: 'system:kube-scheduler', apiGroup: 'rbac.authorization.k8s.io' }]);
    assert.deepEqual(subjects.get('system:volume-scheduler')!.subjects, [{ kind: 'User', name: 'system:kube-scheduler', apiGroup: 'rbac.authorization.k8s.io' }]);
    assert.deepEqual(subjects.get('system:kube-controller-manager')!.subjects, [{ kind: 'User', name: 'system:kube-controller-manager', apiGroup: 'rbac.authorization.k8s.io' }]);
    const controllerRoles = roles.map((r) => r.metadata.name!).filter((n) => n.startsWith(CONTROLLER_ROLE_PREFIX));
    assert.ok(controllerRoles.length >= 19, controllerRoles.join(' '));
    for (const name of controllerRoles) {
      const b = subjects.get(name);
      assert.ok(b, `binding ${name}`);
      assert.equal(b.ref, name);
      assert.deepEqual(b.subjects, [{ kind: 'ServiceAccount', name: name.slice(CONTROLLER_ROLE_PREFIX.length), namespace: 'kube-system' }]);
    }
    // The roles and bindings are part of the default policy.
    const all = new Set(defaultClusterRoles().map((r) => r.metadata.name));
    for (const r of roles) assert.ok(all.has(r.metadata.name), r.metadata.name);
    assert.equal(new Set(defaultClusterRoleBindings().map((b) => b.metadata.name)).size, defaultClusterRoleBindings().length, 'no binding name twice');
  });

  it('is created by the bootstrap, and added again to a cluster that lacks it (a data dir of an older kts)', async () => {
    const server = await startInProcessServer();
    const admin = server.client('test', { retry: false });
    // By path, unescaped as kubectl sends them: the names hold colons.
    const path = (plural: string, name = '') => `/apis/rbac.authorization.k8s.io/v1/${plural}${name ? `/${name}` : ''}`;
    const names = async (plural: string) => new Set((await admin.json<{ items: KubeObject[] }>({ method: 'GET', path: path(plural) })).items.map((o) => o.metadata.name));
    try {
      const roles = await names('clusterroles');
      for (const r of controllerClusterRoles()) assert.ok(roles.has(r.metadata.name), r.metadata.name);
      const job = await admin.json<KubeObject>({ method: 'GET', path: path('clusterrolebindings', 'system:controller:job-controller') });
      assert.deepEqual((job.subjects as unknown[])[0], { kind: 'ServiceAccount', apiGroup: '', name: 'job-controller', namespace: 'kube-system' });
      await admin.json({ method: 'DELETE', path: path('clusterroles', 'system:kube-scheduler') });
      await admin.json({ method: 'DELETE', path: path('clusterrolebindings', 'system:controller:job-controller') });
      assert.ok(!(await names('clusterroles')).has('system:kube-scheduler'));
      await bootstrapCluster({ storeFor: (g, p) => server.api().storeFor(g, p), serviceIP: '10.96.0.1', advertiseAddress: '127.0.0.1', port: 6443 });
      assert.ok((await names('clusterroles')).has('system:kube-scheduler'));
      assert.ok((await names('clusterrolebindings')).has('system:controller:job-controller'));
    } finally {
      await admin.close();
      await server.stop();
    }
  });
});
