// The pod-template-hash (upstream's controller.ComputeHash): a 32-bit FNV-1a hash of the pod template
// and the Deployment's collisionCount, its decimal digits written in the "safe" alphabet (no vowels,
// no look-alikes) so names like "web-7c5ddbdf54" never spell words. Upstream hashes Go's dump of the
// template struct; here the template's canonical JSON (keys sorted, empty values dropped) is hashed:
// stable across restarts and independent of field order, though not the same digits as upstream.

import type { PodTemplateSpec } from './types.js';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream's rand.SafeEncodeString: each byte maps to SAFE_ALPHABET[byte % 27]. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

function fnv1a32(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Drops what Go's semantic equality treats as absent: null, "", empty objects and empty arrays. */
export function normalize(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(normalize);
    return items.length ? items : undefined;
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = normalize((v as Record<string, unknown>)[k]);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (v === null || v === '') return undefined;
  return v;
}

/** JSON with sorted keys and empty values dropped. */
export function canonicalJSON(v: unknown): string {
  return JSON.stringify(normalize(v) ?? null);
}

export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  const enc = new TextEncoder();
  let h = fnv1a32(enc.encode(canonicalJSON(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv1a32(b, h);
  }
  return safeEncode(String(h));
}
