// Evaluators besides pods (upstream's services.go, persistent_volume_claims.go and the generic object
// count evaluator): services (count, node ports, load balancers), claims (count, storage, per storage
// class) and count/<resource>[.<group>] for any other resource.

import type { KubeObject } from '../../../../../api/types.js';
import { cmp } from '../../../../registry/strategies/quantity.js';
import { parseList, quantity, type ResourceList } from './resources.js';
import type { Evaluator } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "count/pods", "count/deployments.apps" (upstream's ObjectCountQuotaResourceNameFor). */
export function objectCountName(group: string, resource: string): string {
  return group ? `count/${resource}.${group}` : `count/${resource}`;
}

/** The names older quotas use for some counts. */
const LEGACY_ALIASES: Record<string, string> = {
  configmaps: 'configmaps',
  resourcequotas: 'resourcequotas',
  replicationcontrollers: 'replicationcontrollers',
  secrets: 'secrets',
};

export function objectCountEvaluator(group: string, resource: string): Evaluator {
  const names = [objectCountName(group, resource)];
  const alias = group === '' ? LEGACY_ALIASES[resource] : undefined;
  if (alias) names.push(alias);
  return {
    group,
    resource,
    matchingResources: (input) => input.filter((r) => names.includes(r)),
    matchesScope: () => false,
    usage: () => new Map(names.map((n) => [n, quantity(1)])),
    handles: (op, sub) => op === 'CREATE' && sub === '',
  };
}

const SERVICE_RESOURCES = ['count/services', 'services', 'services.loadbalancers', 'services.nodeports'];

export function serviceUsage(svc: KubeObject): ResourceList {
  const spec = isObj(svc.spec) ? svc.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports.length : 0;
  const out: ResourceList = new Map([
    ['count/services', quantity(1)],
    ['services', quantity(1)],
    ['services.loadbalancers', quantity(0)],
    ['services.nodeports', quantity(0)],
  ]);
  if (spec.type === 'NodePort') out.set('services.nodeports', quantity(ports));
  if (spec.type === 'LoadBalancer') {
    out.set('services.nodeports', quantity(spec.allocateLoadBalancerNodePorts === false ? 0 : ports));
    out.set('services.loadbalancers', quantity(1));
  }
  return out;
}

export const serviceEvaluator: Evaluator = {
  group: '',
  resource: 'services',
  matchingResources: (input) => input.filter((r) => SERVICE_RESOURCES.includes(r)),
  matchesScope: () => false,
  usage: serviceUsage,
  handles: (op, sub) => (op === 'CREATE' || op === 'UPDATE') && sub === '',
};

const PVC_RESOURCES = ['persistentvolumeclaims', 'count/persistentvolumeclaims', 'requests.storage'];
export const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

function claimClass(pvc: KubeObject): string {
  const spec = isObj(pvc.spec) ? pvc.spec : {};
  const ann = pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (ann !== undefined) return ann;
  return typeof spec.storageClassName === 'string' ? spec.storageClassName : '';
}

export function claimUsage(pvc: KubeObject): ResourceList {
  const out: ResourceList = new Map([
    ['persistentvolumeclaims', quantity(1)],
    ['count/persistentvolumeclaims', quantity(1)],
  ]);
  const cls = claimClass(pvc);
  if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, quantity(1));
  const spec = isObj(pvc.spec) ? pvc.spec : {};
  const res = isObj(spec.resources) ? spec.resources : {};
  let storage = parseList(res.requests).get('storage');
  // A claim being expanded is charged the larger of its request and what was allocated.
  const allocated = parseList(isObj(pvc.status) ? pvc.status.allocatedResources : undefined).get('storage');
  if (allocated && (!storage || cmp(allocated, storage) > 0)) storage = allocated;
  if (storage) {
    out.set('requests.storage', storage);
    if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
  }
  return out;
}

export const claimEvaluator: Evaluator = {
  group: '',
  resource: 'persistentvolumeclaims',
  matchingResources: (input) =>
    input.filter((r) => PVC_RESOURCES.includes(r) || (r.includes(STORAGE_CLASS_SUFFIX) && (r.endsWith('/persistentvolumeclaims') || r.endsWith('/requests.storage')))),
  matchesScope: () => false,
  usage: claimUsage,
  handles: (op, sub) => (op === 'CREATE' || op === 'UPDATE') && sub === '',
};
