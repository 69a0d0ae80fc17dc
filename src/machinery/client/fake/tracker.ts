// The fake API's memory: objects per resource, one resource-version counter for everything, a
// history of changes for watches to resume from (compact() forgets it: older watches get 410), and
// the open watches.

import type { KubeObject } from '../../../api/types.js';
import type { BodyStream } from './stream.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  /** group/resource */
  gr: string;
  type: ChangeType;
  obj: KubeObject;
  /** The object before a MODIFIED (to tell selector enter/leave apart). */
  prev?: KubeObject;
}

export interface FakeWatcher {
  gr: string;
  namespace: string;
  matches(obj: KubeObject): boolean;
  stream: BodyStream;
  bookmarks: boolean;
  kind: string;
  apiVersion: string;
}

export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace ?? '';
  return ns ? `${ns}/${obj.metadata.name}` : (obj.metadata.name ?? '');
}

export class ObjectTracker {
  rv = 1;
  /** Watches may resume from this revision or later. */
  floor = 1;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private history: Change[] = [];
  readonly watchers = new Set<FakeWatcher>();

  constructor(private readonly historySize = 10_000) {}

  private bucket(gr: string): Map<string, KubeObject> {
    let b = this.objects.get(gr);
    if (!b) {
      b = new Map();
      this.objects.set(gr, b);
    }
    return b;
  }

  get(gr: string, namespace: string, name: string): KubeObject | undefined {
    const o = this.bucket(gr).get(namespace ? `${namespace}/${name}` : name);
    return o ? structuredClone(o) : undefined;
  }

  /** Objects of a resource ('' namespace: all), sorted by key (etcd's order). */
  list(gr: string, namespace: string): KubeObject[] {
    const out: KubeObject[] = [];
    const keys = [...this.bucket(gr).keys()].sort();
    for (const k of keys) {
      const o = this.bucket(gr).get(k)!;
      if (namespace && o.metadata.namespace !== namespace) continue;
      out.push(structuredClone(o));
    }
    return out;
  }

  /** Stores obj under a new resource version and tells the watches. */
  put(gr: string, obj: KubeObject): KubeObject {
    const rv = ++this.rv;
    const stored = structuredClone(obj);
    stored.metadata.resourceVersion = String(rv);
    const key = objectKey(stored);
    const prev = this.bucket(gr).get(key);
    this.bucket(gr).set(key, stored);
    this.record({ rv, gr, type: prev ? 'MODIFIED' : 'ADDED', obj: stored, ...(prev ? { prev } : {}) });
    return structuredClone(stored);
  }

  /** Removes obj (its final state gets the deletion's resource version). */
  remove(gr: string, obj: KubeObject): KubeObject {
    const key = objectKey(obj);
    const cur = this.bucket(gr).get(key);
    if (!cur) return obj;
    this.bucket(gr).delete(key);
    const rv = ++this.rv;
    const last = structuredClone(cur);
    last.metadata.resourceVersion = String(rv);
    this.record({ rv, gr, type: 'DELETED', obj: last });
    return structuredClone(last);
  }

  private record(c: Change): void {
    this.history.push(c);
    if (this.history.length > this.historySize) {
      const dropped = this.history.shift()!;
      this.floor = dropped.rv;
    }
    for (const w of this.watchers) if (w.gr === c.gr) deliver(w, c);
  }

  /** Changes after rv (exclusive) for a resource; undefined when rv is older than the history. */
  since(gr: string, rv: number): Change[] | undefined {
    if (rv < this.floor) return undefined;
    return this.history.filter((c) => c.gr === gr && c.rv > rv);
  }

  /** Forgets the watch history: watches from an older resource version get 410 Expired. */
  compact(): void {
    this.history = [];
    this.floor = this.rv;
  }
}

function send(w: FakeWatcher, type: string, obj: unknown): void {
  w.stream.push(`${JSON.stringify({ type, object: obj })}\n`);
}

/** Delivers a change to a watch, turning selector enter/leave into ADDED/DELETED as the apiserver does. */
export function deliver(w: FakeWatcher, c: Change): void {
  if (w.namespace && c.obj.metadata.namespace !== w.namespace) return;
  if (c.type === 'MODIFIED') {
    const was = c.prev ? w.matches(c.prev) : false;
    const is = w.matches(c.obj);
    if (was && is) send(w, 'MODIFIED', c.obj);
    else if (is) send(w, 'ADDED', c.obj);
    else if (was) send(w, 'DELETED', c.obj);
    return;
  }
  if (w.matches(c.obj)) send(w, c.type, c.obj);
}

export function sendEvent(w: FakeWatcher, type: string, obj: unknown): void {
  send(w, type, obj);
}
