// The etcd v3 backend: the Storage contract on a real etcd (one member or a cluster), with the same
// semantics as the in-memory reference backend, which the shared conformance suite checks.
//
// Writes are single etcd transactions (compare create_revision / mod_revision, then put or delete), so
// preconditions are atomic and each write is one revision. Reads are linearizable ranges, optionally at
// an older revision. Each watch is its own gRPC watch stream holding one etcd watcher with prev_kv, so
// that its responses, progress notifications included, concern that watcher alone; a broken stream is
// re-established on another member from the last revision delivered, so the consumer sees no gap and no
// repeat. Compaction is etcd's, recorded in an etcd key (outside every valid key range) so that every kts
// process sharing the etcd, and every restart, agrees on the compacted revision.
//
// Talking to etcd goes through the etcd3 npm client's low-level KV, Lease, Watch and Maintenance gRPC
// clients, one etcd3 client per endpoint (and a separate one for watch streams, so that a failed unary
// call, which makes etcd3 rebuild its channel, never tears down watches). Failover between endpoints,
// deadlines and retries are done here rather than by etcd3's policies, because only a request known not
// to have reached etcd may be retried blindly: a compare-and-swap sent twice would report its own first
// success as a conflict.

import {
  Etcd3,
  type ICompare,
  type IDuplexStream,
  type IKeyValue,
  type IOptions,
  type IResponseHeader,
  type ITxnResponse,
  type IWatchRequest,
  type IWatchResponse,
} from 'etcd3';
import { DEFAULT_WATCH_BUFFER, WatchChannel } from '../channel.js';
import { decodeContinue, encodeContinue } from '../continue.js';
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
import { ttlOk, validateKey, validateValue } from '../keys.js';

export interface EtcdStorageOptions {
  /** Client URLs: http://host:port, https://host:port (or host:port, taken as http unless tls is set). */
  endpoints: string[];
  /** TLS: the CA that signed etcd's serving certificate, and the client certificate and key (PEM). */
  tls?: { ca: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
  /** How long a request (or a broken watch) keeps trying to reach a member before failing with Unreachable. Default 5,000. */
  dialTimeoutMs?: number;
  /** The deadline of one request sent to a member. Default 15,000. */
  requestTimeoutMs?: number;
  /** Undelivered events a watcher may fall behind by before it is dropped with WatcherTooSlow. */
  watchBuffer?: number;
  /**
   * For watches with progressNotify: after this long without events, ask etcd for a progress
   * notification (etcd ≥ 3.4.31 / 3.5.13). Older etcd sends its own, every
   * --experimental-watch-progress-notify-interval. Default 5,000.
   */
  progressIntervalMs?: number;
  /**
   * Whether etcd answers WatchProgressRequests only after the watcher's events, so that the answer can
   * serve requestProgress(). Default: decided from each member's version (3.4.31+, 3.5.13+, 3.6+).
   */
  trustProgressRequests?: boolean;
}

/**
 * Where the compacted revision is recorded (its value) and how many compactions there were (its
 * version). Valid keys start with "/", so no get, list, count or watch of this store ever sees it.
 */
export const COMPACT_REVISION_KEY = 'kts_compact_rev_key';

const DEFAULT_DIAL_TIMEOUT_MS = 5_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
const DEFAULT_PROGRESS_INTERVAL_MS = 5_000;
/** How often a pending progress request is sent again (etcd drops it while the watcher catches up). */
const PROGRESS_RESEND_MS = 200;

/** What kind of failure an error from etcd3 / gRPC is. */
type Failure =
  | 'app' // etcd answered: the request was understood and refused (compacted, too large, ...)
  | 'unsent' // the request certainly did not reach etcd (no connection, no leader): safe to retry anywhere
  | 'ambiguous'; // the connection failed while the request was out: it may or may not have been applied

const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_INTERNAL = 13;
const GRPC_UNAVAILABLE = 14;

function grpcCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const c = (err as { code?: unknown }).code;
  if (typeof c === 'number') return c;
  // etcd3 re-creates gRPC errors as its own classes, keeping only the message: "14 UNAVAILABLE: ...".
  const m = /^(\d+) [A-Z_]+: /.exec(String((err as { message?: unknown }).message ?? ''));
  return m ? Number(m[1]) : undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function classify(err: unknown): Failure {
  const msg = message(err);
  const code = grpcCode(err);
  if (/ClientClosedError|client was already closed/.test(msg) || (err as Error)?.constructor?.name === 'ClientClosedError') return 'unsent';
  if (code === GRPC_UNAVAILABLE) {
    // grpc-js could not start the call on any connection, or etcd refused it before proposing it.
    if (/No connection established|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|Name resolution failed|Failed to connect|no leader|not capable/i.test(msg)) return 'unsent';
    return 'ambiguous';
  }
  if (code === GRPC_RESOURCE_EXHAUSTED && /too many requests/.test(msg)) return 'unsent';
  if (code === GRPC_DEADLINE_EXCEEDED || code === GRPC_CANCELLED || code === GRPC_INTERNAL) return 'ambiguous';
  if (/etcdserver: (request timed out|leader changed|timed out waiting for read index)/.test(msg)) return 'ambiguous';
  if (/Connection dropped|ECONNRESET|EPIPE|socket hang up|Stream refused|GOAWAY/i.test(msg)) return 'ambiguous';
  return 'app';
}

const isCompacted = (err: unknown) => /required revision has been compacted/.test(message(err));
const isFutureRev = (err: unknown) => /required revision is a future revision/.test(message(err));
const isTooLarge = (err: unknown) => /request is too large|larger than max/.test(message(err));

/** The smallest byte string greater than every key that starts with `prefix` (etcd's range_end). */
function prefixEndBytes(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]); // every key from `prefix` on
}

