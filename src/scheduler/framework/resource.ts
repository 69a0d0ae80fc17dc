// framework.Resource: a vector of compute resources in integer units (cpu in milli-cores, the others in
// whole units) and the pod-requests arithmetic of upstream's resourcehelper.PodRequests (sum of regular
// containers; init containers run one at a time, restartable ones (sidecars) keep running; plus overhead).

import type { Container, Pod, ResourceList } from './api.js';
import { quantityMilliValue, quantityValue } from './quantity.js';

export const RESOURCE_CPU = 'cpu';
export const RESOURCE_MEMORY = 'memory';
export const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
export const RESOURCE_PODS = 'pods';

/** schedutil.DefaultMilliCPURequest: what a container without a cpu request counts as for scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** schedutil.IsScalarResourceName: extended (domain-prefixed), hugepages-*, attachable-volumes-* and kubernetes.io/ prefixed. */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  return name.includes('/') && !name.startsWith('requests.');
}

/** v1helper.IsExtendedResourceName: a domain-prefixed name outside kubernetes.io. */
export function isExtendedResourceName(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0 || name.startsWith('requests.')) return false;
  const domain = name.slice(0, slash);
  return domain !== 'kubernetes.io' && !domain.endsWith('.kubernetes.io');
}

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  /** Only meaningful for allocatable: how many pods the node accepts. */
  allowedPodNumber = 0;
  /** Extended and other scalar resources; null while there are none (the common case). */
  scalar: Map<string, number> | null = null;

  static fromList(list: ResourceList | null | undefined): Resource {
    const r = new Resource();
    if (list) r.addList(list);
    return r;
  }

  /** Adds one quantity by resource name. */
  addQuantity(name: string, q: string | number): void {
    switch (name) {
      case RESOURCE_CPU:
        this.milliCPU += quantityMilliValue(q);
        return;
      case RESOURCE_MEMORY:
        this.memory += quantityValue(q);
        return;
      case RESOURCE_EPHEMERAL_STORAGE:
        this.ephemeralStorage += quantityValue(q);
        return;
      case RESOURCE_PODS:
        this.allowedPodNumber += quantityValue(q);
        return;
      default:
        if (isScalarResourceName(name)) this.addScalar(name, quantityValue(q));
    }
  }

  addList(list: ResourceList): void {
    for (const name in list) this.addQuantity(name, list[name]!);
  }

  addScalar(name: string, v: number): void {
    if (this.scalar === null) this.scalar = new Map();
    this.scalar.set(name, (this.scalar.get(name) ?? 0) + v);
  }

  scalarValue(name: string): number {
    return this.scalar === null ? 0 : (this.scalar.get(name) ?? 0);
  }

  add(r: Resource, sign = 1): void {
    this.milliCPU += sign * r.milliCPU;
    this.memory += sign * r.memory;
    this.ephemeralStorage += sign * r.ephemeralStorage;
    this.allowedPodNumber += sign * r.allowedPodNumber;
    if (r.scalar !== null) for (const [k, v] of r.scalar) this.addScalar(k, sign * v);
  }

  /** Raises each dimension to at least r's. */
  setMax(r: Resource): void {
    if (r.milliCPU > this.milliCPU) this.milliCPU = r.milliCPU;
    if (r.memory > this.memory) this.memory = r.memory;
    if (r.ephemeralStorage > this.ephemeralStorage) this.ephemeralStorage = r.ephemeralStorage;
    if (r.allowedPodNumber > this.allowedPodNumber) this.allowedPodNumber = r.allowedPodNumber;
    if (r.scalar !== null)
      for (const [k, v] of r.scalar) {
        if (v > this.scalarValue(k)) {
          if (this.scalar === null) this.scalar = new Map();
          this.scalar.set(k, v);
        }
      }
  }

  clone(): Resource {
    const c = new Resource();
    c.milliCPU = this.milliCPU;
    c.memory = this.memory;
    c.ephemeralStorage = this.ephemeralStorage;
    c.allowedPodNumber = this.allowedPodNumber;
    c.scalar = this.scalar === null ? null : new Map(this.scalar);
    return c;
  }

  /** True when every dimension is zero. */
  isZero(): boolean {
    if (this.milliCPU !== 0 || this.memory !== 0 || this.ephemeralStorage !== 0) return false;
    if (this.scalar !== null) for (const v of this.scalar.values()) if (v !== 0) return false;
    return true;
  }

  /** The value of a named dimension (cpu in milli-units). */
  get(name: string): number {
    switch (name) {
      case RESOURCE_CPU:
        return this.milliCPU;
      case RESOURCE_MEMORY:
        return this.memory;
      case RESOURCE_EPHEMERAL_STORAGE:
        return this.ephemeralStorage;
      case RESOURCE_PODS:
        return this.allowedPodNumber;
      default:
        return this.scalarValue(name);
    }
  }
}

export interface PodRequestsOptions {
  /** Counts a container that sets no cpu (memory) request as requesting the default (the scoring "non-zero" view). */
  nonMissingDefaults?: boolean;
}

function containerRequests(c: Container, opts: PodRequestsOptions | undefined): Resource {
  const reqs = c.resources?.requests;
  const r = Resource.fromList(reqs);
  if (opts?.nonMissingDefaults) {
    if (!reqs || !(RESOURCE_CPU in reqs)) r.milliCPU += DEFAULT_MILLI_CPU_REQUEST;
    if (!reqs || !(RESOURCE_MEMORY in reqs)) r.memory += DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * resourcehelper.PodRequests: max(sum of containers + sidecars, the largest init-container step) + overhead.
 * An init container's step is its own request plus the sidecars started before it.
 */
export function podRequests(pod: Pod, opts?: PodRequestsOptions): Resource {
  const total = new Resource();
  for (const c of pod.spec.containers ?? []) total.add(containerRequests(c, opts));
  const inits = pod.spec.initContainers;
  if (inits && inits.length > 0) {
    const sidecars = new Resource();
    const initMax = new Resource();
    for (const c of inits) {
      const r = containerRequests(c, opts);
      if (c.restartPolicy === 'Always') {
        total.add(r);
        sidecars.add(r);
        initMax.setMax(sidecars);
      } else {
        r.add(sidecars);
        initMax.setMax(r);
      }
    }
    total.setMax(initMax);
  }
  if (pod.spec.overhead) total.addList(pod.spec.overhead);
  return total;
}
