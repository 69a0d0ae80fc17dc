// NodeRestriction admission, plugin by itself: each kind of object a kubelet writes, what it may and
// may not do to it, and upstream's messages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES, type ResourceDef } from '../../../../api/resources.js';
import type { KubeObject } from '../../../../api/types.js';
import { StatusError } from '../../../../machinery/errors/status.js';
import type { UserInfo } from '../../../registry/strategy.js';
import type { AdmissionAttributes, Operation } from '../../interface.js';
import { nodeRestriction } from './index.js';
import { forbiddenLabels, isKubeletLabel } from './labels.js';

const N1: UserInfo = { username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };
const NODE_UID = 'node-uid-1';

const def = (group: string, plural: string): ResourceDef => RESOURCES.find((d) => d.group === group && d.plural === plural)!;

const pods: Record<string, KubeObject> = {
  mine: { metadata: { name: 'mine', namespace: 'default', uid: 'u-mine' }, spec: { nodeName: 'n1' } },
  theirs: { metadata: { name: 'theirs', namespace: 'default', uid: 'u-theirs' }, spec: { nodeName: 'n2' } },
};
const plugin = nodeRestriction({
  pod: (_ns, name) => pods[name],
  node: (name) => (name === 'n1' ? { metadata: { name: 'n1', uid: NODE_UID } } : undefined),
});

/** Runs the plugin as the store does: admit for writes, validate for deletes. */
async function run(o: { op: Operation; group?: string; plural: string; sub?: string; ns?: string; name?: string; obj?: KubeObject; old?: KubeObject; user?: UserInfo }): Promise<void> {
  const a: AdmissionAttributes = {
    operation: o.op,
    def: def(o.group ?? '', o.plural),
    subresource: o.sub ?? '',
    namespace: o.ns ?? '',
    name: o.name ?? o.obj?.metadata.name ?? '',
    user: o.user ?? N1,
    dryRun: false,
    ...(o.obj ? { object: o.obj } : {}),
    ...(o.old ? { oldObject: o.old } : {}),
  };
  await plugin.admit?.(a);
  await plugin.validate?.(a);
}

async function refused(p: Promise<void>, message: string, code = 403): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof StatusError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    return true;
  });
}

function mirror(o: { node?: string; owners?: unknown[]; spec?: Record<string, unknown> } = {}): KubeObject {
  return {
    metadata: {
      name: 'static-n1',
      namespace: 'default',
      annotations: { 'kubernetes.io/config.mirror': 'hash' },
      ownerReferences: (o.owners ?? [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: NODE_UID, controller: true }]) as never,
    },
    spec: { nodeName: o.node ?? 'n1', serviceAccountName: 'default', containers: [{ name: 'c', image: 'x' }], ...o.spec },
  };
}

