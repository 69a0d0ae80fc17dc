import { Broadcaster } from '../broadcaster.js';
import { encodeContinue, listStart } from '../continue.js';
import { errors } from '../errors.js';
import type {
  DeleteOptions,
  DeleteResult,
  GetOptions,
  KeyValue,
  ListOptions,
  ListResult,
  Storage,
  Watch,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from '../interface.js';
import { prefixEnd, ttlOk, validateKey, validateValue } from '../keys.js';

export interface MemoryStorageOptions {
  /** Watch events kept in memory for new watchers (all history is kept until compacted anyway). */
  watchHistory?: number;
  progressIntervalMs?: number;
}

interface Entry {
  revision: number;
  key: string;
  kv: KeyValue | null; // null: a delete
  prev: KeyValue | null;
}

/**
 * The fake: every write appended to an in-memory log, with the same semantics as the real backends.
 * Fast, for unit tests of everything above storage.
 */
export class MemoryStorage implements Storage {
  readonly name = 'memory';
  private log: Entry[] = [];
  private current = new Map<string, KeyValue>();
  private rev = 1;
  private compacted = 0;
  private closed = false;
  private expiries = new Map<string, NodeJS.Timeout>();
  private readonly hub: Broadcaster;

  constructor(opts: MemoryStorageOptions = {}) {
    this.hub = new Broadcaster(this.rev, {
      historySize: opts.watchHistory ?? 10_000,
      progressIntervalMs: opts.progressIntervalMs ?? 5_000,
      replay: (from, key, prefix) => this.replay(from, key, prefix),
    });
  }

  private check(): void {
    if (this.closed) throw errors.closed(this.name);
  }

  private commit(key: string, kv: KeyValue | null, prev: KeyValue | null, ttl?: number): number {
    const revision = ++this.rev;
    if (kv) {
      kv.modRevision = revision;
      if (!prev) kv.createRevision = revision;
      this.current.set(key, kv);
    } else this.current.delete(key);
    this.log.push({ revision, key, kv, prev });
    this.setTtl(key, kv ? ttl : undefined);
    this.hub.publish(toEvent({ revision, key, kv, prev }));
    return revision;
  }

  private setTtl(key: string, ttl: number | undefined): void {
    const old = this.expiries.get(key);
    if (old) clearTimeout(old);
    this.expiries.delete(key);
    if (ttl === undefined) return;
    const t = setTimeout(() => {
      this.expiries.delete(key);
      const cur = this.current.get(key);
      if (cur && !this.closed) this.commit(key, null, cur);
    }, ttl * 1000);
    t.unref();
    this.expiries.set(key, t);
  }

  async create(key: string, value: string, opts: WriteOptions = {}): Promise<number> {
    this.check();
    validateKey(key);
    validateValue(key, value);
    ttlOk(opts.ttlSeconds);
    if (this.current.has(key)) throw errors.keyExists(key);
    return this.commit(key, { key, value, createRevision: 0, modRevision: 0 }, null, opts.ttlSeconds);
  }

  async get(key: string, opts: GetOptions = {}): Promise<KeyValue | null> {
    this.check();
    validateKey(key);
    if (!opts.revision) return copy(this.current.get(key) ?? null);
    this.checkRevision(opts.revision);
    let found: KeyValue | null = null;
    for (const e of this.log) {
      if (e.revision > opts.revision) break;
      if (e.key === key) found = e.kv;
    }
    return copy(found);
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.check();
    validateKey(prefix, { prefix: true });
    const { start, revision } = listStart(prefix, opts, { compacted: this.compacted, current: this.rev, check: (r) => this.checkRevision(r) });
    const end = prefixEnd(prefix);
    const snapshot = revision === this.rev ? this.current : this.stateAt(revision);
    const keys = [...snapshot.keys()].filter((k) => k >= start && k < end).sort();
    const limit = opts.limit && opts.limit > 0 ? opts.limit : keys.length;
    const page = keys.slice(0, limit);
    const res: ListResult = { items: page.map((k) => copy(snapshot.get(k)!)!), revision };
    if (keys.length > page.length) {
      res.continue = encodeContinue(prefix, page[page.length - 1]!, revision);
      res.remainingItemCount = keys.length - page.length;
    }
    return res;
  }

  async count(prefix: string): Promise<number> {
    this.check();
    validateKey(prefix, { prefix: true });
    const end = prefixEnd(prefix);
    let n = 0;
    for (const k of this.current.keys()) if (k >= prefix && k < end) n++;
    return n;
  }

  async update(key: string, value: string, expectedRevision: number, opts: WriteOptions = {}): Promise<number> {
    this.check();
    validateKey(key);
    validateValue(key, value);
    ttlOk(opts.ttlSeconds);
    const cur = this.current.get(key);
    if (!cur) throw errors.keyNotFound(key);
    if (cur.modRevision !== expectedRevision) throw errors.conflict(key, expectedRevision, cur.modRevision);
    return this.commit(key, { key, value, createRevision: cur.createRevision, modRevision: 0 }, cur, opts.ttlSeconds);
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    this.check();
    validateKey(key);
    const cur = this.current.get(key);
    if (!cur) throw errors.keyNotFound(key);
    if (opts.expectedRevision !== undefined && cur.modRevision !== opts.expectedRevision)
      throw errors.conflict(key, opts.expectedRevision, cur.modRevision);
    const revision = this.commit(key, null, cur);
    return { revision, prev: { ...cur } };
  }

  watch(keyOrPrefix: string, opts: WatchOptions = {}): Watch {
    this.check();
    const prefix = opts.prefix ?? true;
    validateKey(keyOrPrefix, { prefix });
    return this.hub.subscribe(keyOrPrefix, { ...opts, prefix });
  }

  async currentRevision(): Promise<number> {
    this.check();
    return this.rev;
  }

  async compact(revision: number): Promise<void> {
    this.check();
    if (revision <= this.compacted) return;
    if (revision > this.rev) throw errors.invalidKey('', `cannot compact to future revision ${revision} (current ${this.rev})`);
    // Keep, for every key, its latest entry at or before `revision` if that is a live value, and all later entries.
    const latestAt = new Map<string, Entry>();
    const keep: Entry[] = [];
    for (const e of this.log) {
      if (e.revision <= revision) latestAt.set(e.key, e);
      else keep.push(e);
    }
    const survivors = [...latestAt.values()].filter((e) => e.kv !== null).sort((a, b) => a.revision - b.revision);
    this.log = [...survivors, ...keep];
    this.compacted = revision;
    this.hub.setCompacted(revision);
  }

  async compactedRevision(): Promise<number> {
    this.check();
    return this.compacted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.expiries.values()) clearTimeout(t);
    this.hub.failAll(errors.closed(this.name));
    this.hub.close();
  }

  private checkRevision(revision: number): void {
    if (revision < this.compacted) throw errors.tooOld(revision, this.compacted);
    if (revision > this.rev) throw errors.futureRevision(revision, this.rev);
  }

  private stateAt(revision: number): Map<string, KeyValue> {
    const m = new Map<string, KeyValue>();
    for (const e of this.log) {
      if (e.revision > revision) break;
      if (e.kv) m.set(e.key, e.kv);
      else m.delete(e.key);
    }
    return m;
  }

  private replay(from: number, key: string, prefix: boolean): WatchEvent[] {
    if (from < this.compacted) throw errors.tooOld(from, this.compacted);
    const end = prefix ? prefixEnd(key) : null;
    const out: WatchEvent[] = [];
    for (const e of this.log) {
      if (e.revision <= from) continue;
      if (end === null ? e.key !== key : e.key < key || e.key >= end) continue;
      out.push(toEvent(e));
    }
    return out;
  }
}

function copy(kv: KeyValue | null): KeyValue | null {
  return kv ? { ...kv } : null;
}

function toEvent(e: Entry): WatchEvent {
  if (e.kv) {
    const ev: WatchEvent = { type: e.prev ? 'MODIFIED' : 'ADDED', revision: e.revision, key: e.key, kv: { ...e.kv } };
    if (e.prev) ev.prevKv = { ...e.prev };
    return ev;
  }
  return { type: 'DELETED', revision: e.revision, key: e.key, kv: { ...e.prev!, modRevision: e.revision }, prevKv: { ...e.prev! } };
}
