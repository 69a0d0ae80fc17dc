import { errors, isStorageError } from './errors.js';
import type { KeyValue, Storage, WriteOptions } from './interface.js';

export interface GuaranteedUpdateOptions extends WriteOptions {
  /** Give up after this many conflicts (default 100). */
  maxRetries?: number;
  /** Create the key when it does not exist (fn then gets null). */
  ignoreNotFound?: boolean;
  signal?: AbortSignal;
}

/** What fn returns: the new value, or null to leave the key as it is. */
export type UpdateFn = (current: KeyValue | null) => string | null | Promise<string | null>;

/**
 * GuaranteedUpdate: read, apply fn, write at the read revision; on Conflict, re-read and try again.
 * Returns the key as written (or as found, when fn made no change).
 */
export async function guaranteedUpdate(store: Storage, key: string, fn: UpdateFn, opts: GuaranteedUpdateOptions = {}): Promise<KeyValue> {
  const max = opts.maxRetries ?? 100;
  for (let attempt = 0; ; attempt++) {
    opts.signal?.throwIfAborted();
    const cur = await store.get(key);
    if (!cur && !opts.ignoreNotFound) {
      throw errors.keyNotFound(key);
    }
    const next = await fn(cur);
    if (next === null) {
      if (cur) return cur;
      throw errors.keyNotFound(key);
    }
    const ttl = opts.ttlSeconds === undefined ? {} : { ttlSeconds: opts.ttlSeconds };
    try {
      const rev = cur ? await store.update(key, next, cur.modRevision, ttl) : await store.create(key, next, ttl);
      return { key, value: next, createRevision: cur ? cur.createRevision : rev, modRevision: rev };
    } catch (err) {
      const retryable = isStorageError(err, 'Conflict') || isStorageError(err, 'KeyExists') || (cur !== null && isStorageError(err, 'KeyNotFound') && opts.ignoreNotFound);
      if (!retryable || attempt >= max) throw err;
    }
  }
}
