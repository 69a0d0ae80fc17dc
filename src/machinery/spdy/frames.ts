// SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00 plus the 3.1 session window): the frame layouts,
// a streaming parser, and the name/value header block with its zlib compression.
//
// Header blocks are compressed with one zlib stream per direction for the whole connection, seeded with
// the SPDY dictionary. We send ours as stored (uncompressed) deflate blocks — valid zlib that every
// inflater reads, and it needs no stateful compressor. We read the peer's by inflating everything it sent
// so far (header blocks are small and rare: one per stream).

import { constants as zc, inflateSync } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';

export const SPDY_VERSION = 3;

export const FrameType = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Settings: 4,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
  WindowUpdate: 9,
} as const;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

export const RstStatus = {
  ProtocolError: 1,
  InvalidStream: 2,
  RefusedStream: 3,
  UnsupportedVersion: 4,
  Cancel: 5,
  InternalError: 6,
  FlowControlError: 7,
  StreamInUse: 8,
  StreamAlreadyClosed: 9,
} as const;

/** Header names are lowercase; several values of one name are joined with NUL on the wire. */
export type SpdyHeaders = Record<string, string>;

export type Frame =
  | { type: 'data'; streamId: number; flags: number; data: Buffer }
  | { type: 'control'; frameType: number; flags: number; payload: Buffer };

/** Splits a byte stream into frames. */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Frame[] = [];
    while (this.buf.length >= 8) {
      const len = this.buf.readUIntBE(5, 3);
      if (this.buf.length < 8 + len) break;
      const flags = this.buf[4]!;
      const body = this.buf.subarray(8, 8 + len);
      if (this.buf[0]! & 0x80) {
        const version = this.buf.readUInt16BE(0) & 0x7fff;
        if (version !== SPDY_VERSION) throw new Error(`unsupported SPDY version ${version}`);
        out.push({ type: 'control', frameType: this.buf.readUInt16BE(2), flags, payload: body });
      } else {
        out.push({ type: 'data', streamId: this.buf.readUInt32BE(0) & 0x7fffffff, flags, data: body });
      }
      this.buf = this.buf.subarray(8 + len);
    }
    return out;
  }
}

export function controlFrame(frameType: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  h.writeUInt16BE(frameType, 2);
  h[4] = flags;
  h.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([h, payload]);
}

export const MAX_DATA = 0xffffff;

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(streamId & 0x7fffffff, 0);
  h[4] = flags;
  h.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([h, data]);
}

export function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

// ---------------------------------------------------------------- header blocks

function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const x of b) {
    a = (a + x) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

export function encodeNameValues(h: SpdyHeaders): Buffer {
  const entries = Object.entries(h);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [k, v] of entries) {
    const kb = Buffer.from(k.toLowerCase(), 'utf8');
    const vb = Buffer.from(v, 'utf8');
    parts.push(u32(kb.length), kb, u32(vb.length), vb);
  }
  return Buffer.concat(parts);
}

export function decodeNameValues(b: Buffer): SpdyHeaders {
  const out: SpdyHeaders = {};
  let off = 0;
  const take = (): string => {
    if (off + 4 > b.length) throw new Error('truncated SPDY header block');
    const n = b.readUInt32BE(off);
    off += 4;
    if (off + n > b.length) throw new Error('truncated SPDY header block');
    const s = b.subarray(off, off + n).toString('utf8');
    off += n;
    return s;
  };
  if (b.length < 4) return out;
  const count = b.readUInt32BE(0);
  off = 4;
  for (let i = 0; i < count; i++) {
    const k = take().toLowerCase();
    out[k] = take();
  }
  return out;
}

/** BFINAL 0, BTYPE 00 (stored), at a byte boundary; then LEN and its ones' complement, little-endian. */
function storedBlockHeader(len: number): Buffer {
  const h = Buffer.alloc(5);
  h.writeUInt16LE(len, 1);
  h.writeUInt16LE(~len & 0xffff, 3);
  return h;
}

/** Our outgoing zlib stream: a header with the dictionary id, then one stored block per header block. */
export class HeaderCompressor {
  private started = false;

  compress(h: SpdyHeaders): Buffer {
    const raw = encodeNameValues(h);
    const parts: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      // CMF 0x78 (deflate, 32K window); FLG with FDICT set and FCHECK making CMF·256+FLG a multiple of 31.
      const cmf = 0x78;
      let flg = 0x20;
      flg += (31 - ((cmf * 256 + flg) % 31)) % 31;
      parts.push(Buffer.from([cmf, flg]), u32(adler32(SPDY3_DICTIONARY)));
    }
    for (let off = 0; off < raw.length; off += 0xffff) {
      const piece = raw.subarray(off, Math.min(raw.length, off + 0xffff));
      parts.push(storedBlockHeader(piece.length), piece);
    }
    // The empty stored block of a zlib sync flush: inflaters (Go's included) hand out what they have
    // decoded when they reach it, so the peer can read this header block without waiting for more.
    parts.push(storedBlockHeader(0));
    return Buffer.concat(parts);
  }
}

/** The peer's zlib stream: keeps all compressed bytes and returns the plain text of each new block. */
export class HeaderDecompressor {
  private compressed: Buffer[] = [];
  private consumed = 0;

  decompress(block: Buffer): SpdyHeaders {
    this.compressed.push(block);
    const all = inflateSync(Buffer.concat(this.compressed), { dictionary: SPDY3_DICTIONARY, finishFlush: zc.Z_SYNC_FLUSH });
    const fresh = all.subarray(this.consumed);
    this.consumed = all.length;
    return decodeNameValues(fresh);
  }
}
