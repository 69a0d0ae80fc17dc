// The watch cache of one resource (upstream's Cacher): one storage watch keeps an in-memory copy of
// every object and a window of recent events, from which the apiserver serves GET/LIST with
// resourceVersion semantics and fans events out to any number of API watchers.

import type { KubeObject } from '../../api/types.js';
import { DEFAULT_WATCH_BUFFER, WatchChannel } from '../../machinery/storage/channel.js';
import { errors as storageErrors, isStorageError } from '../../machinery/storage/errors.js';
import type { KeyValue, Storage, Watch } from '../../machinery/storage/interface.js';

export interface CachedObject {
  key: string;
  obj: KubeObject;
  rv: number;
  namespace: string;
  /** JSON of obj, computed once when first needed. */
  json?: string;
}

export interface CacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  rv: number;
  key: string;
  cur: CachedObject;
  /** The object before this event (MODIFIED, DELETED). */
  prev?: CachedObject;
  /** When the cache recorded it (ms), for the history's freshness window. */
  at?: number;
}

export interface CacheWatchOptions {
  /** Events after this revision. */
  fromRevision: number;
  /** Send ADDED for every current object first (watch from RV "" or "0"). */
  initialEvents: boolean;
  namespace?: string;
  /** Exact key (watch of one object by name within a namespace). */
  key?: string;
  /** Object filter (label and field selectors); applied to cur and prev to turn moves into ADDED/DELETED. */
  predicate?: (o: KubeObject) => boolean;
  signal?: AbortSignal;
  maxBuffered?: number;
}

export interface CacherOptions {
  storage: Storage;
  /** Storage prefix, ending in "/": /registry/pods/ */
  prefix: string;
  decode: (kv: KeyValue) => KubeObject;
  /**
   * Recent events kept for watchers that resume from a revision: at first this many (10,000); a full
   * history whose oldest event is younger than historyFreshMs doubles instead of dropping it, up to
   * historyMaxSize (upstream's watch cache: 75 s, 102,400 events). Clients that relist and watch again
   * need the events since their list, however busy the resource.
   */
  historySize?: number;
  historyFreshMs?: number;
  historyMaxSize?: number;
  /** Clock for the freshness window (tests). */
  now?: () => number;
  signal?: AbortSignal;
  log?: (msg: string) => void;
}

/** A cache watcher's queue; the API watch handler iterates it. */
export type CacheWatch = WatchChannel<CacheEvent>;

interface Watcher {
  ch: CacheWatch;
  namespace: string | undefined;
  key: string | undefined;
  predicate: ((o: KubeObject) => boolean) | undefined;
}

export class Cacher {
  private items = new Map<string, CachedObject>();
  /** Keys in order; may hold deleted keys (skipped when read) until the next merge. */
  private sorted: string[] = [];
  /** Keys added since `sorted` was last merged. */
  private added: string[] = [];
  private deletedSinceMerge = 0;
  private history: CacheEvent[] = [];
  private historyStart = 0;
  /** Every event after this revision is in history. */
  private historyFloor = 0;
  private rev = 0;
  private watchers = new Set<Watcher>();
  private waiters: Array<{ rev: number; resolve: () => void }> = [];
  private storageWatch: Watch | null = null;
  private historySize: number;
  private readonly historyMaxSize: number;
  private readonly historyFreshMs: number;
  private readonly now: () => number;
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private stopped = false;
  /** Objects the store just wrote, by key, so the cache can take them instead of parsing them again. */
  private hints = new Map<string, { rev: number; obj: KubeObject }>();

  constructor(private readonly opts: CacherOptions) {
    this.historySize = opts.historySize ?? 10_000;
    this.historyMaxSize = Math.max(opts.historyMaxSize ?? 102_400, this.historySize);
    this.historyFreshMs = opts.historyFreshMs ?? 75_000;
    this.now = opts.now ?? Date.now;
    this.ready = new Promise((r) => (this.markReady = r));
    opts.signal?.addEventListener('abort', () => this.stop(), { once: true });
    void this.run();
  }

  /** The revision the cache is up to date with. */
  get revision(): number {
    return this.rev;
  }

  get size(): number {
    return this.items.size;
  }

  stop(): void {
    this.stopped = true;
    this.storageWatch?.close();
    for (const w of this.watchers) w.ch.close();
    this.watchers.clear();
  }

