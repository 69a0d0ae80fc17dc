// The assume cache (upstream volumebinding's AssumeCache): the scheduler's own newer versions of PVs
// and PVCs laid over what the informers hold. When a pod is reserved on a node, the PVs it will bind get
// their claimRef and the claims to provision their selected-node annotation here at once, so the next
// pods do not pick the same volume while the API writes and the informers catch up. An assumed object
// is dropped when the informer's copy becomes newer (a higher resourceVersion) or disappears, or when
// the assumption is reverted (Unreserve, failed writes).

import type { KubeObject } from '../../../api/types.js';

/** Orders resourceVersions (decimal integers in kts, as in etcd); an unparsable one counts as newest. */
export function compareResourceVersion(a: KubeObject, b: KubeObject): number {
  const ra = a.metadata.resourceVersion ?? '';
  const rb = b.metadata.resourceVersion ?? '';
  const ok = (r: string) => /^\d+$/.test(r);
  if (!ok(ra) || !ok(rb)) return ra === rb ? 0 : !ok(ra) ? 1 : -1;
  const x = BigInt(ra);
  const y = BigInt(rb);
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface AssumeCacheOptions<T extends KubeObject> {
  /** The informer's copy. */
  get(key: string): T | undefined;
  /** The cache key of an object (name, or namespace/name). */
  keyOf(obj: T): string;
}

export class AssumeCache<T extends KubeObject> {
  private readonly assumed = new Map<string, T>();
  private readonly opts: AssumeCacheOptions<T>;

  constructor(opts: AssumeCacheOptions<T>) {
    this.opts = opts;
  }

  /** The latest version: the assumed one while the informer has not caught up, else the informer's. */
  get(key: string): T | undefined {
    const api = this.opts.get(key);
    const a = this.assumed.get(key);
    if (a === undefined) return api;
    if (api === undefined || compareResourceVersion(api, a) > 0) {
      this.assumed.delete(key);
      return api;
    }
    return a;
  }

  /** The informer's version, ignoring assumptions. */
  getAPIObject(key: string): T | undefined {
    return this.opts.get(key);
  }

  /** Overlays each object with its assumed version, if any (for lists read from the informer). */
  overlay(objs: readonly T[]): T[] {
    if (this.assumed.size === 0) return [...objs];
    return objs.map((o) => this.get(this.opts.keyOf(o)) ?? o);
  }

  /** Records a newer version; fails when the informer already holds a newer one (or none at all). */
  assume(obj: T): void {
    const key = this.opts.keyOf(obj);
    const cur = this.get(key);
    if (cur === undefined) throw new Error(`${key} not found in the cache`);
    if (compareResourceVersion(obj, cur) < 0) {
      throw new Error(`${key}: version ${obj.metadata.resourceVersion ?? ''} is older than the cached ${cur.metadata.resourceVersion ?? ''}`);
    }
    this.assumed.set(key, obj);
  }

  /** Forgets the assumed version: the informer's is the latest again. */
  restore(key: string): void {
    this.assumed.delete(key);
  }

  /** How many objects are assumed (tests). */
  get size(): number {
    return this.assumed.size;
  }
}
