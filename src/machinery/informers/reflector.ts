// The reflector (client-go's tools/cache Reflector): lists a resource (in pages of 500), hands the
// list to its sink as one replace, then watches from the list's resourceVersion with bookmarks,
// feeding every change to the sink. A watch that ends is resumed from the last resourceVersion seen;
// one the server no longer has history for (410 Expired/Gone) or that fails otherwise leads, after a
// jittered backoff, to a fresh list.

import type { KubeObject } from '../../api/types.js';
import type { ResourceClient, Selector } from '../client/client.js';
import { isResourceExpired, isTooManyRequests, statusErrorFromStatus } from '../client/errors.js';
import { gvrString } from '../client/gvr.js';
import type { Watch } from '../client/watch.js';
import { realClock, type Clock } from '../clock/clock.js';
import { Backoff, type BackoffOptions } from './backoff.js';

/** Where a reflector delivers what it sees (the informer). */
export interface ReflectorSink<T extends KubeObject> {
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export interface ReflectorOptions<T extends KubeObject> {
  client: ResourceClient<T>;
  sink: ReflectorSink<T>;
  clock?: Clock;
  /** Items per list page (default 500). */
  pageSize?: number;
  labelSelector?: Selector;
  fieldSelector?: Selector;
  /** Watches last between this and twice this (default 300 s), then are resumed. */
  minWatchTimeoutSeconds?: number;
  /** A LIST (one page) not answered within this is given up and retried (default 180 s). */
  listTimeoutMs?: number;
  /** How long past its timeoutSeconds a watch the server has not ended is given up (default 60 s). */
  watchGraceSeconds?: number;
  backoff?: BackoffOptions;
  log?: (msg: string) => void;
}

export interface ReflectorStats {
  lists: number;
  watches: number;
  /** Relists caused by 410 (the server's watch history no longer reached back far enough). */
  expired: number;
}

class ShortWatchError extends Error {}

export class Reflector<T extends KubeObject> {
  private lastRV = '';
  private lastRVUnavailable = false;
  readonly stats: ReflectorStats = { lists: 0, watches: 0, expired: 0 };
  private readonly clock: Clock;
  private readonly log: (m: string) => void;
  private readonly name: string;

  constructor(private readonly o: ReflectorOptions<T>) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
    this.name = gvrString(o.client.gvr) + (o.client.namespace ? ` in ${o.client.namespace}` : '');
  }

  /** The resourceVersion of the last list, watch event or bookmark. */
  get lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  /** Lists and watches until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.clock, this.o.backoff);
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal, backoff);
      } catch (err) {
        if (signal.aborted) break;
        this.log(`reflector ${this.name}: ${(err as Error).message}`);
      }
      if (signal.aborted) break;
      await this.clock.sleep(backoff.next(), signal);
    }
  }

  private selectors(): { labelSelector?: Selector; fieldSelector?: Selector } {
    return { ...(this.o.labelSelector !== undefined ? { labelSelector: this.o.labelSelector } : {}), ...(this.o.fieldSelector !== undefined ? { fieldSelector: this.o.fieldSelector } : {}) };
  }

  /**
   * The resourceVersion to list at, as client-go's reflector chooses it: "0" the first time (any
   * state the server's watch cache has, served whole from the cache), the last one seen on a relist
   * (served from the cache once it is that fresh), and "" (a consistent read, paged from storage)
   * only after the server said that version is gone.
   */
  private relistResourceVersion(): string {
    if (this.lastRVUnavailable) return '';
    return this.lastRV || '0';
  }

  private async list(signal: AbortSignal): Promise<void> {
    this.stats.lists++;
    const limit = this.o.pageSize ?? 500;
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    const at = this.relistResourceVersion();
    // As client-go: a relist at a version the cache has is asked for whole (no limit), so that the
    // server answers from its watch cache instead of paging through storage; "0" is served whole
    // anyway; only the consistent "" list is paged.
    const paged = at === '' || at === '0';
    for (;;) {
      let page;
      try {
        page = await this.withDeadline(signal, this.o.listTimeoutMs ?? 180_000, 'list', (s) =>
          this.o.client.list({ ...this.selectors(), ...(paged ? { limit } : {}), ...(cont ? { continue: cont } : at ? { resourceVersion: at } : {}), signal: s }),
        );
      } catch (err) {
        if (!isResourceExpired(err)) throw err;
        if (!cont && at !== '') {
          // The version to list at is gone from the server: list again at once, consistently.
          this.stats.lists--;
          this.lastRVUnavailable = true;
          return this.list(signal);
        }
        // The continue token outlived the server's history: list again, whole.
        page = await this.o.client.list({ ...this.selectors(), signal });
        items.length = 0;
        cont = undefined;
      }
      items.push(...page.items);
      rv = page.metadata.resourceVersion ?? rv;
      cont = page.metadata.continue || undefined;
      if (!cont) break;
    }
    if (signal.aborted) return;
    this.lastRV = rv;
    this.lastRVUnavailable = false;
    this.o.sink.replace(items, rv);
  }