  private async run(): Promise<void> {
    let delay = 100;
    while (!this.stopped) {
      try {
        await this.relist();
        this.markReady();
        delay = 100;
        await this.follow();
      } catch (err) {
        if (this.stopped || isStorageError(err, 'Closed')) return;
        this.opts.log?.(`watch cache ${this.opts.prefix}: ${(err as Error).message}; re-listing`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }

  private async relist(): Promise<void> {
    const { storage, prefix } = this.opts;
    const items = new Map<string, CachedObject>();
    let res = await storage.list(prefix, { limit: 10_000 });
    const rev = res.revision;
    for (;;) {
      for (const kv of res.items) items.set(kv.key, this.toCached(kv));
      if (!res.continue) break;
      res = await storage.list(prefix, { limit: 10_000, continue: res.continue });
    }
    // Watchers cannot bridge a re-list: end them so their clients re-list too (they get 410 on resume).
    if (this.rev !== 0) for (const w of this.watchers) w.ch.fail(storageErrors.tooOld(this.rev, rev));
    this.items = items;
    this.hints.clear();
    this.sorted = [...items.keys()].sort();
    this.added = [];
    this.deletedSinceMerge = 0;
    this.history = [];
    this.historyStart = 0;
    this.historyFloor = rev;
    this.setRevision(rev);
  }

  private async follow(): Promise<void> {
    const w = this.opts.storage.watch(this.opts.prefix, { fromRevision: this.rev, progressNotify: true });
    this.storageWatch = w;
    try {
      for await (const ev of w) {
        if (ev.type === 'PROGRESS') {
          this.setRevision(ev.revision);
          continue;
        }
        const prev = this.items.get(ev.key);
        let cur: CachedObject;
        if (ev.type === 'DELETED') {
          const base = prev ?? this.toCached(ev.prevKv ?? ev.kv!);
          // The object as it was when deleted, at the delete's revision.
          cur = this.withRevision(base, ev.revision);
          this.items.delete(ev.key);
          this.deletedSinceMerge++;
        } else {
          const h = this.hints.get(ev.key);
          if (h) this.hints.delete(ev.key);
          cur = h && h.rev === ev.revision ? { key: ev.key, obj: h.obj, rv: ev.revision, namespace: h.obj.metadata.namespace ?? '' } : this.toCached(ev.kv!);
          if (!prev) this.added.push(ev.key);
          this.items.set(ev.key, cur);
        }
        const ce: CacheEvent = { type: ev.type, rv: ev.revision, key: ev.key, cur };
        if (prev) ce.prev = prev;
        this.record(ce);
        this.setRevision(ev.revision);
      }
    } finally {
      this.storageWatch = null;
    }
    if (!this.stopped) throw new Error('storage watch ended');
  }

  private toCached(kv: KeyValue): CachedObject {
    const obj = this.opts.decode(kv);
    return { key: kv.key, obj, rv: kv.modRevision, namespace: obj.metadata.namespace ?? '' };
  }

  private withRevision(c: CachedObject, rv: number): CachedObject {
    const obj = { ...c.obj, metadata: { ...c.obj.metadata, resourceVersion: String(rv) } };
    return { key: c.key, obj, rv, namespace: c.namespace };
  }

  private record(ev: CacheEvent): void {
    ev.at = this.now();
    if (this.history.length - this.historyStart >= this.historySize && this.historySize < this.historyMaxSize) {
      const oldest = this.history[this.historyStart]!;
      if (oldest.at !== undefined && ev.at - oldest.at < this.historyFreshMs) this.historySize = Math.min(this.historySize * 2, this.historyMaxSize);
    }
    if (this.history.length - this.historyStart >= this.historySize) {
      this.historyFloor = this.history[this.historyStart]!.rv;
      this.historyStart++;
      if (this.historyStart > 4096) {
        this.history = this.history.slice(this.historyStart);
        this.historyStart = 0;
      }
    }
    this.history.push(ev);
    for (const w of this.watchers) deliver(w, ev);
  }

  private setRevision(rev: number): void {
    if (rev <= this.rev) return;
    this.rev = rev;
    if (this.waiters.length) {
      const still: typeof this.waiters = [];
      for (const w of this.waiters) (w.rev <= rev ? w.resolve() : still.push(w));
      this.waiters = still;
    }
  }

  /**
   * The store hands over an object it has just written at `rev` (the exact object stored, with its
   * resourceVersion set, never mutated afterwards), so that the watch event need not be parsed again.
   */
  hint(key: string, rev: number, obj: KubeObject): void {
    if (rev > this.rev) this.hints.set(key, { rev, obj });
  }

  /**
   * Resolves once the cache has seen revision `rev` (asking storage for a progress notification so an
   * idle resource catches up); rejects with FutureRevision after `timeoutMs`.
   */
  async waitUntilFresh(rev: number, timeoutMs = 3_000): Promise<void> {
    await this.ready;
    if (this.rev >= rev) return;
    this.storageWatch?.requestProgress();
    await new Promise<void>((resolve, reject) => {
      const waiter = { rev, resolve: () => (clearTimeout(t), resolve()) };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(storageErrors.futureRevision(rev, this.rev));
      }, timeoutMs);
      this.waiters.push(waiter);
      // Ask again shortly in case the first request raced with the watch being re-established.
      setTimeout(() => this.storageWatch?.requestProgress(), 50).unref();
    });
  }

  get(key: string): CachedObject | undefined {
    return this.items.get(key);
  }

  /** Brings `sorted` up to date: sorts the few added keys and merges them in, dropping deleted ones. */
  private sortedKeys(): string[] {
    if (this.added.length === 0 && this.deletedSinceMerge === 0) return this.sorted;
    const add = this.added.sort();
    const out: string[] = new Array(this.items.size);
    let n = 0;
    let i = 0;
    let j = 0;
    const a = this.sorted;
    let last = '';
    while (i < a.length || j < add.length) {
      const k = j >= add.length || (i < a.length && a[i]! <= add[j]!) ? a[i++]! : add[j++]!;
      if (k === last || !this.items.has(k)) continue;
      out[n++] = k;
      last = k;
    }
    out.length = n;
    this.sorted = out;
    this.added = [];
    this.deletedSinceMerge = 0;
    return out;
  }

  /** Objects under a key prefix (a namespace's "/registry/pods/ns/" or all), sorted by key. */
  list(keyPrefix: string, predicate?: (o: KubeObject) => boolean): CachedObject[] {
    const keys = this.sortedKeys();
    let i = 0;
    if (keyPrefix !== this.opts.prefix) {
      // Binary search the first key >= prefix.
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid]! < keyPrefix) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    const out: CachedObject[] = [];
    for (; i < keys.length; i++) {
      const k = keys[i]!;
      if (!k.startsWith(keyPrefix)) break;
      const c = this.items.get(k)!;
      if (!predicate || predicate(c.obj)) out.push(c);
    }
    return out;
  }