function toKV(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value.toString('utf8'),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

/** Whether this etcd version answers a WatchProgressRequest only after the watcher's events (etcd PRs 15237, 17557). */
export function progressRequestsAreOrdered(version: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major !== 3) return major > 3;
  if (minor >= 6) return true;
  if (minor === 5) return patch >= 13;
  if (minor === 4) return patch >= 31;
  return false;
}

/** etcd3's fault-handling policy interface, implemented as "just run it": failover is ours. */
const passThrough = {
  execute: async <T>(fn: (ctx: { signal: AbortSignal }) => T | Promise<T>): Promise<T> => fn({ signal: new AbortController().signal }),
} as unknown as NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

interface Endpoint {
  url: string;
  /** Unary calls (KV, Lease, Maintenance). */
  kv: Etcd3;
  /** Watch streams only. */
  watch: Etcd3;
  /** Whether progress requests are safe on this member; undefined until known. */
  ordered: boolean | undefined;
  versionProbe: Promise<void> | null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class EtcdStorage implements Storage {
  readonly name = 'etcd';
  /** @internal */ readonly endpoints: Endpoint[];
  /** @internal */ readonly dialTimeoutMs: number;
  /** @internal */ readonly requestTimeoutMs: number;
  /** @internal */ readonly watchBuffer: number;
  /** @internal */ readonly progressIntervalMs: number;
  /** The highest revision any response has shown: every write this process has seen is at or below it. */
  private rev = 0;
  private revPromise: Promise<number> | null = null;
  /** Compaction learned from etcd itself (a watch cancelled for compaction). */
  private learnedCompacted = 0;
  private preferred = 0;
  private closed = false;
  private readonly onClose = new Set<(err: StorageError) => void>();
  private readonly watchers = new Set<EtcdWatch>();
  private readonly leases = new Map<number, { id: Promise<string>; grantedAt: number; reuseMs: number }>();

  constructor(opts: EtcdStorageOptions) {
    if (!opts || !Array.isArray(opts.endpoints) || opts.endpoints.length === 0) throw new Error('EtcdStorage needs at least one endpoint');
    this.dialTimeoutMs = opts.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.watchBuffer = opts.watchBuffer ?? DEFAULT_WATCH_BUFFER;
    this.progressIntervalMs = opts.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
    const toBuf = (v: string | Buffer | undefined) => (v === undefined ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(v));
    const credentials = opts.tls
      ? {
          rootCertificate: toBuf(opts.tls.ca)!,
          ...(opts.tls.key !== undefined ? { privateKey: toBuf(opts.tls.key)! } : {}),
          ...(opts.tls.cert !== undefined ? { certChain: toBuf(opts.tls.cert)! } : {}),
        }
      : undefined;
    const grpcOptions = {
      'grpc.max_receive_message_length': -1,
      'grpc.max_send_message_length': -1,
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1_000,
    };
    this.endpoints = opts.endpoints.map((raw) => {
      let url = raw.trim();
      if (!/^https?:\/\//.test(url)) url = `${opts.tls ? 'https' : 'http'}://${url}`;
      if (opts.tls && url.startsWith('http://')) throw new Error(`endpoint ${raw} is http, but tls options were given`);
      if (!opts.tls && url.startsWith('https://')) throw new Error(`endpoint ${raw} is https: give the CA (and client certificate) in tls`);
      const make = () =>
        new Etcd3({
          hosts: url,
          ...(credentials ? { credentials } : {}),
          grpcOptions,
          faultHandling: { global: passThrough, host: () => passThrough },
        });
      return { url, kv: make(), watch: make(), ordered: opts.trustProgressRequests, versionProbe: null };
    });
  }

  // ---- plumbing ----

  private check(): void {
    if (this.closed) throw errors.closed(this.name);
  }

  /** @internal */
  isClosed(): boolean {
    return this.closed;
  }

  /** @internal */
  observe(header: IResponseHeader | undefined): void {
    const r = Number(header?.revision ?? 0);
    if (r > this.rev) this.rev = r;
  }

  /** @internal The highest revision seen so far (0 before the first response). */
  knownRevision(): number {
    return this.rev;
  }

  /** Settles with `p`, or rejects with Closed as soon as the store closes. */
  private raceClosed<T>(p: Promise<T>): Promise<T> {
    p.catch(() => {}); // if close wins, p's own failure is expected and of no interest
    if (this.closed) return Promise.reject(errors.closed(this.name));
    return new Promise<T>((resolve, reject) => {
      const onClose = (err: StorageError) => reject(err);
      this.onClose.add(onClose);
      p.then(
        (v) => {
          this.onClose.delete(onClose);
          resolve(v);
        },
        (e) => {
          this.onClose.delete(onClose);
          reject(e);
        },
      );
    });
  }

  /** @internal */
  unreachable(cause: unknown): StorageError {
    return new StorageError('Unreachable', `etcd is unreachable (${this.endpoints.map((e) => e.url).join(', ')}): ${message(cause)}`, { cause });
  }

  /** @internal Picks the endpoint for the n-th attempt, starting at the one that last worked. */
  endpoint(attempt: number): { ep: Endpoint; index: number } {
    const index = (this.preferred + attempt) % this.endpoints.length;
    return { ep: this.endpoints[index]!, index };
  }

  /** @internal */
  endpointAt(index: number): { ep: Endpoint; index: number } {
    const i = index % this.endpoints.length;
    return { ep: this.endpoints[i]!, index: i };
  }

  /** @internal */
  markGood(index: number): void {
    this.preferred = index;
  }

  /**
   * Runs one unary request, failing over between members. A request that certainly did not reach etcd
   * is retried (on the next member, with a short backoff once every member failed) for up to
   * dialTimeoutMs; one that may have reached it is retried only if `idempotent`.
   */
  private async call<T>(idempotent: boolean, fn: (c: Etcd3, opts: { deadline: number }) => Promise<T>): Promise<T> {
    this.check();
    const giveUpAt = Date.now() + this.dialTimeoutMs;
    const n = this.endpoints.length;
    for (let attempt = 0; ; attempt++) {
      const { ep, index } = this.endpoint(attempt);
      try {
        return await this.raceClosed(Promise.resolve().then(() => fn(ep.kv, { deadline: Date.now() + this.requestTimeoutMs })));
      } catch (err) {
        if (this.closed) throw errors.closed(this.name);
        if (isStorageError(err)) throw err;
        const kind = classify(err);
        if (kind === 'app') throw err;
        // This member may be down: let other requests start at the next one.
        if (this.preferred === index) this.preferred = (index + 1) % n;
        if (kind === 'ambiguous' && !idempotent) throw this.unreachable(err);
        if (Date.now() >= giveUpAt) throw this.unreachable(err);
        if ((attempt + 1) % n === 0) {
          const round = (attempt + 1) / n;
          await this.raceClosed(sleep(Math.min(50 * 2 ** (round - 1), 500, Math.max(giveUpAt - Date.now(), 0))));
        }
      }
    }
  }

  /** The current revision, also remembered as known. */
  private async fetchRevision(): Promise<number> {
    const res = await this.call(true, (c, o) => c.kv.range({ key: Buffer.from(COMPACT_REVISION_KEY), count_only: true }, o));
    this.observe(res.header);
    return Number(res.header.revision);
  }

  /**
   * @internal The revision "now" means for a new watch. Before any response has been seen, one read
   * fixes it, and writes wait for that read: a write issued after watch() then lands after "now".
   */
  startRevision(): Promise<number> {
    if (this.rev > 0) return Promise.resolve(this.rev);
    if (!this.revPromise) {
      const p = this.fetchRevision();
      this.revPromise = p;
      p.catch(() => {
        if (this.revPromise === p) this.revPromise = null;
      });
    }
    return this.revPromise;
  }

  private async writeGate(): Promise<void> {
    if (this.rev === 0) await this.startRevision();
  }

  /**
   * A lease for a write with a TTL. Writes with the same TTL within a short window share one lease (a
   * grant is a raft round trip of its own), granted for the TTL plus that window: such a key lives at
   * most 5% (and at most a minute) longer than asked, on top of etcd's own minimum lease TTL.
   */
  private lease(ttlSeconds: number): Promise<string> {
    const now = Date.now();
    const cached = this.leases.get(ttlSeconds);
    if (cached && now - cached.grantedAt < cached.reuseMs) return cached.id;
    const reuseMs = Math.min(ttlSeconds * 1000 * 0.05, 60_000);
    const id = this.call(true, (c, o) => c.leaseClient.leaseGrant({ TTL: ttlSeconds + Math.ceil(reuseMs / 1000) }, o)).then((res) => res.ID);
    const entry = { id, grantedAt: now, reuseMs };
    this.leases.set(ttlSeconds, entry); // concurrent writes share the grant in flight
    id.catch(() => {
      if (this.leases.get(ttlSeconds) === entry) this.leases.delete(ttlSeconds);
    });
    return id;
  }

  /**
   * Puts `value` at `key` in one transaction guarded by `compare`; on failure, reads the key in the
   * same transaction. A shared lease that etcd no longer knows is replaced once.
   */
  private async put(key: string, value: string, ttlSeconds: number | undefined, compare: ICompare[]): Promise<ITxnResponse> {
    await this.writeGate().catch((err: unknown) => {
      throw this.otherError(err, key);
    });
    const k = Buffer.from(key);
    const v = Buffer.from(value);
    for (let attempt = 0; ; attempt++) {
      const lease = ttlSeconds !== undefined ? await this.lease(ttlSeconds) : undefined;
      try {
        const res = await this.call(false, (c, o) =>
          c.kv.txn(
            {
              compare,
              success: [{ request_put: { key: k, value: v, ...(lease ? { lease } : {}) } }],
              failure: [{ request_range: { key: k } }],
            },
            o,
          ),
        );
        this.observe(res.header);
        return res;
      } catch (err) {
        if (lease && attempt === 0 && /requested lease not found/.test(message(err))) {
          this.leases.delete(ttlSeconds!);
          continue;
        }
        throw this.otherError(err, key);
      }
    }
  }

  /** Maps an etcd failure of a read at `revision` (or of a continued list) to a StorageError. */
  private async readError(err: unknown, revision: number, continued: boolean): Promise<unknown> {
    if (isStorageError(err)) return err;
    if (this.closed) return errors.closed(this.name);
    if (isCompacted(err)) {
      const compacted = await this.compactionFloor(revision).catch(() => revision + 1);
      return continued ? errors.expired(compacted) : errors.tooOld(revision, compacted);
    }
    if (isFutureRev(err)) {
      const current = await this.fetchRevision().catch(() => this.rev);
      return errors.futureRevision(revision, current);
    }
    return this.otherError(err);
  }

  private otherError(err: unknown, key = ''): unknown {
    if (isStorageError(err)) return err;
    if (isTooLarge(err)) return new StorageError('TooLarge', `etcd refused the request for ${key} as too large: ${message(err)}`, { key, cause: err });
    if (classify(err) !== 'app') return this.unreachable(err);
    return err;
  }

  // ---- Storage ----

  async create(key: string, value: string, opts: WriteOptions = {}): Promise<number> {
    this.check();
    validateKey(key);
    validateValue(key, value);
    ttlOk(opts.ttlSeconds);
    const res = await this.put(key, value, opts.ttlSeconds, [{ key: Buffer.from(key), target: 'Create', result: 'Equal', create_revision: 0 }]);
    if (!res.succeeded) throw errors.keyExists(key);
    return Number(res.header.revision);
  }

  async get(key: string, opts: GetOptions = {}): Promise<KeyValue | null> {
    this.check();
    validateKey(key);
    const revision = opts.revision && opts.revision > 0 ? opts.revision : 0;
    let res;
    try {
      res = await this.call(true, (c, o) => c.kv.range({ key: Buffer.from(key), ...(revision ? { revision } : {}) }, o));
    } catch (err) {
      throw await this.readError(err, revision, false);
    }
    this.observe(res.header);
    const kv = res.kvs[0];
    return kv ? toKV(kv) : null;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.check();
    validateKey(prefix, { prefix: true });
    let start = prefix;
    let revision = opts.revision && opts.revision > 0 ? opts.revision : 0;
    const continued = Boolean(opts.continue);
    if (opts.continue) {
      const c = decodeContinue(prefix, opts.continue);
      start = c.startKey;
      revision = c.revision;
    }
    const limit = opts.limit && opts.limit > 0 ? Math.floor(opts.limit) : 0;
    const end = prefixEndBytes(Buffer.from(prefix));
    let res;
    try {
      res = await this.call(true, (c, o) =>
        c.kv.range({ key: Buffer.from(start), range_end: end, ...(revision ? { revision } : {}), ...(limit ? { limit } : {}) }, o),
      );
    } catch (err) {
      throw await this.readError(err, revision, continued);
    }
    this.observe(res.header);
    const snapshot = revision || Number(res.header.revision);
    const items = res.kvs.map(toKV);
    const out: ListResult = { items, revision: snapshot };
    if (res.more && items.length > 0) {
      out.continue = encodeContinue(prefix, items[items.length - 1]!.key, snapshot);
      out.remainingItemCount = Number(res.count) - items.length;
    }
    return out;
  }

  async count(prefix: string): Promise<number> {
    this.check();
    validateKey(prefix, { prefix: true });
    const k = Buffer.from(prefix);
    let res;
    try {
      res = await this.call(true, (c, o) => c.kv.range({ key: k, range_end: prefixEndBytes(k), count_only: true }, o));
    } catch (err) {
      throw this.otherError(err);
    }
    this.observe(res.header);
    return Number(res.count);
  }

  async update(key: string, value: string, expectedRevision: number, opts: WriteOptions = {}): Promise<number> {
    this.check();
    validateKey(key);
    validateValue(key, value);
    ttlOk(opts.ttlSeconds);
    const k = Buffer.from(key);
    const expected = Number.isSafeInteger(expectedRevision) && expectedRevision > 0 ? expectedRevision : -1;
    const res = await this.put(key, value, opts.ttlSeconds, [
      { key: k, target: 'Create', result: 'Greater', create_revision: 0 },
      { key: k, target: 'Mod', result: 'Equal', mod_revision: expected },
    ]);
    if (!res.succeeded) {
      const cur = res.responses[0]?.response_range?.kvs[0];
      if (!cur) throw errors.keyNotFound(key);
      throw errors.conflict(key, expectedRevision, Number(cur.mod_revision));
    }
    return Number(res.header.revision);
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    this.check();
    validateKey(key);
    await this.writeGate();
    const k = Buffer.from(key);
    const compare: ICompare[] = [
      { key: k, target: 'Create', result: 'Greater', create_revision: 0 },
    ];
    if (opts.expectedRevision !== undefined) {
      const expected = Number.isSafeInteger(opts.expectedRevision) && opts.expectedRevision > 0 ? opts.expectedRevision : -1;
      compare.push({ key: k, target: 'Mod', result: 'Equal', mod_revision: expected });
    }
    let res;
    try {
      res = await this.call(false, (c, o) =>
        c.kv.txn({ compare, success: [{ request_delete_range: { key: k, prev_kv: true } }], failure: [{ request_range: { key: k } }] }, o),
      );
    } catch (err) {
      throw this.otherError(err, key);
    }
    this.observe(res.header);
    if (!res.succeeded) {
      const cur = res.responses[0]?.response_range?.kvs[0];
      if (!cur) throw errors.keyNotFound(key);
      throw errors.conflict(key, opts.expectedRevision!, Number(cur.mod_revision));
    }
    const prev = res.responses[0]?.response_delete_range?.prev_kvs[0];
    if (!prev) throw new StorageError('Corrupted', `etcd deleted ${key} without returning its previous value`, { key });
    return { revision: Number(res.header.revision), prev: toKV(prev) };
  }

  watch(keyOrPrefix: string, opts: WatchOptions = {}): Watch {
    this.check();
    const prefix = opts.prefix ?? true;
    validateKey(keyOrPrefix, { prefix });
    const w = new EtcdWatch(this, keyOrPrefix, prefix, opts);
    if (!w.channel.closed) this.watchers.add(w);
    return w.channel;
  }

  /** @internal */
  forgetWatch(w: EtcdWatch): void {
    this.watchers.delete(w);
  }

  async currentRevision(): Promise<number> {
    this.check();
    try {
      return await this.fetchRevision();
    } catch (err) {
      throw this.otherError(err);
    }
  }

  /** The recorded compaction: its revision (the value) and how many compactions there were (the version). */
  private async readCompactKey(): Promise<{ revision: number; version: number }> {
    const res = await this.call(true, (c, o) => c.kv.range({ key: Buffer.from(COMPACT_REVISION_KEY) }, o));
    this.observe(res.header);
    const kv = res.kvs[0];
    if (!kv) return { revision: 0, version: 0 };
    const revision = Number(kv.value.toString('utf8'));
    return { revision: Number.isSafeInteger(revision) && revision > 0 ? revision : 0, version: Number(kv.version) };
  }

  async compact(revision: number): Promise<void> {
    this.check();
    revision = Math.floor(revision);
    try {
      let rec = await this.readCompactKey();
      if (!(revision > rec.revision)) return;
      // Compact first, then record: the record never claims more than etcd has actually forgotten.
      try {
        await this.call(true, (c, o) => c.kv.compact({ revision, physical: false }, o));
      } catch (err) {
        if (isFutureRev(err)) {
          const current = await this.fetchRevision().catch(() => this.rev);
          throw errors.invalidKey('', `cannot compact to future revision ${revision} (current ${current})`);
        }
        if (!isCompacted(err)) throw err; // compacted: another process got there first, at or past `revision`
      }
      this.learnCompacted(revision);
      // Record it, only ever forward, against concurrent compactions by other processes.
      for (;;) {
        const key = Buffer.from(COMPACT_REVISION_KEY);
        const res = await this.call(true, (c, o) =>
          c.kv.txn(
            {
              compare: [{ key, target: 'Version', result: 'Equal', version: rec.version }],
              success: [{ request_put: { key, value: Buffer.from(String(revision)) } }],
              failure: [{ request_range: { key } }],
            },
            o,
          ),
        );
        this.observe(res.header);
        if (res.succeeded) return;
        rec = await this.readCompactKey();
        if (rec.revision >= revision) return;
      }
    } catch (err) {
      throw this.otherError(err);
    }
  }

  async compactedRevision(): Promise<number> {
    this.check();
    try {
      const rec = await this.readCompactKey();
      return Math.max(rec.revision, this.learnedCompacted);
    } catch (err) {
      throw this.otherError(err);
    }
  }

  /** @internal etcd said history up to `revision` is gone. */
  learnCompacted(revision: number): void {
    if (revision > this.learnedCompacted) this.learnedCompacted = revision;
  }

  /** @internal The recorded compacted revision, without the Closed check (for watches starting). */
  async knownCompaction(): Promise<number> {
    const rec = await this.readCompactKey();
    return Math.max(rec.revision, this.learnedCompacted);
  }

  /**
   * The compacted revision after etcd refused a read at `revision` as compacted. The record can lag
   * behind etcd (a compaction done outside kts, or a process that died between compacting and
   * recording); then etcd itself is asked, by a watch from revision 1 that it cancels with its
   * compact revision.
   */
  private async compactionFloor(revision: number): Promise<number> {
    const known = await this.knownCompaction();
    if (known > revision) return known;
    const probed = await this.probeCompaction().catch(() => 0);
    this.learnCompacted(probed);
    return Math.max(known, probed, revision + 1);
  }

  private probeCompaction(): Promise<number> {
    const { ep } = this.endpoint(0);
    return new Promise<number>((resolve, reject) => {
      let stream: IDuplexStream<IWatchRequest, IWatchResponse> | null = null;
      let done = false;
      const finish = (v: number | Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (stream) endStream(stream);
        if (typeof v === 'number') resolve(v);
        else reject(v);
      };
      const timer = setTimeout(() => finish(0), 2_000);
      ep.watch.watchClient.watch().then(
        (s) => {
          stream = s;
          s.on('data', (r: IWatchResponse) => {
            const c = Number(r.compact_revision);
            if (c > 0) finish(c);
            else if (r.canceled) finish(0);
          });
          s.on('error', (e: Error) => finish(e));
          s.on('end', () => finish(0));
          if (done) endStream(s);
          else s.write({ create_request: { key: Buffer.from(COMPACT_REVISION_KEY + '/probe'), start_revision: 1 } });
        },
        (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))),
      );
    });
  }

