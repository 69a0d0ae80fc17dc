// The hashes behind revision names: FNV-1 and FNV-1a (32 bit), and apimachinery's SafeEncodeString,
// which spells the decimal hash with consonants and digits so it never forms words.

const PRIME = 0x01000193;
const OFFSET = 0x811c9dc5;

/** FNV-1 (Go's hash/fnv New32) over the UTF-8 bytes of the parts. */
export function fnv32(...parts: Array<string | Uint8Array>): number {
  let h = OFFSET;
  for (const p of parts) {
    for (const b of typeof p === 'string' ? Buffer.from(p, 'utf8') : p) {
      h = Math.imul(h, PRIME) >>> 0;
      h = (h ^ b) >>> 0;
    }
  }
  return h >>> 0;
}

/** FNV-1a (Go's hash/fnv New32a) over the UTF-8 bytes of the parts. */
export function fnv32a(...parts: Array<string | Uint8Array>): number {
  let h = OFFSET;
  for (const p of parts) {
    for (const b of typeof p === 'string' ? Buffer.from(p, 'utf8') : p) {
      h = (h ^ b) >>> 0;
      h = Math.imul(h, PRIME) >>> 0;
    }
  }
  return h >>> 0;
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** apimachinery's rand.SafeEncodeString. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of Buffer.from(s, 'utf8')) out += ALPHANUMS[ch % ALPHANUMS.length];
  return out;
}

/** A little-endian int32, as upstream feeds a collision count into ComputeHash. */
export function int32LE(n: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n | 0);
  return b;
}