  /** Starts an API watch on the cache. Throws StorageError TooOld when fromRevision left the window. */
  watch(o: CacheWatchOptions): CacheWatch {
    const prefix = o.key ?? (o.namespace ? `${this.opts.prefix}${o.namespace}/` : this.opts.prefix);
    const initial = !o.initialEvents ? [] : o.key ? [this.items.get(o.key)].filter((c): c is CachedObject => !!c) : this.list(prefix);
    let replayFrom = this.history.length;
    if (!o.initialEvents && o.fromRevision < this.rev) {
      if (o.fromRevision < this.historyFloor) throw storageErrors.tooOld(o.fromRevision, this.historyFloor);
      let lo = this.historyStart;
      let hi = this.history.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.history[mid]!.rv <= o.fromRevision) lo = mid + 1;
        else hi = mid;
      }
      replayFrom = lo;
    }
    const ch = new WatchChannel<CacheEvent>({
      ...(o.signal ? { signal: o.signal } : {}),
      // What the watch starts with (the current objects for "", the history since fromRevision) does
      // not count against how far the watcher may fall behind, as upstream's initial events: a watch
      // from "" of 150k pods, or one resuming after a burst, is no slow watcher.
      maxBuffered: (o.maxBuffered ?? DEFAULT_WATCH_BUFFER) + initial.length + (this.history.length - replayFrom),
      onClose: () => this.watchers.delete(w),
    });
    const w: Watcher = { ch, namespace: o.namespace, key: o.key, predicate: o.predicate };
    for (const c of initial) deliver(w, { type: 'ADDED', rv: c.rv, key: c.key, cur: c });
    for (let i = replayFrom; i < this.history.length; i++) deliver(w, this.history[i]!);
    this.watchers.add(w);
    return ch;
  }

  /** The oldest revision a watch can resume from. */
  get oldestRevision(): number {
    return this.historyFloor;
  }
}

function deliver(w: Watcher, ev: CacheEvent): void {
  if (w.key !== undefined && ev.key !== w.key) return;
  if (w.namespace !== undefined && ev.cur.namespace !== w.namespace) return;
  const p = w.predicate;
  if (!p) {
    w.ch.push(ev);
    return;
  }
  const curOk = p(ev.cur.obj);
  if (ev.type === 'DELETED') {
    if (p((ev.prev ?? ev.cur).obj)) w.ch.push(ev);
    return;
  }
  const prevOk = ev.prev ? p(ev.prev.obj) : false;
  if (curOk && (prevOk || ev.type === 'ADDED')) w.ch.push(ev);
  else if (curOk) w.ch.push({ ...ev, type: 'ADDED' });
  else if (prevOk) w.ch.push({ ...ev, type: 'DELETED' });
}