  /**
   * Runs a request that may not outlast ms: the server answers a LIST within its request timeout
   * (60 s), so one with no answer long after is given up (an informer must never hang on it).
   */
  private async withDeadline<R>(signal: AbortSignal, ms: number, what: string, fn: (s: AbortSignal) => Promise<R>): Promise<R> {
    const d = this.deadline(signal, ms);
    try {
      return await fn(d.signal);
    } catch (err) {
      if (d.overdue() && !signal.aborted) throw new Error(`${this.name}: no complete answer to the ${what} after ${Math.round(ms / 1000)} s`);
      throw err;
    } finally {
      d.settle();
    }
  }

  /** A signal that aborts with `signal` or after ms, whichever comes first; settle() releases it. */
  private deadline(signal: AbortSignal, ms: number): { signal: AbortSignal; overdue(): boolean; settle(): void } {
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let overdue = false;
    const timer = this.clock.setTimeout(() => {
      overdue = true;
      ac.abort();
    }, ms);
    return {
      signal: ac.signal,
      overdue: () => overdue,
      settle: () => {
        timer.cancel();
        signal.removeEventListener('abort', onAbort);
      },
    };
  }

  private async listAndWatch(signal: AbortSignal, backoff: Backoff): Promise<void> {
    await this.list(signal);
    const min = this.o.minWatchTimeoutSeconds ?? 300;
    while (!signal.aborted) {
      let w: Watch<T>;
      // The server ends a watch after timeoutSeconds. One it never ends (a connection gone silent, an
      // answer that never came) is given up a minute later and resumed, so an informer cannot hang.
      const timeoutSeconds = Math.floor(min * (1 + Math.random()));
      const d = this.deadline(signal, (timeoutSeconds + (this.o.watchGraceSeconds ?? 60)) * 1000);
      try {
        this.stats.watches++;
        w = await this.o.client.watch({
          ...this.selectors(),
          resourceVersion: this.lastRV,
          allowWatchBookmarks: true,
          timeoutSeconds,
          signal: d.signal,
        });
      } catch (err) {
        d.settle();
        if (signal.aborted) return;
        if (d.overdue()) {
          this.log(`reflector ${this.name}: no answer to the watch request after ${timeoutSeconds} s; watching again`);
          continue;
        }
        if (isResourceExpired(err)) {
          this.stats.expired++;
          return;
        }
        // The server is down or busy: try the watch again (from the same resourceVersion) later.
        if ((err as { code?: unknown }).code === 'ECONNREFUSED' || isTooManyRequests(err)) {
          await this.clock.sleep(backoff.next(), signal);
          continue;
        }
        throw err;
      }
      const started = this.clock.now();
      let events = 0;
      try {
        for await (const ev of w) {
          if (ev.type === 'ERROR') {
            const err = statusErrorFromStatus(ev.object);
            if (isResourceExpired(err)) {
              this.stats.expired++;
              this.log(`reflector ${this.name}: watch closed with 410: ${err.message}; relisting`);
              return;
            }
            throw err;
          }
          const obj = ev.object;
          const rv = obj.metadata?.resourceVersion;
          switch (ev.type) {
            case 'ADDED':
              this.o.sink.add(obj);
              break;
            case 'MODIFIED':
              this.o.sink.update(obj);
              break;
            case 'DELETED':
              this.o.sink.delete(obj);
              break;
            case 'BOOKMARK':
              break;
          }
          if (rv) this.lastRV = rv;
          events++;
        }
      } catch (err) {
        if (signal.aborted) return;
        if ((err as { status?: unknown }).status) throw err;
        // A broken stream (or one the server never ended): resume from the last resourceVersion.
        this.log(`reflector ${this.name}: ${d.overdue() ? `watch not ended by the server ${timeoutSeconds} s after it began; watching again` : `watch stream broke: ${(err as Error).message}`}`);
        continue;
      } finally {
        d.settle();
        w.close();
      }
      if (events === 0 && this.clock.now() - started < 1000 && !signal.aborted)
        throw new ShortWatchError(`very short watch: ${this.name}: unexpected watch close - watch lasted less than a second and no items received`);
    }
  }
}
