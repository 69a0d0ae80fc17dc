// Protobuf message → the JSON object Kubernetes' Go types would marshal to, by walking the schema: zero
// scalars follow Go's omitempty/pointer rules (keepzero.ts), embedded messages flatten into their parent,
// and the well-known types take their JSON text forms.

import { isPrimitive, type Primitive, type TypeExpr } from '../../api/schema/index.js';
import { formatDuration, formatMicroTime, formatTime } from './gotime.js';
import { layoutOf, type Layout } from './layout.js';
import { newReader, readInt64, readInt64Number, WIRE, type Reader } from './wire.js';

export type JsonObject = Record<string, unknown>;

/** Raised for bytes that do not form a valid message of the expected type. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}

/** Decodes a raw embedded object (RawExtension bytes that are themselves a Kubernetes protobuf envelope). */
export type NestedDecoder = (bytes: Uint8Array) => unknown;

export interface DecodeContext {
  nested?: NestedDecoder;
}

const SCALAR_WIRE: Partial<Record<Primitive, number>> = {
  string: WIRE.LEN,
  bytes: WIRE.LEN,
  int32: WIRE.VARINT,
  int64: WIRE.VARINT,
  boolean: WIRE.VARINT,
  double: WIRE.I64,
};

/** Decodes the bytes of one message of schema type `typeId` into its JSON object. */
export function decodeMessage(bytes: Uint8Array, typeId: string, ctx: DecodeContext = {}): JsonObject {
  const out: JsonObject = {};
  const layout = layoutOf(typeId);
  fill(bytes, layout, out, ctx, typeId);
  return ordered(out, layout);
}

function ordered(obj: JsonObject, layout: Layout): JsonObject {
  const res: JsonObject = {};
  for (const k of layout.order) if (k in obj) res[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in res)) res[k] = obj[k];
  return res;
}

function fill(bytes: Uint8Array, layout: Layout, out: JsonObject, ctx: DecodeContext, where: string): void {
  const r = newReader(bytes);
  while (r.pos < r.len) {
    const tag = r.uint32();
    const num = tag >>> 3;
    const wt = tag & 7;
    if (num === 0) throw new ProtobufDecodeError(`${where}: illegal field number 0`);
    const slot = layout.slots.get(num);
    if (!slot) {
      skip(r, wt, where);
      continue;
    }
    if (slot.kind === 'embedded') {
      expectWire(wt, WIRE.LEN, where, num);
      fill(r.bytes(), slot.layout, out, ctx, where);
      continue;
    }
    const at = `${where}.${slot.name}`;
    const t = slot.type;
    if (typeof t === 'object' && 'array' in t) {
      const list = Array.isArray(out[slot.name]) ? (out[slot.name] as unknown[]) : [];
      readRepeated(r, wt, t.array, list, ctx, at, num);
      out[slot.name] = list;
    } else if (typeof t === 'object' && 'map' in t) {
      expectWire(wt, WIRE.LEN, at, num);
      const m = out[slot.name] !== undefined && out[slot.name] !== null ? (out[slot.name] as JsonObject) : {};
      readMapEntry(r.bytes(), t.map, m, ctx, at);
      out[slot.name] = m;
    } else {
      const v = readSingle(r, wt, t, ctx, at, num, out[slot.name]);
      if (isZeroScalar(t, v) && !slot.keepZero) delete out[slot.name];
      else out[slot.name] = v;
    }
  }
}

function isZeroScalar(t: string, v: unknown): boolean {
  switch (t) {
    case 'string':
    case 'bytes':
      return v === '';
    case 'int32':
    case 'int64':
    case 'double':
      return v === 0;
    case 'boolean':
      return v === false;
    default:
      return false;
  }
}

function expectWire(got: number, want: number, at: string, num: number): void {
  if (got !== want) throw new ProtobufDecodeError(`${at}: wrong wire type ${got} for field ${num} (want ${want})`);
}

function skip(r: Reader, wt: number, at: string): void {
  if (wt === WIRE.EGROUP || wt > WIRE.I32) throw new ProtobufDecodeError(`${at}: illegal wire type ${wt}`);
  r.skipType(wt);
}

function readRepeated(r: Reader, wt: number, elem: TypeExpr, list: unknown[], ctx: DecodeContext, at: string, num: number): void {
  const scalarWire = typeof elem === 'string' && isPrimitive(elem) ? SCALAR_WIRE[elem] : undefined;
  // Packed encoding of numeric scalars: one length-delimited run of values.
  if (wt === WIRE.LEN && scalarWire !== undefined && scalarWire !== WIRE.LEN) {
    const sub = newReader(r.bytes());
    while (sub.pos < sub.len) list.push(readSingle(sub, scalarWire, elem as string, ctx, at, num, undefined));
    return;
  }
  if (typeof elem === 'object') {
    // Only map<string, []T> exists upstream (ExtraValue); a list of lists has no protobuf form here.
    throw new ProtobufDecodeError(`${at}: nested lists have no protobuf encoding`);
  }
  list.push(readSingle(r, wt, elem, ctx, at, num, undefined));
}

