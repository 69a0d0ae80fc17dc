// The informer's cache (client-go's thread-safe store with indexers): objects by key, plus named
// indices from index values to keys (by namespace always; by node name, owner UID … when added).

import type { KubeObject } from '../../api/types.js';
import { metaNamespaceKey } from './keys.js';

export type IndexFunc<T> = (obj: T) => string[];

export const NAMESPACE_INDEX = 'namespace';

export function namespaceIndexFunc(obj: KubeObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}

/** Index by pod spec.nodeName (as the scheduler and kubelet use). */
export function nodeNameIndexFunc(obj: KubeObject): string[] {
  const n = (obj.spec as { nodeName?: unknown } | undefined)?.nodeName;
  return typeof n === 'string' && n ? [n] : [];
}

/** Index by the UIDs of owner references (as the garbage collector and controllers use). */
export function ownerUIDIndexFunc(obj: KubeObject): string[] {
  return (obj.metadata?.ownerReferences ?? []).map((r) => r.uid);
}

export class Indexer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    indexers: Record<string, IndexFunc<T>> = { [NAMESPACE_INDEX]: namespaceIndexFunc },
    readonly keyOf: (obj: T) => string = metaNamespaceKey,
  ) {
    this.addIndexers(indexers);
  }

  /** Adds indexers; existing objects are indexed at once. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer "${name}" already exists`);
      this.indexers.set(name, fn);
      const idx = new Map<string, Set<string>>();
      this.indices.set(name, idx);
      for (const [key, obj] of this.items) for (const v of fn(obj)) add(idx, v, key);
    }
  }

  hasIndexer(name: string): boolean {
    return this.indexers.has(name);
  }

  /** Adds or replaces an object; returns the one it replaced. */
  upsert(obj: T): T | undefined {
    const key = this.keyOf(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    this.reindex(key, old, obj);
    return old;
  }

  /** Removes by key; returns the removed object. */
  deleteKey(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.items.delete(key);
    this.reindex(key, old, undefined);
    return old;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  list(): T[] {
    return [...this.items.values()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Objects whose index values for `name` include `value`. */
  byIndex(name: string, value: string): T[] {
    return this.indexKeys(name, value).map((k) => this.items.get(k)!);
  }

  indexKeys(name: string, value: string): string[] {
    const idx = this.indices.get(name);
    if (!idx) throw new Error(`index "${name}" does not exist`);
    return [...(idx.get(value) ?? [])];
  }

  /** Objects sharing any index value with obj. */
  index(name: string, obj: T): T[] {
    const fn = this.indexers.get(name);
    if (!fn) throw new Error(`index "${name}" does not exist`);
    const keys = new Set<string>();
    for (const v of fn(obj)) for (const k of this.indexKeys(name, v)) keys.add(k);
    return [...keys].map((k) => this.items.get(k)!);
  }

  /** The values an index has entries for. */
  indexValues(name: string): string[] {
    const idx = this.indices.get(name);
    if (!idx) throw new Error(`index "${name}" does not exist`);
    return [...idx.keys()];
  }

  private reindex(key: string, old: T | undefined, cur: T | undefined): void {
    for (const [name, fn] of this.indexers) {
      const idx = this.indices.get(name)!;
      const before = old ? fn(old) : [];
      const after = cur ? fn(cur) : [];
      for (const v of before) if (!after.includes(v)) remove(idx, v, key);
      for (const v of after) add(idx, v, key);
    }
  }
}

function add(idx: Map<string, Set<string>>, value: string, key: string): void {
  let s = idx.get(value);
  if (!s) {
    s = new Set();
    idx.set(value, s);
  }
  s.add(key);
}

function remove(idx: Map<string, Set<string>>, value: string, key: string): void {
  const s = idx.get(value);
  if (!s) return;
  s.delete(key);
  if (s.size === 0) idx.delete(value);
}
