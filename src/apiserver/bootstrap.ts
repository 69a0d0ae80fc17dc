// What a new cluster starts with (upstream's post-start hooks): the four system namespaces, the
// `kubernetes` Service and its Endpoints, and the default RBAC roles and bindings.

import type { KubeObject } from '../api/types.js';
import { isStatusError } from '../machinery/errors/status.js';
import { defaultClusterRoleBindings, defaultClusterRoles } from './auth/bootstrap-policy.js';
import { reconcileBinding, reconcileRole, type Reconciled } from './auth/reconcile.js';
import type { Store } from './registry/store.js';
import type { RequestContext } from './registry/strategy.js';

export interface BootstrapOptions {
  storeFor(group: string, plural: string): Store | undefined;
  serviceIP: string;
  advertiseAddress: string;
  port: number;
  log?: (m: string) => void;
}

const SYSTEM: RequestContext['user'] = { username: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] };

function ctx(namespace = ''): RequestContext {
  return { user: SYSTEM, namespace, subresource: '', dryRun: false, now: new Date() };
}

async function ensure(store: Store | undefined, namespace: string, obj: KubeObject): Promise<void> {
  if (!store) return;
  if (await store.current(namespace, obj.metadata.name!)) return;
  try {
    await store.create(ctx(namespace), structuredClone(obj), { fieldManager: 'kube-apiserver' });
  } catch (err) {
    if (!isStatusError(err, 'AlreadyExists')) throw err;
  }
}

export async function bootstrapCluster(o: BootstrapOptions): Promise<void> {
  const ns = o.storeFor('', 'namespaces');
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) await ensure(ns, '', { metadata: { name } });
  await ensure(o.storeFor('', 'services'), 'default', {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: o.serviceIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: o.port }], sessionAffinity: 'None' },
  });
  const eps = o.storeFor('', 'endpoints');
  const subsets = [{ addresses: [{ ip: o.advertiseAddress }], ports: [{ name: 'https', port: o.port, protocol: 'TCP' }] }];
  if (eps && !/^127\./.test(o.advertiseAddress) && o.advertiseAddress !== '::1') {
    await eps.update(ctx('default'), 'kubernetes', (cur) => {
      const e: KubeObject = cur ?? { metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } } };
      e.subsets = subsets;
      return e;
    });
  } else o.log?.(`advertise address ${o.advertiseAddress} is loopback: the kubernetes Endpoints are left empty`);
  const roles = o.storeFor('rbac.authorization.k8s.io', 'clusterroles');
  for (const r of defaultClusterRoles()) await reconcile(roles, r, reconcileRole, o.log);
  const bindings = o.storeFor('rbac.authorization.k8s.io', 'clusterrolebindings');
  for (const b of defaultClusterRoleBindings()) await reconcile(bindings, b, reconcileBinding, o.log);
}

/**
 * Creates a bootstrap RBAC object, or brings an existing one up to date (missing rules or subjects
 * added, nothing removed), as upstream's EnsureRBACPolicy does at every start.
 */
async function reconcile(
  store: Store | undefined,
  expected: KubeObject,
  fn: (existing: KubeObject, expected: KubeObject) => Reconciled,
  log?: (m: string) => void,
): Promise<void> {
  if (!store) return;
  const name = expected.metadata.name!;
  const kind = store.def.kind;
  for (let attempt = 0; attempt < 5; attempt++) {
    const cur = await store.current('', name);
    if (!cur) return ensure(store, '', expected);
    const r = fn(structuredClone(cur), expected);
    try {
      if (r.op === 'none') return;
      if (r.op === 'recreate') {
        await store.delete(ctx(), name, { preconditions: { uid: cur.metadata.uid! } });
        await ensure(store, '', { ...r.obj, metadata: { ...r.obj.metadata, resourceVersion: undefined, uid: undefined } });
      } else {
        await store.update(ctx(), name, () => r.obj);
      }
      log?.(`${r.op === 'recreate' ? 'recreated' : 'updated'} ${kind} ${name} from the bootstrap policy`);
      return;
    } catch (err) {
      if (isStatusError(err, 'Conflict') || isStatusError(err, 'NotFound')) continue;
      throw err;
    }
  }
}
