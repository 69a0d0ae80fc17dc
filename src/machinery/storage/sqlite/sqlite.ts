import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Broadcaster } from '../broadcaster.js';
import { encodeContinue, listStart } from '../continue.js';
import { errors, isStorageError, StorageError } from '../errors.js';
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
import { SCHEMA, type Row } from './schema.js';

export interface SqliteStorageOptions {
  /** The database file; its directory is created if needed. */
  path: string;
  /**
   * 'full' (default): a write is acknowledged only after its transaction is fsynced.
   * 'normal': acknowledged after it reached the WAL (survives a process crash, not a power cut).
   */
  sync?: 'full' | 'normal';
  /** Recent watch events kept in memory for new watchers. */
  watchHistory?: number;
  progressIntervalMs?: number;
  /** How often expired TTL keys are swept (ms). */
  ttlSweepMs?: number;
}

type Result = { revision: number; prev?: KeyValue };

interface Op {
  run(): { result: Result; event: WatchEvent };
  resolve(r: Result): void;
  reject(e: unknown): void;
}

/**
 * kine-style storage on SQLite: one row per write in a log table, row id = revision, and a unique
 * (name, prev_revision) index as the compare-and-swap guard. Concurrent writes are batched into one
 * transaction per event-loop turn and acknowledged after it commits.
 */
export class SqliteStorage implements Storage {
  readonly name = 'sqlite';
  private readonly db: Database.Database;
  private readonly hub: Broadcaster;
  private queue: Op[] = [];
  private flushScheduled = false;
  private rev: number;
  private compacted: number;
  private closed = false;
  private readonly ttls = new Map<string, { expiresAt: number; revision: number }>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly st: ReturnType<SqliteStorage['prepare']>;

