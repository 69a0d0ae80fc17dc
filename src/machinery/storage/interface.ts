// The storage contract every backend (SQLite, etcd, memory) implements. It is shaped like Kubernetes'
// own storage.Interface as trimmed by KEP-4743: Get, List, Count, optimistic Create/Update/Delete on a
// revision, Watch, plus compaction and "current revision". Values are serialized objects (JSON text);
// the storage layer never looks inside them.

/** One stored key at one revision. */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that created the key (etcd's create_revision). */
  createRevision: number;
  /** Revision of the last write to the key; becomes metadata.resourceVersion. */
  modRevision: number;
}

export interface GetOptions {
  /** Read the key as it was at this revision (0 or absent: current). */
  revision?: number;
}

export interface ListOptions {
  /** Read as of this revision (0 or absent: current). Ignored when `continue` is given. */
  revision?: number;
  /** At most this many items; 0 or absent: all. */
  limit?: number;
  /** Opaque token from a previous page; keeps paging from the same snapshot. */
  continue?: string;
  /**
   * true: also work out remainingItemCount. SQLite counts only when asked (a count of the rest of a
   * 150k-key range costs ~100 ms per page); backends that get it for free report it anyway.
   */
  countRemaining?: boolean;
}

export interface ListResult {
  items: KeyValue[];
  /** The snapshot revision this list (and every page that continues it) was read at. */
  revision: number;
  /** Present when more items remain. */
  continue?: string;
  /** How many items remain after this page, when known. */
  remainingItemCount?: number;
}

export interface WriteOptions {
  /** Time to live in seconds: the key is deleted (with a DELETED event) after it. */
  ttlSeconds?: number;
}

export interface DeleteOptions {
  /** Delete only if the key's modRevision is still this. */
  expectedRevision?: number;
}

export interface DeleteResult {
  /** The revision of the delete. */
  revision: number;
  /** The value the key had just before it was deleted. */
  prev: KeyValue;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'PROGRESS';

export interface WatchEvent {
  type: WatchEventType;
  /** Revision of the event; for PROGRESS, every event up to it has been delivered. */
  revision: number;
  key: string;
  /** The new value (ADDED, MODIFIED), or the last value before deletion (DELETED). */
  kv?: KeyValue;
  /** The value before this write (MODIFIED, DELETED). */
  prevKv?: KeyValue;
}

export interface WatchOptions {
  /** Deliver every event with a revision greater than this. 0 or absent: from now on. */
  fromRevision?: number;
  /** Watch every key under the prefix (true) or only the exact key (false). Default true. */
  prefix?: boolean;
  /** Emit PROGRESS events when idle, so a watcher knows how far it is up to date. */
  progressNotify?: boolean;
  /** Ends the watch. */
  signal?: AbortSignal;
}

/**
 * A stream of watch events. Iterate it; it ends when the signal aborts or close() is called, and it
 * throws a StorageError when it cannot go on (e.g. "too old" for a compacted start revision, or
 * "watcher too slow" when the consumer falls too far behind).
 */
export interface Watch extends AsyncIterable<WatchEvent> {
  close(): void;
  /** Ask for a PROGRESS event as soon as everything up to now has been delivered. */
  requestProgress(): void;
}

export interface Storage {
  readonly name: string;
  /** Creates the key; fails with KeyExists if it is there. Returns the new revision. */
  create(key: string, value: string, opts?: WriteOptions): Promise<number>;
  /** Returns the key or null. */
  get(key: string, opts?: GetOptions): Promise<KeyValue | null>;
  /** Lists the keys under a prefix, sorted by key, as of one snapshot revision. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** Counts the live keys under a prefix. */
  count(prefix: string): Promise<number>;
  /** Replaces the value if the key's modRevision is `expectedRevision`; else Conflict (or KeyNotFound). */
  update(key: string, value: string, expectedRevision: number, opts?: WriteOptions): Promise<number>;
  /** Deletes the key (optionally only at an expected revision). */
  delete(key: string, opts?: DeleteOptions): Promise<DeleteResult>;
  /** Watches a key or a prefix from a revision. */
  watch(keyOrPrefix: string, opts?: WatchOptions): Watch;
  /** The revision of the latest write. */
  currentRevision(): Promise<number>;
  /** Forgets history at and below `revision` (the latest value of every live key stays). */
  compact(revision: number): Promise<void>;
  /** The revision history was last compacted to (0 if never). */
  compactedRevision(): Promise<number>;
  /** Closes the store; pending and later calls fail with Closed. */
  close(): Promise<void>;
}

/** The largest value a backend accepts (etcd's default request limit is 1.5 MiB). */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;
