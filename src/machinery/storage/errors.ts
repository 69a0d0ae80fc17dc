// Typed storage errors, named after upstream's storage.StorageError codes. The apiserver maps each to a
// Kubernetes Status (KeyNotFound → 404, KeyExists → 409 AlreadyExists, Conflict → 409, TooOld and
// Expired → 410 Gone, TooLarge → 413, InvalidKey → 400/500 depending on who built the key).

export type StorageErrorCode =
  | 'KeyNotFound'
  | 'KeyExists'
  | 'Conflict'
  | 'TooOld'
  | 'FutureRevision'
  | 'Expired'
  | 'TooLarge'
  | 'InvalidKey'
  | 'InvalidContinue'
  | 'WatcherTooSlow'
  | 'Closed'
  | 'Unreachable'
  | 'Corrupted';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;
  readonly key: string | undefined;
  /** For Conflict: the key's actual modRevision. For TooOld/Expired: the compacted revision. */
  readonly revision: number | undefined;

  constructor(code: StorageErrorCode, message: string, opts: { key?: string; revision?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.key = opts.key;
    this.revision = opts.revision;
  }
}

export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}

export const errors = {
  keyNotFound: (key: string) => new StorageError('KeyNotFound', `key not found: ${key}`, { key }),
  keyExists: (key: string) => new StorageError('KeyExists', `key exists: ${key}`, { key }),
  conflict: (key: string, expected: number, actual: number) =>
    new StorageError('Conflict', `revision conflict on ${key}: expected ${expected}, found ${actual}`, {
      key,
      revision: actual,
    }),
  tooOld: (requested: number, compacted: number) =>
    new StorageError('TooOld', `too old resource version: ${requested} (${compacted})`, { revision: compacted }),
  futureRevision: (requested: number, current: number) =>
    new StorageError('FutureRevision', `revision ${requested} is in the future (current ${current})`, { revision: current }),
  expired: (compacted: number) =>
    new StorageError(
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      { revision: compacted },
    ),
  tooLarge: (key: string, size: number, limit: number) =>
    new StorageError('TooLarge', `value for ${key} is ${size} bytes, over the limit of ${limit} bytes`, { key }),
  invalidKey: (key: string, why: string) => new StorageError('InvalidKey', `invalid key ${JSON.stringify(key)}: ${why}`, { key }),
  invalidContinue: (why: string) => new StorageError('InvalidContinue', `invalid continue token: ${why}`),
  watcherTooSlow: () => new StorageError('WatcherTooSlow', 'watcher fell too far behind and was dropped'),
  closed: (name: string) => new StorageError('Closed', `storage ${name} is closed`),
};
