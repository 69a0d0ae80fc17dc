// Node authorizer decisions (who is a node, graph-checked reads, leases, nodes and pods with
// selectors, the static rules), the Node,RBAC union, and the graph following a pods cache.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/types.js';
import { WatchChannel } from '../../../machinery/storage/channel.js';
import { errors as storageErrors } from '../../../machinery/storage/errors.js';
import type { CacheEvent, CachedObject } from '../../registry/cacher.js';
import type { UserInfo } from '../../registry/strategy.js';
import { RbacAuthorizer } from '../authz.js';
import { NodeAuthorizer, nodeIdentity, type NodeAuthzAttributes } from './authorizer.js';
import { followPods } from './feed.js';
import { NodeGraph } from './graph.js';
import { NodeAndRbacAuthorizer } from './union.js';

const N1: UserInfo = { username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };

function pod(name: string, node: string, spec: Record<string, unknown> = {}, ns = 'default'): KubeObject {
  return { metadata: { name, namespace: ns, uid: `uid-${name}` }, spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }], ...spec } };
}

function attrs(o: Partial<NodeAuthzAttributes>): NodeAuthzAttributes {
  return { user: N1, verb: 'get', resourceRequest: true, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: '', ...o };
}

function setup() {
  const graph = new NodeGraph();
  graph.setPod(
    pod('web', 'n1', {
      serviceAccountName: 'web-sa',
      volumes: [
        { name: 's', secret: { secretName: 'mine' } },
        { name: 'm', configMap: { name: 'my-cm' } },
        { name: 'd', persistentVolumeClaim: { claimName: 'my-claim' } },
      ],
    }),
  );
  graph.setPod(pod('db', 'n2', { serviceAccountName: 'db-sa', volumes: [{ name: 's', secret: { secretName: 'theirs' } }, { name: 'd', persistentVolumeClaim: { claimName: 'their-claim' } }] }));
  const pvs: Record<string, KubeObject> = {
    'pv-mine': { metadata: { name: 'pv-mine' }, spec: { claimRef: { namespace: 'default', name: 'my-claim' } } },
    'pv-theirs': { metadata: { name: 'pv-theirs' }, spec: { claimRef: { namespace: 'default', name: 'their-claim' } } },
    'pv-free': { metadata: { name: 'pv-free' }, spec: {} },
  };
  const vas: Record<string, KubeObject> = { 'va-1': { metadata: { name: 'va-1' }, spec: { nodeName: 'n1' } }, 'va-2': { metadata: { name: 'va-2' }, spec: { nodeName: 'n2' } } };
  const authz = new NodeAuthorizer({ graph, persistentVolume: (n) => pvs[n], volumeAttachment: (n) => vas[n] });
  return { graph, authz };
}

describe('nodeIdentity', () => {
  it('is the name after system:node: for members of system:nodes only', () => {
    assert.equal(nodeIdentity(N1), 'n1');
    assert.equal(nodeIdentity({ username: 'system:node:n1', groups: ['system:authenticated'] }), undefined);
    assert.equal(nodeIdentity({ username: 'alice', groups: ['system:nodes'] }), undefined);
    assert.equal(nodeIdentity({ username: 'system:node:', groups: ['system:nodes'] }), '');
    assert.equal(nodeIdentity({ username: 'system:node:sim', groups: ['system:nodes', 'system:masters'] }), undefined, 'superusers are not restricted');
  });
});