  /** @internal Learns (once per member) whether progress requests are safe there. */
  probeVersion(ep: Endpoint): void {
    if (ep.ordered !== undefined || ep.versionProbe) return;
    ep.versionProbe = ep.kv.maintenance
      .status({ deadline: Date.now() + this.requestTimeoutMs })
      .then(
        (s) => {
          ep.ordered = progressRequestsAreOrdered(s.version);
        },
        () => {},
      )
      .finally(() => {
        ep.versionProbe = null;
      });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = errors.closed(this.name);
    for (const reject of [...this.onClose]) reject(err);
    this.onClose.clear();
    for (const w of [...this.watchers]) w.channel.fail(err);
    this.watchers.clear();
    for (const ep of this.endpoints) {
      ep.kv.close();
      ep.watch.close();
    }
  }
}

/** Ends a watch stream without making etcd3 treat the host as failed. */
function endStream(s: IDuplexStream<IWatchRequest, IWatchResponse>): void {
  try {
    // Half-close first: etcd3 marks a host failed on stream errors only while the stream is writable,
    // and the cancel below surfaces as a CANCELLED error.
    s.end();
  } catch {
    /* already ended */
  }
  try {
    s.cancel();
  } catch {
    /* already gone */
  }
}

/** One kts watch: one etcd watcher on its own gRPC stream, re-established as needed. */
class EtcdWatch {
  readonly channel: WatchChannel;
  private readonly store: EtcdStorage;
  private readonly key: Buffer;
  private readonly rangeEnd: Buffer | undefined;
  private readonly progressNotify: boolean;
  /** Every event at or below this revision has been delivered. */
  private last = 0;
  /** Started "from now" and nothing delivered yet. */
  private fresh = false;
  private stream: IDuplexStream<IWatchRequest, IWatchResponse> | null = null;
  private endpoint: { ep: Endpoint; index: number } | null = null;
  private attempt = 0;
  private watchId: string | null = null;
  /** Bumped for every new stream, so that a stale stream's events are ignored. */
  private gen = 0;
  private stopped = false;
  private failingSince = 0;
  /** A requested progress notification must reach at least this revision; 0: none pending. */
  private progressTarget = 0;
  private lastActivity = Date.now();
  private timers = new Set<NodeJS.Timeout>();
  private createTimer: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;