describe('NodeRestriction: pods', () => {
  const create = (obj: KubeObject) => run({ op: 'CREATE', plural: 'pods', ns: 'default', obj });

  it('lets a node create a mirror pod bound to itself', async () => {
    await create(mirror());
  });

  it('refuses other pods and mirror pods for other nodes or with other owners', async () => {
    const plain = mirror();
    delete plain.metadata.annotations;
    await refused(create(plain), 'pods "static-n1" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods');
    await refused(create(mirror({ node: 'n2' })), 'pods "static-n1" is forbidden: node "n1" can only create pods with spec.nodeName set to itself');
    await refused(create(mirror({ owners: [] })), 'pods "static-n1" is forbidden: node "n1" can only create pods with an owner reference set to itself');
    await refused(create(mirror({ owners: [{ apiVersion: 'v1', kind: 'Node', name: 'n2', uid: 'x', controller: true }] })), 'pods "static-n1" is forbidden: node "n1" can only create pods with an owner reference set to itself');
    await refused(create(mirror({ owners: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: NODE_UID }] })), 'pods "static-n1" is forbidden: node "n1" can only create pods with a controller owner reference set to itself');
    await refused(
      create(mirror({ owners: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: NODE_UID, controller: true, blockOwnerDeletion: true }] })),
      'pods "static-n1" is forbidden: node "n1" must not set blockOwnerDeletion on an owner reference',
    );
    await refused(create(mirror({ owners: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'stale', controller: true }] })), `pods "static-n1" is forbidden: node n1 UID mismatch: expected ${NODE_UID} got stale`);
  });

  it('refuses mirror pods that reference other API objects', async () => {
    await refused(create(mirror({ spec: { serviceAccountName: 'builder' } })), 'pods "static-n1" is forbidden: node "n1" can not create pods that reference a service account');
    await refused(create(mirror({ spec: { volumes: [{ name: 's', secret: { secretName: 'x' } }] } })), 'pods "static-n1" is forbidden: node "n1" can not create pods that reference secrets');
    await refused(
      create(mirror({ spec: { containers: [{ name: 'c', image: 'x', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }] }] } })),
      'pods "static-n1" is forbidden: node "n1" can not create pods that reference configmaps',
    );
    await refused(create(mirror({ spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'c' } }] } })), 'pods "static-n1" is forbidden: node "n1" can not create pods that reference persistentvolumeclaims');
    await refused(
      create(mirror({ spec: { volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }] } })),
      'pods "static-n1" is forbidden: node "n1" can not create pods that reference a service account',
    );
  });

  it('lets a node delete only pods bound to itself', async () => {
    await run({ op: 'DELETE', plural: 'pods', ns: 'default', name: 'mine', old: pods.mine! });
    await refused(run({ op: 'DELETE', plural: 'pods', ns: 'default', name: 'theirs', old: pods.theirs! }), 'pods "theirs" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself');
    await refused(run({ op: 'UPDATE', plural: 'pods', ns: 'default', name: 'mine', obj: pods.mine!, old: pods.mine! }), 'pods "mine" is forbidden: unexpected operation "UPDATE", node "n1" can only create and delete mirror pods');
  });

  it('lets a node write status only of its own pods, and not their labels', async () => {
    const status = (old: KubeObject, obj: KubeObject = old) => run({ op: 'UPDATE', plural: 'pods', sub: 'status', ns: 'default', name: old.metadata.name!, old, obj });
    await status(pods.mine!, { ...pods.mine!, status: { phase: 'Running' } });
    await refused(status(pods.theirs!), 'pods "theirs" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself');
    await refused(status(pods.mine!, { ...pods.mine!, metadata: { ...pods.mine!.metadata, labels: { a: 'b' } } }), 'pods "mine" is forbidden: node "n1" cannot update labels through pod status');
  });

  it('lets a node evict only its own pods', async () => {
    const evict = (name: string) => run({ op: 'CREATE', plural: 'pods', sub: 'eviction', ns: 'default', name, obj: { metadata: { name } } });
    await evict('mine');
    await refused(evict('theirs'), 'pods "theirs" is forbidden: node n1 can only evict pods with spec.nodeName set to itself');
    await refused(evict('gone'), 'pods "gone" not found', 404);
  });

  it('leaves everyone else alone, superusers included', async () => {
    await run({ op: 'CREATE', plural: 'pods', ns: 'default', obj: pods.theirs!, user: { username: 'alice', groups: [] } });
    await run({ op: 'UPDATE', plural: 'nodes', name: 'sim-7', obj: { metadata: { name: 'sim-7' } }, old: { metadata: { name: 'sim-7' } }, user: { username: 'system:node:sim', groups: ['system:nodes', 'system:masters'] } });
  });
});