  constructor(opts: SqliteStorageOptions) {
    mkdirSync(dirname(opts.path), { recursive: true });
    try {
      this.db = new Database(opts.path, { timeout: 0 });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${opts.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
      // One kts process owns a database: a second opener fails at once instead of corrupting it.
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.exec(SCHEMA);
      this.db.exec('BEGIN IMMEDIATE; COMMIT');
    } catch (err) {
      if (String((err as Error).message).includes('locked') || (err as { code?: string }).code === 'SQLITE_BUSY')
        throw new StorageError('Unreachable', `database ${opts.path} is in use by another process`, { cause: err });
      throw new StorageError('Corrupted', `cannot open database ${opts.path}: ${(err as Error).message}`, { cause: err });
    }
    this.st = this.prepare();
    this.rev = (this.st.seq.get() as { seq: number } | undefined)?.seq ?? 1;
    this.compacted = (this.st.getMeta.get('compact_rev') as { v: number } | undefined)?.v ?? 0;
    this.hub = new Broadcaster(this.rev, {
      historySize: opts.watchHistory ?? 10_000,
      progressIntervalMs: opts.progressIntervalMs ?? 5_000,
      replay: (from, key, prefix) => this.replay(from, key, prefix),
    });
    this.hub.setCompacted(this.compacted);
    for (const r of this.st.leased.all() as Row[]) this.ttls.set(r.name, { expiresAt: r.lease, revision: r.id });
    this.sweeper = setInterval(() => this.sweepTtl(), opts.ttlSweepMs ?? 1000);
    this.sweeper.unref();
    // Finish a compaction that a crash interrupted.
    const done = (this.st.getMeta.get('compact_done') as { v: number } | undefined)?.v ?? 0;
    if (done < this.compacted) this.physicalCompact(done, this.compacted);
  }

  private prepare() {
    const cols = 'id, name, created, deleted, create_revision, prev_revision, lease, value, old_value';
    const d = this.db;
    return {
      seq: d.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'kine'"),
      getMeta: d.prepare('SELECT v FROM kine_meta WHERE k = ?'),
      setMeta: d.prepare('INSERT INTO kine_meta(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v'),
      latest: d.prepare(`SELECT ${cols} FROM kine WHERE name = ? ORDER BY id DESC LIMIT 1`),
      atRev: d.prepare(`SELECT ${cols} FROM kine WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`),
      insert: d.prepare(
        'INSERT INTO kine(name, created, deleted, create_revision, prev_revision, lease, value, old_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      // Walks the (name, id) index in name order and keeps each name's newest row at the revision, so
      // that a page costs its own size (grouping the whole rest of the range first made every page of
      // a 150k-key range cost ~150 ms).
      list: d.prepare(
        `SELECT ${cols} FROM kine kv WHERE kv.name >= ? AND kv.name < ? AND kv.id = (SELECT MAX(k2.id) FROM kine k2 WHERE k2.name = kv.name AND k2.id <= ?) AND kv.deleted = 0 ORDER BY kv.name LIMIT ?`,
      ),
      count: d.prepare(
        'SELECT COUNT(*) AS n FROM kine kv JOIN (SELECT MAX(id) AS mid FROM kine WHERE name >= ? AND name < ? AND id <= ? GROUP BY name) m ON m.mid = kv.id WHERE kv.deleted = 0',
      ),
      after: d.prepare(`SELECT ${cols} FROM kine WHERE id > ? AND name >= ? AND name < ? ORDER BY id`),
      afterKey: d.prepare(`SELECT ${cols} FROM kine WHERE name = ? AND id > ? ORDER BY id`),
      leased: d.prepare(
        `SELECT kv.id, kv.name, kv.lease FROM kine kv JOIN (SELECT MAX(id) AS mid FROM kine GROUP BY name) m ON m.mid = kv.id WHERE kv.deleted = 0 AND kv.lease > 0`,
      ),
      compactChunk: d.prepare(
        'DELETE FROM kine WHERE id > ? AND id <= ? AND (deleted = 1 OR EXISTS (SELECT 1 FROM kine k2 WHERE k2.name = kine.name AND k2.id > kine.id AND k2.id <= ?))',
      ),
    };
  }

  // ---- writes: queued, batched into one transaction per turn, acknowledged after commit ----

  private enqueue(run: Op['run']): Promise<Result> {
    if (this.closed) return Promise.reject(errors.closed(this.name));
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ run, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const ops = this.queue;
    this.queue = [];
    if (ops.length === 0) return;
    const outcomes: Array<{ ok: true; result: Result; event: WatchEvent } | { ok: false; err: unknown }> = [];
    try {
      this.db.transaction(() => {
        for (const op of ops) {
          try {
            const { result, event } = op.run();
            outcomes.push({ ok: true, result, event });
          } catch (err) {
            if (!isStorageError(err)) throw err;
            outcomes.push({ ok: false, err });
          }
        }
      })();
    } catch (err) {
      // Nothing of this batch was committed.
      const e = isStorageError(err) ? err : new StorageError('Unreachable', `sqlite write failed: ${(err as Error).message}`, { cause: err });
      for (const op of ops) op.reject(e);
      this.rev = (this.st.seq.get() as { seq: number } | undefined)?.seq ?? this.rev;
      return;
    }
    ops.forEach((op, i) => {
      const o = outcomes[i]!;
      if (o.ok) {
        this.rev = Math.max(this.rev, o.event.revision);
        this.hub.publish(o.event);
        op.resolve(o.result);
      } else op.reject(o.err);
    });
  }

  private insert(name: string, row: Omit<Row, 'id' | 'name'>): number {
    const info = this.st.insert.run(name, row.created, row.deleted, row.create_revision, row.prev_revision, row.lease, row.value, row.old_value);
    return Number(info.lastInsertRowid);
  }

  private leaseFor(ttl: number | undefined): number {
    return ttl === undefined ? 0 : Date.now() + ttl * 1000;
  }

  private trackTtl(key: string, lease: number, revision: number): void {
    if (lease > 0) this.ttls.set(key, { expiresAt: lease, revision });
    else this.ttls.delete(key);
  }

  async create(key: string, value: string, opts: WriteOptions = {}): Promise<number> {
    validateKey(key);
    validateValue(key, value);
    ttlOk(opts.ttlSeconds);
    const lease = this.leaseFor(opts.ttlSeconds);
    const r = await this.enqueue(() => {
      const cur = this.st.latest.get(key) as Row | undefined;
      if (cur && !cur.deleted) throw errors.keyExists(key);
      const id = this.insert(key, { created: 1, deleted: 0, create_revision: 0, prev_revision: cur?.id ?? 0, lease, value, old_value: null });
      this.trackTtl(key, lease, id);
      const kv = { key, value, createRevision: id, modRevision: id };
      return { result: { revision: id }, event: { type: 'ADDED', revision: id, key, kv } };
    });
    return r.revision;
  }

  async update(key: string, value: string, expectedRevision: number, opts: WriteOptions = {}): Promise<number> {
    validateKey(key);
    validateValue(key, value);
    ttlOk(opts.ttlSeconds);
    const lease = this.leaseFor(opts.ttlSeconds);
    const r = await this.enqueue(() => {
      const cur = this.st.latest.get(key) as Row | undefined;
      if (!cur || cur.deleted) throw errors.keyNotFound(key);
      if (cur.id !== expectedRevision) throw errors.conflict(key, expectedRevision, cur.id);
      const createRev = cur.create_revision || cur.id;
      const id = this.insert(key, { created: 0, deleted: 0, create_revision: createRev, prev_revision: cur.id, lease, value, old_value: cur.value });
      this.trackTtl(key, lease, id);
      const kv = { key, value, createRevision: createRev, modRevision: id };
      const prevKv = toKv(cur);
      return { result: { revision: id }, event: { type: 'MODIFIED', revision: id, key, kv, prevKv } };
    });
    return r.revision;
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    validateKey(key);
    const r = await this.enqueue(() => this.deleteNow(key, opts.expectedRevision));
    return { revision: r.revision, prev: r.prev! };
  }

  private deleteNow(key: string, expected: number | undefined): { result: Result; event: WatchEvent } {
    const cur = this.st.latest.get(key) as Row | undefined;
    if (!cur || cur.deleted) throw errors.keyNotFound(key);
    if (expected !== undefined && cur.id !== expected) throw errors.conflict(key, expected, cur.id);
    const createRev = cur.create_revision || cur.id;
    const id = this.insert(key, { created: 0, deleted: 1, create_revision: createRev, prev_revision: cur.id, lease: 0, value: cur.value, old_value: cur.value });
    this.ttls.delete(key);
    const prev = toKv(cur);
    return {
      result: { revision: id, prev },
      event: { type: 'DELETED', revision: id, key, kv: { ...prev, modRevision: id }, prevKv: prev },
    };
  }

  private sweepTtl(): void {
    if (this.closed || this.ttls.size === 0) return;
    const now = Date.now();
    for (const [key, t] of this.ttls) {
      if (t.expiresAt > now) continue;
      this.ttls.delete(key);
      this.enqueue(() => this.deleteNow(key, t.revision)).catch(() => {
        /* changed or deleted meanwhile: its newer write decides */
      });
    }
  }

  // ---- reads: synchronous against what has been committed ----

  private check(): void {
    if (this.closed) throw errors.closed(this.name);
  }

  private checkRevision(revision: number): void {
    if (revision < this.compacted) throw errors.tooOld(revision, this.compacted);
    if (revision > this.rev) throw errors.futureRevision(revision, this.rev);
  }

  async get(key: string, opts: GetOptions = {}): Promise<KeyValue | null> {
    this.check();
    validateKey(key);
    let row: Row | undefined;
    if (opts.revision) {
      this.checkRevision(opts.revision);
      row = this.st.atRev.get(key, opts.revision) as Row | undefined;
    } else row = this.st.latest.get(key) as Row | undefined;
    return row && !row.deleted ? toKv(row) : null;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.check();
    validateKey(prefix, { prefix: true });
    const { start, revision } = listStart(prefix, opts, { compacted: this.compacted, current: this.rev, check: (r) => this.checkRevision(r) });
    const end = prefixEnd(prefix);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
    const rows = this.st.list.all(start, end, revision, limit === -1 ? -1 : limit + 1) as Row[];
    const more = limit !== -1 && rows.length > limit;
    if (more) rows.length = limit;
    const res: ListResult = { items: rows.map(toKv), revision };
    if (more) {
      const last = rows[rows.length - 1]!.name;
      res.continue = encodeContinue(prefix, last, revision);
      if (opts.countRemaining === true) res.remainingItemCount = (this.st.count.get(last + '\u0000', end, revision) as { n: number }).n;
    }
    return res;
  }

  async count(prefix: string): Promise<number> {
    this.check();
    validateKey(prefix, { prefix: true });
    return (this.st.count.get(prefix, prefixEnd(prefix), this.rev) as { n: number }).n;
  }

  watch(keyOrPrefix: string, opts: WatchOptions = {}): Watch {
    this.check();
    const prefix = opts.prefix ?? true;
    validateKey(keyOrPrefix, { prefix });
    return this.hub.subscribe(keyOrPrefix, { ...opts, prefix });
  }

  private replay(from: number, key: string, prefix: boolean): WatchEvent[] {
    if (from < this.compacted) throw errors.tooOld(from, this.compacted);
    const rows = (prefix ? this.st.after.all(from, key, prefixEnd(key)) : this.st.afterKey.all(key, from)) as Row[];
    return rows.map(toEvent);
  }

  async currentRevision(): Promise<number> {
    this.check();
    return this.rev;
  }

  async compactedRevision(): Promise<number> {
    this.check();
    return this.compacted;
  }

  async compact(revision: number): Promise<void> {
    this.check();
    if (revision <= this.compacted) return;
    if (revision > this.rev) throw errors.futureRevision(revision, this.rev);
    const from = this.compacted;
    // Record the new floor first: from here on, reads below it are refused even while rows are removed.
    this.st.setMeta.run('compact_rev', revision);
    this.compacted = revision;
    this.hub.setCompacted(revision);
    await this.physicalCompactAsync(from, revision);
  }

  /** Removes superseded rows in (from, to], in small transactions so the event loop keeps turning. */
  private async physicalCompactAsync(from: number, to: number): Promise<void> {
    const CHUNK = 2000;
    for (let lo = from; lo < to && !this.closed; lo += CHUNK) {
      this.compactRange(lo, Math.min(lo + CHUNK, to), to);
      await new Promise((r) => setImmediate(r));
    }
  }

  private physicalCompact(from: number, to: number): void {
    for (let lo = from; lo < to; lo += 2000) this.compactRange(lo, Math.min(lo + 2000, to), to);
  }

  private compactRange(lo: number, hi: number, to: number): void {
    this.db.transaction(() => {
      this.st.compactChunk.run(lo, hi, to);
      this.st.setMeta.run('compact_done', hi);
    })();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Writes already queued are committed (and acknowledged) before the database closes.
    this.flush();
    this.closed = true;
    clearInterval(this.sweeper);
    this.hub.failAll(errors.closed(this.name));
    this.hub.close();
    this.db.close();
  }
}

function toKv(r: Row): KeyValue {
  return { key: r.name, value: r.value ?? '', createRevision: r.create_revision || r.id, modRevision: r.id };
}

function toEvent(r: Row): WatchEvent {
  const createRevision = r.create_revision || r.id;
  if (r.deleted) {
    const prev = { key: r.name, value: r.value ?? '', createRevision, modRevision: r.prev_revision };
    return { type: 'DELETED', revision: r.id, key: r.name, kv: { ...prev, modRevision: r.id }, prevKv: prev };
  }
  const kv = toKv(r);
  if (r.created) return { type: 'ADDED', revision: r.id, key: r.name, kv };
  return {
    type: 'MODIFIED',
    revision: r.id,
    key: r.name,
    kv,
    prevKv: { key: r.name, value: r.old_value ?? '', createRevision, modRevision: r.prev_revision },
  };
}
