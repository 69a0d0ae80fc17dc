import { errors } from './errors.js';
import type { ListOptions } from './interface.js';

// The continue token, as upstream encodes it: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"<key>"},
// where start is the key (relative to the listed prefix) to resume from, inclusive.

interface Token {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(prefix: string, lastKey: string, revision: number): string {
  const rel = lastKey.slice(prefix.length);
  const tok: Token = { v: 'meta.k8s.io/v1', rv: revision, start: rel + '\u0000' };
  return Buffer.from(JSON.stringify(tok)).toString('base64');
}

/** Returns the absolute key to start from (inclusive) and the snapshot revision. */
export function decodeContinue(prefix: string, token: string): { startKey: string; revision: number } {
  let tok: unknown;
  try {
    tok = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw errors.invalidContinue('not base64-encoded JSON');
  }
  if (typeof tok !== 'object' || tok === null) throw errors.invalidContinue('not an object');
  const t = tok as Partial<Token>;
  if (t.v !== 'meta.k8s.io/v1') throw errors.invalidContinue(`unsupported version ${JSON.stringify(t.v)}`);
  if (typeof t.rv !== 'number' || !Number.isInteger(t.rv) || t.rv <= 0) throw errors.invalidContinue('bad revision');
  if (typeof t.start !== 'string' || t.start === '') throw errors.invalidContinue('bad start key');
  return { startKey: prefix + t.start, revision: t.rv };
}

/**
 * Where a list starts and at which snapshot revision: a continue token's key and revision (Expired if
 * compacted since), or the prefix at the requested revision (checked) or the current one.
 */
export function listStart(
  prefix: string,
  opts: ListOptions,
  at: { compacted: number; current: number; check(revision: number): void },
): { start: string; revision: number } {
  let start = prefix;
  let revision = opts.revision ?? 0;
  if (opts.continue) {
    const c = decodeContinue(prefix, opts.continue);
    if (c.revision < at.compacted) throw errors.expired(at.compacted);
    start = c.startKey;
    revision = c.revision;
  }
  if (revision > 0) at.check(revision);
  else revision = at.current;
  return { start, revision };
}