describe('NodeAuthorizer', () => {
  it('has no opinion about anyone who is not a node', () => {
    const { authz } = setup();
    assert.deepEqual(authz.authorize(attrs({ user: { username: 'alice', groups: [] }, resource: 'secrets', namespace: 'default', name: 'mine' })), { allowed: false, reason: '' });
  });

  it('lets a node read the secrets and configmaps of its pods, and no others', () => {
    const { authz } = setup();
    assert.ok(authz.authorize(attrs({ resource: 'secrets', namespace: 'default', name: 'mine' })).allowed);
    assert.ok(authz.authorize(attrs({ resource: 'configmaps', namespace: 'default', name: 'my-cm' })).allowed);
    assert.deepEqual(authz.authorize(attrs({ resource: 'secrets', namespace: 'default', name: 'theirs' })), {
      allowed: false,
      reason: "no relationship found between node 'n1' and this object",
    });
    assert.ok(!authz.authorize(attrs({ resource: 'secrets', namespace: 'other', name: 'mine' })).allowed);
  });

  it('allows list and watch of one secret (named by the field selector) but never of all', () => {
    const { authz } = setup();
    assert.ok(authz.authorize(attrs({ verb: 'watch', resource: 'secrets', namespace: 'default', name: 'mine' })).allowed);
    assert.ok(authz.authorize(attrs({ verb: 'list', resource: 'configmaps', namespace: 'default', name: 'my-cm' })).allowed);
    assert.deepEqual(authz.authorize(attrs({ verb: 'list', resource: 'secrets', namespace: 'default' })), { allowed: false, reason: 'No Object name found' });
    assert.deepEqual(authz.authorize(attrs({ verb: 'list', resource: 'secrets' })), { allowed: false, reason: 'can only read namespaced object of this type' });
    assert.deepEqual(authz.authorize(attrs({ verb: 'update', resource: 'secrets', namespace: 'default', name: 'mine' })), { allowed: false, reason: 'can only read resources of this type' });
  });

  it('lets a node get its claims, their volumes and its volume attachments only', () => {
    const { authz } = setup();
    assert.ok(authz.authorize(attrs({ resource: 'persistentvolumeclaims', namespace: 'default', name: 'my-claim' })).allowed);
    assert.ok(!authz.authorize(attrs({ resource: 'persistentvolumeclaims', namespace: 'default', name: 'their-claim' })).allowed);
    assert.deepEqual(authz.authorize(attrs({ verb: 'list', resource: 'persistentvolumeclaims', namespace: 'default' })), {
      allowed: false,
      reason: 'can only get individual resources of this type',
    });
    assert.ok(authz.authorize(attrs({ verb: 'patch', resource: 'persistentvolumeclaims', subresource: 'status', namespace: 'default', name: 'my-claim' })).allowed);
    assert.ok(!authz.authorize(attrs({ verb: 'patch', resource: 'persistentvolumeclaims', subresource: 'status', namespace: 'default', name: 'their-claim' })).allowed);
    assert.ok(authz.authorize(attrs({ resource: 'persistentvolumes', name: 'pv-mine' })).allowed);
    assert.ok(!authz.authorize(attrs({ resource: 'persistentvolumes', name: 'pv-theirs' })).allowed);
    assert.ok(!authz.authorize(attrs({ resource: 'persistentvolumes', name: 'pv-free' })).allowed);
    assert.ok(!authz.authorize(attrs({ resource: 'persistentvolumes', name: 'pv-unknown' })).allowed);
    assert.ok(authz.authorize(attrs({ apiGroup: 'storage.k8s.io', resource: 'volumeattachments', name: 'va-1' })).allowed);
    assert.ok(!authz.authorize(attrs({ apiGroup: 'storage.k8s.io', resource: 'volumeattachments', name: 'va-2' })).allowed);
  });

  it('lets a node create tokens only for the service accounts of its pods', () => {
    const { authz } = setup();
    assert.ok(authz.authorize(attrs({ verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'default', name: 'web-sa' })).allowed);
    assert.ok(!authz.authorize(attrs({ verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'default', name: 'db-sa' })).allowed);
    assert.deepEqual(authz.authorize(attrs({ verb: 'get', resource: 'serviceaccounts', namespace: 'default', name: 'web-sa' })), {
      allowed: false,
      reason: 'can only create tokens for individual service accounts',
    });
  });

  it('limits leases and CSINodes to the node’s own name', () => {
    const { authz } = setup();
    const lease = (o: Partial<NodeAuthzAttributes>) => authz.authorize(attrs({ apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', ...o }));
    assert.ok(lease({ verb: 'update', name: 'n1' }).allowed);
    assert.ok(lease({ verb: 'create' }).allowed, 'the name of a create is checked by admission');
    assert.deepEqual(lease({ verb: 'update', name: 'n2' }), { allowed: false, reason: 'can only access node lease with the same name as the requesting node' });
    assert.deepEqual(lease({ verb: 'get', name: 'n1', namespace: 'default' }), { allowed: false, reason: 'can only access leases in the "kube-node-lease" system namespace' });
    assert.deepEqual(lease({ verb: 'list' }), { allowed: false, reason: 'can only get, create, update, patch, or delete a node lease' });
    assert.ok(authz.authorize(attrs({ apiGroup: 'storage.k8s.io', resource: 'csinodes', verb: 'patch', name: 'n1' })).allowed);
    assert.ok(!authz.authorize(attrs({ apiGroup: 'storage.k8s.io', resource: 'csinodes', verb: 'patch', name: 'n2' })).allowed);
  });

  it('lets a node read only its own Node, and write Nodes (admission limits which)', () => {
    const { authz } = setup();
    assert.ok(authz.authorize(attrs({ resource: 'nodes', name: 'n1' })).allowed);
    assert.ok(authz.authorize(attrs({ verb: 'watch', resource: 'nodes', name: 'n1' })).allowed);
    assert.deepEqual(authz.authorize(attrs({ resource: 'nodes', name: 'n2' })), { allowed: false, reason: "node 'n1' cannot read 'n2', only its own Node object" });
    assert.deepEqual(authz.authorize(attrs({ verb: 'list', resource: 'nodes' })), { allowed: false, reason: "node 'n1' cannot read all nodes, only its own Node object" });
    assert.ok(authz.authorize(attrs({ verb: 'patch', resource: 'nodes', name: 'n2' })).allowed);
    assert.ok(authz.authorize(attrs({ verb: 'patch', resource: 'nodes', subresource: 'status', name: 'n1' })).allowed);
    assert.ok(!authz.authorize(attrs({ verb: 'delete', resource: 'nodes', name: 'n1' })).allowed);
  });

  it('lets a node read its own pods, and list or watch pods only with spec.nodeName=<itself>', () => {
    const { authz } = setup();
    assert.ok(authz.authorize(attrs({ resource: 'pods', namespace: 'default', name: 'web' })).allowed);
    assert.ok(!authz.authorize(attrs({ resource: 'pods', namespace: 'default', name: 'db' })).allowed);
    assert.ok(authz.authorize(attrs({ verb: 'watch', resource: 'pods', fieldSelector: 'spec.nodeName=n1' })).allowed);
    assert.deepEqual(authz.authorize(attrs({ verb: 'list', resource: 'pods', fieldSelector: 'spec.nodeName=n2' })), {
      allowed: false,
      reason: 'can only list/watch pods with spec.nodeName field selector',
    });
    assert.ok(!authz.authorize(attrs({ verb: 'list', resource: 'pods', namespace: 'default' })).allowed);
    for (const [verb, subresource] of [['create', ''], ['delete', ''], ['patch', 'status'], ['create', 'eviction']] as const)
      assert.ok(authz.authorize(attrs({ verb, subresource, resource: 'pods', namespace: 'default', name: 'db' })).allowed, `${verb} ${subresource}`);
    assert.ok(!authz.authorize(attrs({ verb: 'update', resource: 'pods', namespace: 'default', name: 'web' })).allowed);
  });

  it('without AuthorizeNodeWithSelectors, nodes and pods follow the static rules', () => {
    const { graph } = setup();
    const authz = new NodeAuthorizer({ graph, persistentVolume: () => undefined }, { selectors: false });
    assert.ok(authz.authorize(attrs({ verb: 'list', resource: 'nodes' })).allowed);
    assert.ok(authz.authorize(attrs({ verb: 'list', resource: 'pods' })).allowed);
  });

  it('applies the system:node rules to everything else', () => {
    const { authz } = setup();
    assert.ok(authz.authorize(attrs({ verb: 'create', resource: 'events', namespace: 'default' })).allowed);
    assert.ok(authz.authorize(attrs({ verb: 'list', resource: 'services' })).allowed);
    assert.ok(authz.authorize(attrs({ verb: 'create', apiGroup: 'authorization.k8s.io', resource: 'subjectaccessreviews' })).allowed);
    assert.ok(authz.authorize(attrs({ verb: 'create', apiGroup: 'authentication.k8s.io', resource: 'tokenreviews' })).allowed);
    assert.deepEqual(authz.authorize(attrs({ verb: 'create', resource: 'namespaces' })), { allowed: false, reason: '' });
  });
});

describe('NodeAndRbacAuthorizer', () => {
  const rbacOf = (bindings: KubeObject[]) =>
    new RbacAuthorizer({
      clusterRoles: () => [],
      clusterRoleBindings: () => bindings,
      roles: () => [],
      roleBindings: () => [],
      clusterRole: (name) => (name === 'reader' ? { metadata: { name }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] } : undefined),
      role: () => undefined,
    });

  it('denies with the Node authorizer’s reason when RBAC does not allow either', () => {
    const { authz } = setup();
    const u = new NodeAndRbacAuthorizer(authz, rbacOf([]));
    assert.deepEqual(u.authorize(attrs({ resource: 'secrets', namespace: 'default', name: 'theirs' })), { allowed: false, reason: "no relationship found between node 'n1' and this object" });
    assert.ok(u.authorize(attrs({ resource: 'secrets', namespace: 'default', name: 'mine' })).allowed);
  });

  it('lets RBAC grant what the Node authorizer does not', () => {
    const { authz } = setup();
    const u = new NodeAndRbacAuthorizer(authz, rbacOf([{ metadata: { name: 'b' }, roleRef: { kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'User', name: 'system:node:n1' }] }]));
    assert.ok(u.authorize(attrs({ resource: 'secrets', namespace: 'default', name: 'theirs' })).allowed);
  });

  it('still lets system:masters do anything', () => {
    const { authz } = setup();
    const u = new NodeAndRbacAuthorizer(authz, rbacOf([]));
    assert.ok(u.authorize(attrs({ user: { username: 'system:node:sim', groups: ['system:nodes', 'system:masters'] }, verb: 'list', resource: 'secrets' })).allowed);
  });
});

describe('followPods', () => {
  /** A stand-in for the pods Cacher: a list and one watch at a time. */
  function fakeCacher(initial: KubeObject[]) {
    const items = new Map<string, KubeObject>(initial.map((p) => [`/registry/pods/${p.metadata.namespace}/${p.metadata.name}`, p]));
    let ch: WatchChannel<CacheEvent> | null = null;
    let rv = 10;
    const cached = (key: string, obj: KubeObject): CachedObject => ({ key, obj, rv, namespace: obj.metadata.namespace ?? '' });
    return {
      ready: Promise.resolve(),
      get revision() {
        return rv;
      },
      list: (prefix: string) => [...items].filter(([k]) => k.startsWith(prefix)).map(([k, o]) => cached(k, o)),
      watch: (o: { signal?: AbortSignal }) => (ch = new WatchChannel<CacheEvent>(o.signal ? { signal: o.signal } : {})),
      put(obj: KubeObject) {
        const key = `/registry/pods/${obj.metadata.namespace}/${obj.metadata.name}`;
        const prev = items.get(key);
        items.set(key, obj);
        rv++;
        ch?.push({ type: prev ? 'MODIFIED' : 'ADDED', rv, key, cur: cached(key, obj), ...(prev ? { prev: cached(key, prev) } : {}) });
      },
      remove(ns: string, name: string) {
        const key = `/registry/pods/${ns}/${name}`;
        const prev = items.get(key)!;
        items.delete(key);
        rv++;
        ch?.push({ type: 'DELETED', rv, key, cur: cached(key, prev), prev: cached(key, prev) });
      },
      /** As a re-list does: the contents change behind the watch, which then fails. */
      relist(objs: KubeObject[]) {
        items.clear();
        for (const o of objs) items.set(`/registry/pods/${o.metadata.namespace}/${o.metadata.name}`, o);
        ch?.fail(storageErrors.tooOld(rv, rv + 5));
        rv += 5;
      },
    };
  }
  const tick = () => new Promise((r) => setImmediate(r));
  const vol = (secret: string) => ({ volumes: [{ name: 'v', secret: { secretName: secret } }] });

  it('loads the cache, follows its events and rebuilds after a re-list', async () => {
    const cacher = fakeCacher([pod('a', 'n1', vol('s-a'))]);
    const graph = new NodeGraph();
    const ac = new AbortController();
    const done = followPods({ cacher, prefix: '/registry/pods/', graph, signal: ac.signal });
    await tick();
    assert.ok(graph.related('n1', 'secret', 'default', 's-a'));
    cacher.put(pod('b', 'n2', vol('s-b')));
    await tick();
    assert.ok(graph.related('n2', 'secret', 'default', 's-b'));
    cacher.remove('default', 'a');
    await tick();
    assert.ok(!graph.related('n1', 'secret', 'default', 's-a'));
    cacher.relist([pod('c', 'n3', vol('s-c'))]);
    await tick();
    assert.ok(graph.related('n3', 'secret', 'default', 's-c'));
    assert.ok(!graph.related('n2', 'secret', 'default', 's-b'), 'what the re-list dropped is gone');
    cacher.put(pod('d', 'n3', vol('s-d')));
    await tick();
    assert.ok(graph.related('n3', 'secret', 'default', 's-d'), 'following again after the re-list');
    ac.abort();
    await done;
  });
});
