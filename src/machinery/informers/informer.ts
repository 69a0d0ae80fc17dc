// The shared index informer (client-go's sharedIndexInformer): one reflector keeps one cache of a
// resource in step with the API server, and any number of handlers hear about changes. Controllers
// read from the cache (lister) and only enqueue keys in their handlers.

import type { KubeObject } from '../../api/types.js';
import type { ResourceClient, Selector } from '../client/client.js';
import { realClock, type Clock, type Timer } from '../clock/clock.js';
import type { BackoffOptions } from './backoff.js';
import { Indexer, NAMESPACE_INDEX, namespaceIndexFunc, type IndexFunc } from './indexer.js';
import { DeletedFinalStateUnknown } from './keys.js';
import { Lister } from './lister.js';
import { Listener, type EventHandler, type Notification } from './listener.js';
import { Reflector, type ReflectorSink, type ReflectorStats } from './reflector.js';

export interface SharedIndexInformerOptions<T extends KubeObject> {
  client: ResourceClient<T>;
  /** Default resync period for handlers (0: none). */
  resyncPeriodMs?: number;
  clock?: Clock;
  indexers?: Record<string, IndexFunc<T>>;
  labelSelector?: Selector;
  fieldSelector?: Selector;
  /** Applied to every object before it enters the cache (e.g. drop managedFields). */
  transform?: (obj: T) => T;
  pageSize?: number;
  backoff?: BackoffOptions;
  log?: (msg: string) => void;
}

export interface HandlerRegistration {
  /** True once the handler has been told about everything in the first list. */
  hasSynced(): boolean;
  remove(): void;
}

export interface HandlerOptions {
  /** Resync this handler with this period (ms; the informer's default otherwise, 0: never). */
  resyncPeriodMs?: number;
}

export class SharedIndexInformer<T extends KubeObject = KubeObject> implements ReflectorSink<T> {
  readonly indexer: Indexer<T>;
  readonly lister: Lister<T>;
  private readonly reflector: Reflector<T>;
  private readonly listeners = new Set<Listener<T>>();
  private readonly clock: Clock;
  private readonly log: (m: string) => void;
  private synced = false;
  private syncWaiters: Array<() => void> = [];
  private running: Promise<void> | null = null;
  private resyncTimer: Timer | null = null;
  private stopped = false;

  constructor(private readonly o: SharedIndexInformerOptions<T>) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
    this.indexer = new Indexer<T>({ [NAMESPACE_INDEX]: namespaceIndexFunc, ...o.indexers });
    this.lister = new Lister(this.indexer);
    this.reflector = new Reflector<T>({
      client: o.client,
      sink: this,
      clock: this.clock,
      log: this.log,
      ...(o.labelSelector !== undefined ? { labelSelector: o.labelSelector } : {}),
      ...(o.fieldSelector !== undefined ? { fieldSelector: o.fieldSelector } : {}),
      ...(o.pageSize ? { pageSize: o.pageSize } : {}),
      ...(o.backoff ? { backoff: o.backoff } : {}),
    });
  }

  get resource(): ResourceClient<T> {
    return this.o.client;
  }

  /** Adds indexes (existing objects are indexed at once). */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers);
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.indexer.addIndexers({ [name]: fn });
  }

  /** Registers a handler; when the cache already has objects, the handler first hears them as adds. */
  addEventHandler(handler: EventHandler<T>, o: HandlerOptions = {}): HandlerRegistration {
    const period = o.resyncPeriodMs ?? this.o.resyncPeriodMs ?? 0;
    const l = new Listener<T>(handler, period, this.log);
    this.listeners.add(l);
    if (this.synced) {
      for (const obj of this.indexer.list()) l.add({ kind: 'add', obj, initial: true });
      l.add({ kind: 'synced' });
    }
    if (period > 0) {
      l.nextResyncAt = this.clock.now() + period;
      this.scheduleResync();
    }
    return {
      hasSynced: () => l.hasSynced(),
      remove: () => {
        l.removed = true;
        this.listeners.delete(l);
      },
    };
  }

  /** True once the first list is in the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, false if the signal aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  get stats(): Readonly<ReflectorStats> {
    return this.reflector.stats;
  }

  isRunning(): boolean {
    return this.running !== null && !this.stopped;
  }

  /** Lists and watches until the signal aborts; the promise settles when the informer has stopped. */
  run(signal: AbortSignal): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        await this.reflector.run(signal);
      } finally {
        this.stopped = true;
        this.resyncTimer?.cancel();
        this.resyncTimer = null;
      }
    })();
    return this.running;
  }

  private transform(obj: T): T {
    return this.o.transform ? this.o.transform(obj) : obj;
  }

  private notify(n: Notification<T>): void {
    for (const l of this.listeners) l.add(n);
  }

  // ---------------------------------------------------------------- ReflectorSink

  replace(items: T[], _resourceVersion: string): void {
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const raw of items) {
      const obj = this.transform(raw);
      const key = this.indexer.keyOf(obj);
      seen.add(key);
      const old = this.indexer.upsert(obj);
      this.notify(old ? { kind: 'update', old, obj } : { kind: 'add', obj, initial });
    }
    for (const key of this.indexer.keys()) {
      if (seen.has(key)) continue;
      const old = this.indexer.deleteKey(key)!;
      this.notify({ kind: 'delete', obj: new DeletedFinalStateUnknown(key, old) });
    }
    if (initial) {
      this.synced = true;
      this.notify({ kind: 'synced' });
      for (const w of this.syncWaiters.splice(0)) w();
      this.scheduleResync();
    }
  }

  add(raw: T): void {
    this.update(raw);
  }

  update(raw: T): void {
    const obj = this.transform(raw);
    const old = this.indexer.upsert(obj);
    this.notify(old ? { kind: 'update', old, obj } : { kind: 'add', obj, initial: false });
  }

  delete(raw: T): void {
    const obj = this.transform(raw);
    this.indexer.deleteKey(this.indexer.keyOf(obj));
    this.notify({ kind: 'delete', obj });
  }

  // ---------------------------------------------------------------- resync

  private scheduleResync(): void {
    if (!this.synced || this.stopped) return;
    let next = Infinity;
    for (const l of this.listeners) next = Math.min(next, l.nextResyncAt);
    if (next === Infinity) return;
    this.resyncTimer?.cancel();
    this.resyncTimer = this.clock.setTimeout(() => this.resync(), Math.max(0, next - this.clock.now()));
  }

  private resync(): void {
    this.resyncTimer = null;
    const now = this.clock.now();
    const objs = this.indexer.list();
    for (const l of this.listeners) {
      if (l.resyncPeriodMs <= 0 || l.nextResyncAt > now) continue;
      for (const obj of objs) l.add({ kind: 'update', old: obj, obj });
      l.nextResyncAt = now + l.resyncPeriodMs;
    }
    this.scheduleResync();
  }
}
