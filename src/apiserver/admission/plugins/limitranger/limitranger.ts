// The LimitRanger admission plugin (upstream's plugin/pkg/admission/limitranger): on pod creation it
// fills each container's missing requests and limits from the namespace's LimitRanges (type Container:
// defaultRequest, default) and records what it set in the kubernetes.io/limit-ranger annotation; then
// it enforces min, max and maxLimitRequestRatio per Container and per Pod, and min/max storage per
// PersistentVolumeClaim, refusing with 403 and upstream's messages.

import type { KubeObject } from '../../../../api/types.js';
import { computeQOS } from '../../../registry/strategies/qos.js';
import { formatQuantity, milliValue, type Quantity } from '../../../registry/strategies/quantity.js';
import { admissionForbidden as forbidden, type AdmissionAttributes, type AdmissionPlugin } from '../../interface.js';
import { parseList, podLimits, podRequests, type ResourceList } from '../resourcequota/quota/index.js';

export interface LimitRangeAccess {
  /** The LimitRanges of a namespace (never mutated here). */
  list(namespace: string): Promise<KubeObject[]> | KubeObject[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

function items(lr: KubeObject): Obj[] {
  return objs(isObj(lr.spec) ? lr.spec.limits : undefined);
}

function sortedEntries(l: ResourceList): Array<[string, Quantity]> {
  return [...l.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// ---------------------------------------------------------------- defaults

function defaultRequirements(lr: KubeObject): { requests: Obj; limits: Obj } {
  const out = { requests: {} as Obj, limits: {} as Obj };
  for (const item of items(lr)) {
    if (item.type !== 'Container') continue;
    if (isObj(item.defaultRequest)) Object.assign(out.requests, item.defaultRequest);
    if (isObj(item.default)) Object.assign(out.limits, item.default);
  }
  return out;
}

function mergeContainer(c: Obj, defaults: { requests: Obj; limits: Obj }, prefix: string, notes: string[]): void {
  const res = (isObj(c.resources) ? c.resources : (c.resources = {})) as Obj;
  const limits = (isObj(res.limits) ? res.limits : {}) as Obj;
  const requests = (isObj(res.requests) ? res.requests : {}) as Obj;
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [k, v] of Object.entries(defaults.limits)) {
    if (k in limits) continue;
    limits[k] = v;
    setLimits.push(k);
  }
  for (const [k, v] of Object.entries(defaults.requests)) {
    if (k in requests) continue;
    requests[k] = v;
    setRequests.push(k);
  }
  if (Object.keys(limits).length) res.limits = limits;
  if (Object.keys(requests).length) res.requests = requests;
  if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${String(c.name ?? '')}`);
  if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${String(c.name ?? '')}`);
}

/** Applies one LimitRange's container defaults to a pod (upstream's PodMutateLimitFunc). */
export function defaultPod(pod: KubeObject, lr: KubeObject): void {
  const defaults = defaultRequirements(lr);
  const spec = isObj(pod.spec) ? pod.spec : {};
  const notes: string[] = [];
  for (const c of objs(spec.containers)) mergeContainer(c, defaults, 'container', notes);
  for (const c of objs(spec.initContainers)) mergeContainer(c, defaults, 'init container', notes);
  if (notes.length) pod.metadata.annotations = { ...pod.metadata.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
}

// ---------------------------------------------------------------- constraints

const milli = (q: Quantity | undefined): bigint => (q ? milliValue(q) : 0n);

function minConstraint(type: string, name: string, enforced: Quantity, request: ResourceList, limit: ResourceList): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const e = formatQuantity(enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (milli(req) < milliValue(enforced)) return `minimum ${name} usage per ${type} is ${e}, but request is ${formatQuantity(req)}`;
  if (lim && milli(lim) < milliValue(enforced)) return `minimum ${name} usage per ${type} is ${e}, but limit is ${formatQuantity(lim)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, request: ResourceList, limit: ResourceList): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const e = formatQuantity(enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${e}.  No limit is specified`;
  if (milli(lim) > milliValue(enforced)) return `maximum ${name} usage per ${type} is ${e}, but limit is ${formatQuantity(lim)}`;
  if (req && milli(req) > milliValue(enforced)) return `maximum ${name} usage per ${type} is ${e}, but request is ${formatQuantity(req)}`;
  return undefined;
}

function maxRequestConstraint(type: string, name: string, enforced: Quantity, request: ResourceList): string | undefined {
  const req = request.get(name);
  const e = formatQuantity(enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (milli(req) > milliValue(enforced)) return `maximum ${name} usage per ${type} is ${e}, but request is ${formatQuantity(req)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, request: ResourceList, limit: ResourceList): string | undefined {
  const req = milli(request.get(name));
  const lim = milli(limit.get(name));
  const e = formatQuantity(enforced);
  if (req === 0n) return `${name} max limit to request ratio per ${type} is ${e}, but no request is specified or request is 0`;
  if (lim === 0n) return `${name} max limit to request ratio per ${type} is ${e}, but no limit is specified or limit is 0`;
  const ratio = Number(lim) / Number(req);
  if (ratio * 1000 > Number(milliValue(enforced))) return `${name} max limit to request ratio per ${type} is ${e}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

function checkLists(type: string, item: Obj, requests: ResourceList, limits: ResourceList, errs: string[]): void {
  const push = (m: string | undefined) => m && errs.push(m);
  for (const [k, v] of sortedEntries(parseList(item.min))) push(minConstraint(type, k, v, requests, limits));
  for (const [k, v] of sortedEntries(parseList(item.max))) push(maxConstraint(type, k, v, requests, limits));
  for (const [k, v] of sortedEntries(parseList(item.maxLimitRequestRatio))) push(ratioConstraint(type, k, v, requests, limits));
}

/** The violations of one LimitRange by a pod (upstream's PodValidateLimitFunc). */
export function validatePod(pod: KubeObject, lr: KubeObject): string[] {
  const errs: string[] = [];
  const spec = isObj(pod.spec) ? pod.spec : {};
  for (const item of items(lr)) {
    if (item.type === 'Container') {
      for (const c of [...objs(spec.containers), ...objs(spec.initContainers)]) {
        const res = isObj(c.resources) ? c.resources : {};
        checkLists('Container', item, parseList(res.requests), parseList(res.limits), errs);
      }
    } else if (item.type === 'Pod') checkLists('Pod', item, podRequests(spec), podLimits(spec), errs);
  }
  return errs;
}

/** The violations of one LimitRange by a claim (upstream's PersistentVolumeClaimValidateLimitFunc). */
export function validateClaim(pvc: KubeObject, lr: KubeObject): string[] {
  const errs: string[] = [];
  const spec = isObj(pvc.spec) ? pvc.spec : {};
  const requests = parseList(isObj(spec.resources) ? spec.resources.requests : undefined);
  for (const item of items(lr)) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [k, v] of sortedEntries(parseList(item.min))) {
      const m = minConstraint('PersistentVolumeClaim', k, v, requests, new Map());
      if (m) errs.push(m);
    }
    for (const [k, v] of sortedEntries(parseList(item.max))) {
      const m = maxRequestConstraint('PersistentVolumeClaim', k, v, requests);
      if (m) errs.push(m);
    }
  }
  return errs;
}

/** Go's utilerrors.NewAggregate(...).Error(): one message, or "[a, b]" without repeats. */
export function aggregate(msgs: string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

// ---------------------------------------------------------------- plugin

function kindOf(a: AdmissionAttributes): 'pod' | 'pvc' | undefined {
  if (a.subresource !== '' || a.def.group !== '' || !a.object) return undefined;
  if (a.oldObject?.metadata.deletionTimestamp) return undefined;
  if (a.def.plural === 'pods') return a.operation === 'CREATE' ? 'pod' : undefined;
  if (a.def.plural === 'persistentvolumeclaims') return a.operation === 'CREATE' || a.operation === 'UPDATE' ? 'pvc' : undefined;
  return undefined;
}


export function limitRanger(access: LimitRangeAccess): AdmissionPlugin {
  return {
    name: 'LimitRanger',
    async admit(a) {
      if (kindOf(a) !== 'pod') return;
      const ranges = await access.list(a.namespace);
      if (!ranges.length) return;
      const pod = a.object!;
      for (const lr of ranges) defaultPod(pod, lr);
      // The QoS class set when the pod was prepared must reflect the resources just defaulted.
      if (isObj(pod.status) && pod.status.qosClass) pod.status.qosClass = computeQOS(isObj(pod.spec) ? pod.spec : {});
    },
    async validate(a) {
      const kind = kindOf(a);
      if (!kind) return;
      const ranges = await access.list(a.namespace);
      const errs: string[] = [];
      for (const lr of ranges) errs.push(...(kind === 'pod' ? validatePod(a.object!, lr) : validateClaim(a.object!, lr)));
      if (errs.length) throw forbidden(a, aggregate(errs));
    },
  };
}
