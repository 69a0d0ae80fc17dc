// Thin typed access to protobufjs' wire reader and writer, with 64-bit integers as numbers or bigints.

import protobuf from 'protobufjs/minimal.js';

export type Reader = protobuf.Reader;
export type Writer = protobuf.Writer;

export const WIRE = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

export function newReader(buf: Uint8Array): Reader {
  return protobuf.Reader.create(buf);
}

export function newWriter(): Writer {
  return protobuf.Writer.create();
}

type LongLike = { low: number; high: number; unsigned: boolean; toString(): string; toNumber(): number };

function toBigInt(v: number | LongLike): bigint {
  return typeof v === 'number' ? BigInt(v) : BigInt(v.toString());
}

/** A signed varint (int64) as a bigint. */
export function readInt64(r: Reader): bigint {
  return toBigInt(r.int64() as unknown as number | LongLike);
}

/** A signed varint (int64) as a JSON number (exact up to 2^53). */
export function readInt64Number(r: Reader): number {
  return Number(readInt64(r));
}

export function writeInt64(w: Writer, v: bigint | number): Writer {
  // protobufjs accepts a decimal string for 64-bit values and handles two's complement itself.
  return w.int64(typeof v === 'bigint' ? v.toString() : Math.trunc(v).toString());
}

/** The bytes of a length-delimited field, as a view on the reader's buffer. */
export function readLen(r: Reader): Uint8Array {
  return r.bytes();
}
