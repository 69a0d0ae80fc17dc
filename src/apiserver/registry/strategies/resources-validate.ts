// Resource names and quantities as upstream's core validation checks them (container resources,
// quota and limit range names, "requests must not exceed limits").

import {
  duplicate,
  FieldError,
  type FieldPath,
  forbidden,
  GoValue,
  invalid,
  isQualifiedName,
  IS_NEGATIVE_ERROR_MSG,
  required,
} from '../../../machinery/validation/index.js';
import { cmp, formatQuantity, milliValue, parseQuantity, type Quantity, sign } from './quantity.js';
import { isObj, type Obj, sortedKeys, str } from './util.js';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'ephemeral-storage',
  'requests.ephemeral-storage', 'limits.ephemeral-storage', 'pods', 'quota', 'services', 'replicationcontrollers', 'secrets',
  'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);
const STANDARD_QUOTA_RESOURCES = new Set([
  'pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'persistentvolumeclaims', 'services', 'services.nodeports',
  'services.loadbalancers', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps',
]);
const INTEGER_RESOURCES = new Set([
  'pods', 'quota', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);

export const isHugePageResourceName = (n: string) => n.startsWith('hugepages-');
const isQuotaHugePage = (n: string) => n.startsWith('hugepages-') || n.startsWith('requests.hugepages-');
export const isNativeResource = (n: string) => !n.includes('/') || n.includes('kubernetes.io/');

export function isExtendedResourceName(n: string): boolean {
  if (isNativeResource(n) || n.startsWith('requests.')) return false;
  return isQualifiedName('requests.' + n).length === 0;
}

export function isIntegerResourceName(n: string): boolean {
  return INTEGER_RESOURCES.has(n) || isExtendedResourceName(n) || n.startsWith('count/');
}

/** Resources whose requests may be lower than their limits (not hugepages, not extended resources). */
export function isOvercommitAllowed(n: string): boolean {
  return isNativeResource(n) && !isHugePageResourceName(n);
}

export function isStandardQuotaResourceName(n: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(n) || isQuotaHugePage(n);
}

/** validateResourceName: a qualified name; unprefixed names must be standard. */
export function validateResourceName(name: string, p: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(p, name, m));
  if (errs.length) return errs;
  if (!name.includes('/') && !(STANDARD_RESOURCES.has(name) || isQuotaHugePage(name))) {
    errs.push(invalid(p, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

export function validateContainerResourceName(name: string, p: FieldPath): FieldError[] {
  const errs = validateResourceName(name, p);
  if (!name.includes('/')) {
    if (!(STANDARD_CONTAINER_RESOURCES.has(name) || isHugePageResourceName(name))) errs.push(invalid(p, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(p, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

export function validateQuotaResourceName(name: string, p: FieldPath): FieldError[] {
  const errs = validateResourceName(name, p);
  if (!name.includes('/') && !isStandardQuotaResourceName(name)) errs.push(invalid(p, name, 'must be a standard resource for quota'));
  return errs;
}

/** A parsed quantity, or undefined for a value that is not one (the decoder rejects those first). */
export function q(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
}

/** ValidateResourceQuantityValue: not negative, integral for integer resources. */
export function validateQuantityValue(resource: string, v: unknown, p: FieldPath): FieldError[] {
  const qty = q(v);
  if (!qty) return [invalid(p, str(v), 'must be a valid resource quantity')];
  const errs: FieldError[] = [];
  if (sign(qty) < 0) errs.push(invalid(p, formatQuantity(qty), IS_NEGATIVE_ERROR_MSG));
  if (isIntegerResourceName(resource) && milliValue(qty) % 1000n !== 0n) errs.push(invalid(p, new GoValue(formatQuantity(qty)), 'must be an integer'));
  return errs;
}

/** `must be greater than zero` (ValidatePositiveQuantityValue). */
export function validatePositiveQuantity(v: unknown, p: FieldPath): FieldError[] {
  const qty = q(v);
  if (!qty) return [invalid(p, str(v), 'must be a valid resource quantity')];
  return sign(qty) <= 0 ? [invalid(p, formatQuantity(qty), 'must be greater than zero')] : [];
}

/** Container (and overhead) ResourceRequirements. */
export function validateResourceRequirements(res: unknown, p: FieldPath, claimNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(res)) return errs;
  const limits: Obj = isObj(res.limits) ? res.limits : {};
  const requests: Obj = isObj(res.requests) ? res.requests : {};
  const limPath = p.child('limits');
  const reqPath = p.child('requests');
  let limCPUOrMem = false;
  let reqCPUOrMem = false;
  let hugePages = false;
  for (const name of sortedKeys(limits)) {
    const fp = limPath.key(name);
    errs.push(...validateContainerResourceName(name, fp), ...validateQuantityValue(name, limits[name], fp));
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') limCPUOrMem = true;
  }
  for (const name of sortedKeys(requests)) {
    const fp = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, fp), ...validateQuantityValue(name, requests[name], fp));
    const rq = q(requests[name]);
    if (name in limits) {
      const lq = q(limits[name]);
      if (rq && lq) {
        const c = cmp(rq, lq);
        if (c !== 0 && !isOvercommitAllowed(name)) errs.push(invalid(reqPath, formatQuantity(rq), `must be equal to ${name} limit of ${formatQuantity(lq)}`));
        else if (c > 0) errs.push(invalid(reqPath, formatQuantity(rq), `must be less than or equal to ${name} limit of ${formatQuantity(lq)}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') reqCPUOrMem = true;
  }
  if (!limCPUOrMem && !reqCPUOrMem && hugePages) errs.push(forbidden(p, 'HugePages require cpu or memory'));
  const claims = Array.isArray(res.claims) ? res.claims : [];
  const seen = new Set<string>();
  claims.forEach((c, i) => {
    const name = isObj(c) ? str(c.name) : '';
    const cp = p.child('claims').index(i);
    if (!name) {
      errs.push(required(cp));
      return;
    }
    if (seen.has(name)) errs.push(duplicate(cp, name));
    seen.add(name);
    if (!claimNames.has(name)) {
      const names = [...claimNames].sort();
      const detail = 'must be one of the names in pod.spec.resourceClaims' + (names.length === 0 ? ' which is empty' : ': ' + names.join(', '));
      errs.push(new FieldError('FieldValueNotFound', cp.toString(), name, detail));
    }
  });
  return errs;
}