describe('NodeRestriction: nodes', () => {
  const node = (name: string, labels: Record<string, string> = {}, spec: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, labels }, spec });

  it('lets a node modify only its own Node object', async () => {
    await run({ op: 'CREATE', plural: 'nodes', obj: node('n1', { 'kubernetes.io/hostname': 'n1', 'node.kubernetes.io/exclude-from-external-load-balancers': '' }) });
    await run({ op: 'UPDATE', plural: 'nodes', sub: 'status', name: 'n1', obj: node('n1'), old: node('n1') });
    await refused(run({ op: 'UPDATE', plural: 'nodes', name: 'n2', obj: node('n2'), old: node('n2') }), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
    await refused(run({ op: 'UPDATE', plural: 'nodes', sub: 'status', name: 'n2', obj: node('n2'), old: node('n2') }), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
    await refused(run({ op: 'CREATE', plural: 'nodes', obj: node('n2') }), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
    await refused(run({ op: 'DELETE', plural: 'nodes', name: 'n2', old: node('n2') }), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
  });

  it('refuses restricted labels on create and on update', async () => {
    await refused(
      run({ op: 'CREATE', plural: 'nodes', obj: node('n1', { 'node-restriction.kubernetes.io/pool': 'a', 'node-role.kubernetes.io/control-plane': '' }) }),
      'nodes "n1" is forbidden: node "n1" is not allowed to set the following labels: node-restriction.kubernetes.io/pool, node-role.kubernetes.io/control-plane',
    );
    await run({ op: 'UPDATE', plural: 'nodes', name: 'n1', obj: node('n1', { team: 'a', 'kubernetes.io/os': 'linux' }), old: node('n1', { 'node-role.kubernetes.io/worker': '' }) }).then(
      () => assert.fail('removing a restricted label is modifying it'),
      (err: StatusError) => assert.equal(err.message, 'nodes "n1" is forbidden: is not allowed to modify labels: node-role.kubernetes.io/worker'),
    );
    // Unchanged restricted labels (set by an administrator) are fine.
    await run({ op: 'UPDATE', plural: 'nodes', name: 'n1', obj: node('n1', { 'node-role.kubernetes.io/worker': '', a: 'b' }), old: node('n1', { 'node-role.kubernetes.io/worker': '' }) });
  });

  it('lets a node register with taints but not change them afterwards', async () => {
    const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    await run({ op: 'CREATE', plural: 'nodes', obj: node('n1', {}, { taints: [taint] }) });
    await run({ op: 'UPDATE', plural: 'nodes', name: 'n1', obj: node('n1', {}, { taints: [{ effect: 'NoSchedule', key: 'dedicated', value: 'gpu' }] }), old: node('n1', {}, { taints: [taint] }) });
    await run({ op: 'UPDATE', plural: 'nodes', name: 'n1', obj: node('n1', {}, { taints: [] }), old: node('n1') });
    await refused(run({ op: 'UPDATE', plural: 'nodes', name: 'n1', obj: node('n1'), old: node('n1', {}, { taints: [taint] }) }), 'nodes "n1" is forbidden: node "n1" is not allowed to modify taints');
    await refused(run({ op: 'CREATE', plural: 'nodes', obj: node('n1', {}, { configSource: { configMap: {} } }) }), 'nodes "n1" is forbidden: node "n1" is not allowed to create pods with a non-nil configSource');
  });

  it('knows which labels are the kubelet’s', () => {
    for (const k of ['kubernetes.io/hostname', 'kubernetes.io/arch', 'beta.kubernetes.io/os', 'topology.kubernetes.io/zone', 'node.kubernetes.io/instance-type', 'foo.node.kubernetes.io/x', 'kubelet.kubernetes.io/y'])
      assert.ok(isKubeletLabel(k), k);
    assert.deepEqual(forbiddenLabels(['example.com/x', 'plain', 'kubernetes.io/hostname', 'x.k8s.io/y', 'a.node-restriction.kubernetes.io/z']), ['a.node-restriction.kubernetes.io/z', 'x.k8s.io/y']);
  });
});

describe('NodeRestriction: leases, claims, tokens', () => {
  const lease = (name: string): KubeObject => ({ metadata: { name, namespace: 'kube-node-lease' } });

  it('lets a node touch only its own Lease in kube-node-lease', async () => {
    await run({ op: 'CREATE', group: 'coordination.k8s.io', plural: 'leases', ns: 'kube-node-lease', obj: lease('n1') });
    await run({ op: 'UPDATE', group: 'coordination.k8s.io', plural: 'leases', ns: 'kube-node-lease', name: 'n1', obj: lease('n1'), old: lease('n1') });
    await refused(
      run({ op: 'CREATE', group: 'coordination.k8s.io', plural: 'leases', ns: 'kube-node-lease', obj: lease('n2') }),
      'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node',
    );
    await refused(
      run({ op: 'UPDATE', group: 'coordination.k8s.io', plural: 'leases', ns: 'kube-node-lease', name: 'n2', obj: lease('n2'), old: lease('n2') }),
      'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node',
    );
    await refused(
      run({ op: 'CREATE', group: 'coordination.k8s.io', plural: 'leases', ns: 'default', obj: { metadata: { name: 'n1', namespace: 'default' } } }),
      'leases.coordination.k8s.io "n1" is forbidden: can only access leases in the "kube-node-lease" system namespace',
    );
  });

  it('lets a node change only capacity and conditions in a claim’s status', async () => {
    const claim = (status: Record<string, unknown>, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name: 'c', namespace: 'default', labels, resourceVersion: '1' }, spec: {}, status });
    const old = claim({ phase: 'Bound', capacity: { storage: '1Gi' } });
    await run({ op: 'UPDATE', plural: 'persistentvolumeclaims', sub: 'status', ns: 'default', name: 'c', old, obj: claim({ phase: 'Bound', capacity: { storage: '2Gi' }, conditions: [{ type: 'Resizing' }] }) });
    await refused(
      run({ op: 'UPDATE', plural: 'persistentvolumeclaims', sub: 'status', ns: 'default', name: 'c', old, obj: claim({ phase: 'Lost', capacity: { storage: '1Gi' } }) }),
      'persistentvolumeclaims "c" is forbidden: node "n1" is not allowed to update fields other than status.capacity and status.conditions',
    );
    await refused(run({ op: 'UPDATE', plural: 'persistentvolumeclaims', ns: 'default', name: 'c', old, obj: old }), 'persistentvolumeclaims "c" is forbidden: may only update PVC status');
  });

  it('lets a node request tokens bound to its own pods only', async () => {
    const token = (ref: Record<string, unknown> | undefined) =>
      run({ op: 'CREATE', plural: 'serviceaccounts', sub: 'token', ns: 'default', name: 'sa', obj: { metadata: { name: 'sa' }, spec: { ...(ref ? { boundObjectRef: ref } : {}) } } });
    await token({ apiVersion: 'v1', kind: 'Pod', name: 'mine', uid: 'u-mine' });
    await refused(token(undefined), 'serviceaccounts "sa" is forbidden: node requested token not bound to a pod');
    await refused(token({ apiVersion: 'v1', kind: 'Pod', name: 'mine' }), 'serviceaccounts "sa" is forbidden: node requested token with a pod binding without a uid');
    await refused(
      token({ apiVersion: 'v1', kind: 'Pod', name: 'mine', uid: 'old' }),
      'serviceaccounts "sa" is forbidden: the UID in the bound object reference (old) does not match the UID in record. The object might have been deleted and then recreated',
    );
    await refused(token({ apiVersion: 'v1', kind: 'Pod', name: 'theirs', uid: 'u-theirs' }), 'serviceaccounts "sa" is forbidden: node requested token bound to a pod scheduled on a different node');
  });
});
