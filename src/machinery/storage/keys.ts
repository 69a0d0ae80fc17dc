import { errors } from './errors.js';
import { MAX_VALUE_BYTES } from './interface.js';

// Keys look like /registry/<resource>/<namespace>/<name> (or /registry/<resource>/<name>). A valid key
// is absolute, has no empty, "." or ".." segments, no control characters, and is at most 1,024 bytes
// (in a prefix, a trailing "/" is allowed).

const MAX_KEY_BYTES = 1024;

export function validateKey(key: string, opts: { prefix?: boolean } = {}): void {
  if (typeof key !== 'string' || key.length === 0) throw errors.invalidKey(String(key), 'must not be empty');
  if (!key.startsWith('/')) throw errors.invalidKey(key, 'must start with "/"');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw errors.invalidKey(key, `longer than ${MAX_KEY_BYTES} bytes`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw errors.invalidKey(key, 'contains control characters');
  const body = opts.prefix && key.endsWith('/') ? key.slice(1, -1) : key.slice(1);
  if (body === '' && opts.prefix) return;
  for (const seg of body.split('/')) {
    if (seg === '') throw errors.invalidKey(key, 'has an empty segment');
    if (seg === '.' || seg === '..') throw errors.invalidKey(key, 'has a "." or ".." segment');
  }
}

export function validateValue(key: string, value: string): void {
  if (typeof value !== 'string') throw errors.invalidKey(key, 'value must be a string');
  // Cheap bound first: a UTF-16 string of n units is at most 3n UTF-8 bytes.
  if (value.length * 3 <= MAX_VALUE_BYTES) return;
  const size = Buffer.byteLength(value);
  if (size > MAX_VALUE_BYTES) throw errors.tooLarge(key, size, MAX_VALUE_BYTES);
}

/** The smallest string greater than every string that starts with `prefix` (etcd's range_end). */
export function prefixEnd(prefix: string): string {
  // Keys are validated to contain no control characters and "/" segments, so bumping the last code unit works.
  if (prefix === '') return '\u{10ffff}';
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export function ttlOk(ttl: number | undefined): void {
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl <= 0)) throw errors.invalidKey('', `ttlSeconds must be a positive integer, got ${ttl}`);
}