function readMapEntry(bytes: Uint8Array, valueType: TypeExpr, into: JsonObject, ctx: DecodeContext, at: string): void {
  const r = newReader(bytes);
  let key = '';
  let value: unknown;
  let seen = false;
  while (r.pos < r.len) {
    const tag = r.uint32();
    const num = tag >>> 3;
    const wt = tag & 7;
    if (num === 1) {
      expectWire(wt, WIRE.LEN, at, 1);
      key = r.string();
    } else if (num === 2) {
      seen = true;
      if (typeof valueType === 'object' && 'array' in valueType) {
        // map<string, ExtraValue>: the value is a message { repeated items = 1 }.
        expectWire(wt, WIRE.LEN, at, 2);
        value = readItems(r.bytes(), valueType.array, ctx, at);
      } else if (typeof valueType === 'object') throw new ProtobufDecodeError(`${at}: nested maps have no protobuf encoding`);
      else value = readSingle(r, wt, valueType, ctx, `${at}[${JSON.stringify(key)}]`, 2, undefined);
    } else skip(r, wt, at);
  }
  into[key] = seen ? value : zeroValue(valueType);
}

function readItems(bytes: Uint8Array, elem: TypeExpr, ctx: DecodeContext, at: string): unknown[] {
  const r = newReader(bytes);
  const items: unknown[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) readRepeated(r, tag & 7, elem, items, ctx, at, 1);
    else skip(r, tag & 7, at);
  }
  return items;
}

/** The JSON of a value absent from a map entry (Go's zero value of the element type). */
function zeroValue(t: TypeExpr): unknown {
  if (typeof t === 'object') return 'array' in t ? [] : {};
  switch (t) {
    case 'string':
    case 'bytes':
      return '';
    case 'int32':
    case 'int64':
    case 'double':
      return 0;
    case 'boolean':
      return false;
    case 'Quantity':
      return '0';
    case 'IntOrString':
      return 0;
    case 'Duration':
      return '0s';
    case 'Time':
    case 'MicroTime':
    case 'RawExtension':
    case 'FieldsV1':
    case 'JSON':
      return null;
    default:
      return {};
  }
}

function readSingle(r: Reader, wt: number, t: string, ctx: DecodeContext, at: string, num: number, existing: unknown): unknown {
  if (isPrimitive(t)) {
    const want = SCALAR_WIRE[t] ?? WIRE.LEN;
    expectWire(wt, want, at, num);
    switch (t) {
      case 'string':
        return r.string();
      case 'bytes':
        return Buffer.from(r.bytes()).toString('base64');
      case 'int32':
        return r.int32();
      case 'int64':
        return readInt64Number(r);
      case 'boolean':
        return r.bool();
      case 'double':
        return r.double();
      default:
        return decodeWellKnown(r.bytes(), t, ctx, at);
    }
  }
  expectWire(wt, WIRE.LEN, at, num);
  const layout = layoutOf(t);
  const target = existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? (existing as JsonObject) : {};
  fill(r.bytes(), layout, target, ctx, at);
  return ordered(target, layout);
}

/** Reads the fields of a small well-known message into a number-keyed record. */
function fieldsOf(bytes: Uint8Array, at: string): Map<number, { wt: number; value: Uint8Array | bigint }> {
  const r = newReader(bytes);
  const m = new Map<number, { wt: number; value: Uint8Array | bigint }>();
  while (r.pos < r.len) {
    const tag = r.uint32();
    const wt = tag & 7;
    if (wt === WIRE.VARINT) m.set(tag >>> 3, { wt, value: readInt64(r) });
    else if (wt === WIRE.LEN) m.set(tag >>> 3, { wt, value: r.bytes() });
    else skip(r, wt, at);
  }
  return m;
}

function intField(m: ReturnType<typeof fieldsOf>, n: number, at: string): bigint {
  const f = m.get(n);
  if (!f) return 0n;
  if (typeof f.value !== 'bigint') throw new ProtobufDecodeError(`${at}: wrong wire type for field ${n}`);
  return f.value;
}

function bytesField(m: ReturnType<typeof fieldsOf>, n: number, at: string): Uint8Array | undefined {
  const f = m.get(n);
  if (!f) return undefined;
  if (typeof f.value === 'bigint') throw new ProtobufDecodeError(`${at}: wrong wire type for field ${n}`);
  return f.value;
}

const utf8 = (b: Uint8Array | undefined): string => (b ? Buffer.from(b).toString('utf8') : '');

function decodeWellKnown(bytes: Uint8Array, t: Primitive, ctx: DecodeContext, at: string): unknown {
  const m = fieldsOf(bytes, at);
  switch (t) {
    case 'Time':
    case 'MicroTime': {
      // An empty message is Go's zero time, which marshals as null.
      if (bytes.length === 0) return null;
      const seconds = Number(intField(m, 1, at));
      const nanos = Number(BigInt.asIntN(32, intField(m, 2, at)));
      try {
        return t === 'Time' ? formatTime(seconds, nanos) : formatMicroTime(seconds, nanos);
      } catch (err) {
        throw new ProtobufDecodeError(`${at}: ${(err as Error).message}`);
      }
    }
    case 'Duration':
      return formatDuration(intField(m, 1, at));
    case 'IntOrString': {
      const type = intField(m, 1, at);
      if (type === 1n) return utf8(bytesField(m, 3, at));
      return Number(BigInt.asIntN(32, intField(m, 2, at)));
    }
    case 'Quantity':
      return utf8(bytesField(m, 1, at)) || '0';
    case 'RawExtension':
    case 'FieldsV1':
    case 'JSON':
      return rawJson(bytesField(m, 1, at), ctx, at);
    default:
      throw new ProtobufDecodeError(`${at}: no protobuf form for ${t}`);
  }
}

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

function rawJson(raw: Uint8Array | undefined, ctx: DecodeContext, at: string): unknown {
  if (!raw || raw.length === 0) return null;
  if (raw.length >= 4 && MAGIC.every((b, i) => raw[i] === b) && ctx.nested) return ctx.nested(raw);
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch (err) {
    throw new ProtobufDecodeError(`${at}: embedded object is not JSON: ${(err as Error).message}`);
  }
}