  constructor(store: EtcdStorage, keyOrPrefix: string, prefix: boolean, opts: WatchOptions) {
    this.store = store;
    this.key = Buffer.from(keyOrPrefix);
    this.rangeEnd = prefix ? prefixEndBytes(this.key) : undefined;
    this.progressNotify = opts.progressNotify ?? false;
    this.channel = new WatchChannel({
      maxBuffered: store.watchBuffer,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onClose: () => this.stop(),
      onRequestProgress: () => this.requestProgress(),
    });
    if (this.channel.closed) {
      this.stopped = true;
      return;
    }
    const from = opts.fromRevision && opts.fromRevision > 0 ? opts.fromRevision : 0;
    // "Now" is fixed here, synchronously, as the newest revision this process has seen: a write sent
    // after watch() returned gets a higher revision, so it is delivered.
    const now = store.knownRevision();
    this.start(from, now).catch((err: unknown) => this.fail(err));
  }

  private async start(from: number, now: number): Promise<void> {
    try {
      if (from > 0) {
        const compacted = await this.store.knownCompaction();
        if (from < compacted) {
          this.channel.fail(errors.tooOld(from, compacted));
          return;
        }
        this.last = from;
      } else {
        this.last = now > 0 ? now : await this.store.startRevision();
        this.fresh = true;
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    if (this.stopped) return;
    this.endpoint = this.store.endpoint(0);
    this.connect();
    if (this.progressNotify) this.scheduleIdleProgress();
  }

  private fail(err: unknown): void {
    if (this.stopped) return;
    if (this.store.isClosed()) this.channel.fail(errors.closed(this.store.name));
    else if (isStorageError(err)) this.channel.fail(err);
    else if (classify(err) === 'app') this.channel.fail(new StorageError('Unreachable', `etcd watch failed: ${message(err)}`, { cause: err }));
    else this.channel.fail(this.store.unreachable(err));
  }

  private setTimer(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private clearTimer(t: NodeJS.Timeout | null): null {
    if (t) {
      clearTimeout(t);
      this.timers.delete(t);
    }
    return null;
  }

  private connect(): void {
    if (this.stopped) return;
    const gen = ++this.gen;
    const { ep } = this.endpoint!;
    this.watchId = null;
    this.store.probeVersion(ep);
    ep.watch.watchClient.watch().then(
      (stream) => {
        stream.on('data', (r: IWatchResponse) => {
          if (gen === this.gen) this.onResponse(r);
        });
        stream.on('error', (e: Error) => {
          if (gen === this.gen) this.onBroken(e);
        });
        stream.on('end', () => {
          if (gen === this.gen) this.onBroken(new Error('the etcd watch stream ended'));
        });
        if (gen !== this.gen || this.stopped) {
          endStream(stream);
          return;
        }
        this.stream = stream;
        stream.write({
          create_request: {
            key: this.key,
            ...(this.rangeEnd ? { range_end: this.rangeEnd } : {}),
            start_revision: this.last + 1,
            prev_kv: true,
            progress_notify: true,
          },
        });
        this.createTimer = this.setTimer(() => {
          if (gen === this.gen) this.onBroken(new Error(`etcd did not confirm the watch within ${this.store.requestTimeoutMs} ms`));
        }, this.store.requestTimeoutMs);
      },
      (err: unknown) => {
        if (gen === this.gen) this.onBroken(err);
      },
    );
  }

  private onResponse(r: IWatchResponse): void {
    if (this.stopped) return;
    if (r.created) {
      this.createTimer = this.clearTimer(this.createTimer);
      if (r.canceled) {
        this.onCanceled(r);
        return;
      }
      this.watchId = String(r.watch_id);
      this.failingSince = 0;
      if (this.attempt > 0) this.store.markGood(this.endpoint!.index); // failed over: requests may follow
      this.attempt = 0;
      if (this.progressTarget) this.sendProgressRequest();
      return;
    }
    if (r.canceled) {
      this.onCanceled(r);
      return;
    }
    this.store.observe(r.header);
    if (r.events.length > 0) {
      this.deliver(r);
      return;
    }
    // A progress notification. etcd sends a watcher's own (its watch id: the periodic ones) only once the
    // watcher has caught up and after all its events, so the revision is safe. The answer to a progress
    // request (watch id -1) is safe only on versions that route it the same way.
    const own = this.watchId !== null && String(r.watch_id) === this.watchId;
    const requested = String(r.watch_id) === '-1' && this.endpoint?.ep.ordered === true;
    if (!own && !requested) return;
    const rev = Number(r.header.revision);
    if (rev > this.last) this.last = rev;
    if (this.progressTarget && this.last >= this.progressTarget) {
      this.emitProgress();
    } else if (this.progressNotify && !this.progressTarget && this.channel.pending === 0) {
      this.channel.push({ type: 'PROGRESS', revision: this.last, key: '' });
    }
  }

  private deliver(r: IWatchResponse): void {
    // One response carries whole revisions (fragmenting is off); its events are in revision order.
    const before = this.last;
    let max = before;
    for (const e of r.events) {
      const rev = Number(e.kv.mod_revision);
      if (rev <= before) continue; // already delivered before a reconnect
      if (rev > max) max = rev;
      const key = e.kv.key.toString('utf8');
      const prev = e.prev_kv ? toKV(e.prev_kv) : undefined;
      let ev: WatchEvent;
      if (String(e.type).toLowerCase() === 'delete') {
        ev = {
          type: 'DELETED',
          revision: rev,
          key,
          kv: { key, value: prev?.value ?? '', createRevision: prev?.createRevision ?? 0, modRevision: rev },
          ...(prev ? { prevKv: prev } : {}),
        };
      } else {
        const kv = toKV(e.kv);
        const added = kv.createRevision === kv.modRevision;
        ev = { type: added ? 'ADDED' : 'MODIFIED', revision: rev, key, kv, ...(!added && prev ? { prevKv: prev } : {}) };
      }
      this.channel.push(ev);
      if (this.stopped) return;
    }
    this.last = max;
    this.fresh = false;
    this.lastActivity = Date.now();
    if (this.progressTarget && this.last >= this.progressTarget) this.emitProgress();
  }

  private emitProgress(): void {
    this.progressTarget = 0;
    this.progressTimer = this.clearTimer(this.progressTimer);
    this.channel.push({ type: 'PROGRESS', revision: this.last, key: '' });
  }

  private onCanceled(r: IWatchResponse): void {
    const compacted = Number(r.compact_revision);
    if (compacted > 0) {
      this.store.learnCompacted(compacted);
      if (this.fresh && compacted > this.last) {
        // "Now" was the newest revision this process had seen, and it has been compacted since (other
        // processes wrote and compacted meanwhile): the watch starts after the compaction instead.
        this.gen++;
        if (this.stream) endStream(this.stream);
        this.stream = null;
        this.last = compacted;
        this.setTimer(() => this.connect(), 0);
        return;
      }
      this.channel.fail(errors.tooOld(this.last, compacted));
      return;
    }
    const reason = r.cancel_reason || 'etcd cancelled the watch';
    if (/no leader|leader changed|timed out|unavailable/i.test(reason)) this.onBroken(new Error(`14 UNAVAILABLE: ${reason}`));
    else this.fail(new Error(reason));
  }

  private onBroken(err: unknown): void {
    if (this.stopped) return;
    this.gen++; // ignore whatever the old stream still says
    this.createTimer = this.clearTimer(this.createTimer);
    if (this.stream) {
      endStream(this.stream);
      this.stream = null;
    }
    this.watchId = null;
    if (this.store.isClosed()) {
      this.fail(err);
      return;
    }
    const kind = classify(err);
    const streamGone = /watch stream ended|did not confirm the watch|UNAVAILABLE/.test(message(err));
    if (kind === 'app' && !streamGone) {
      this.fail(err);
      return;
    }
    const now = Date.now();
    if (!this.failingSince) this.failingSince = now;
    if (now - this.failingSince > this.store.dialTimeoutMs) {
      this.fail(this.store.unreachable(err));
      return;
    }
    // Resume on the next member from the last revision delivered.
    this.endpoint = this.store.endpointAt((this.endpoint?.index ?? 0) + 1);
    const delay = this.attempt === 0 ? 0 : Math.min(50 * 2 ** (this.attempt - 1), 1_000);
    this.attempt++;
    this.setTimer(() => this.connect(), delay);
  }

  requestProgress(): void {
    if (this.stopped) return;
    const target = Math.max(this.store.knownRevision(), 1);
    if (this.last >= target) {
      this.channel.push({ type: 'PROGRESS', revision: this.last, key: '' });
      return;
    }
    if (target > this.progressTarget) this.progressTarget = target;
    this.sendProgressRequest();
  }

  /** Asks etcd for a progress notification, and again every PROGRESS_RESEND_MS until one arrives. */
  private sendProgressRequest(): void {
    if (this.stopped || !this.progressTarget) return;
    const ordered = this.endpoint?.ep.ordered === true;
    if (ordered && this.stream && this.watchId !== null) {
      try {
        this.stream.write({ progress_request: {} });
      } catch {
        /* the stream broke; the reconnect asks again */
      }
    }
    // Older etcd: its periodic per-watcher notifications answer; nothing to send (see the report in
    // progressRequestsAreOrdered). Keep checking in case the member's version becomes known.
    if (!this.progressTimer) {
      this.progressTimer = this.setTimer(() => {
        this.progressTimer = null;
        this.sendProgressRequest();
      }, PROGRESS_RESEND_MS);
    }
  }

  /** For progressNotify watches on etcd that takes progress requests: ask when idle. */
  private scheduleIdleProgress(): void {
    this.setTimer(() => {
      if (this.stopped) return;
      const idleFor = Date.now() - this.lastActivity;
      if (idleFor >= this.store.progressIntervalMs && this.endpoint?.ep.ordered === true && this.channel.pending === 0) {
        this.lastActivity = Date.now();
        this.requestProgress();
      }
      this.scheduleIdleProgress();
    }, this.store.progressIntervalMs);
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.gen++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.stream) {
      endStream(this.stream);
      this.stream = null;
    }
    this.store.forgetWatch(this);
  }
}
