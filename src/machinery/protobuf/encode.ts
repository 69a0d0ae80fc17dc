// JSON object → protobuf message of a schema type: the inverse of decode.ts. Writes what the JSON holds
// (absent and null fields are left out), in field-number order, map entries sorted by key, embedded
// messages rebuilt from the inlined fields — what Go's decoder reads back into the same Go value.

import { isPrimitive, type TypeExpr } from '../../api/schema/index.js';
import { parseDuration, parseTime } from './gotime.js';
import { layoutOf, sortedSlots, type Layout } from './layout.js';
import { newWriter, WIRE, writeInt64, type Writer } from './wire.js';

export class ProtobufEncodeError extends Error {
  override readonly name = 'ProtobufEncodeError';
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Encodes a JSON object as the protobuf message of schema type `typeId`. */
export function encodeMessage(obj: Obj, typeId: string): Uint8Array {
  const w = newWriter();
  writeLayout(w, layoutOf(typeId), obj, typeId);
  return w.finish();
}

const tag = (num: number, wt: number): number => ((num << 3) | wt) >>> 0;

function writeLayout(w: Writer, layout: Layout, obj: Obj, where: string): void {
  for (const [num, slot] of sortedSlots(layout)) {
    if (slot.kind === 'embedded') {
      w.uint32(tag(num, WIRE.LEN)).fork();
      writeLayout(w, slot.layout, obj, where);
      w.ldelim();
      continue;
    }
    const v = obj[slot.name];
    if (v === undefined) continue;
    if (v === null) {
      // A null Time is Go's zero time, which travels as an empty message; other nulls are simply absent.
      if (slot.type === 'Time' || slot.type === 'MicroTime') w.uint32(tag(num, WIRE.LEN)).bytes(new Uint8Array(0));
      continue;
    }
    const at = `${where}.${slot.name}`;
    const t = slot.type;
    if (typeof t === 'object' && 'array' in t) {
      if (!Array.isArray(v)) throw new ProtobufEncodeError(`${at}: expected a list`);
      for (const item of v) writeValue(w, num, t.array, item, at);
    } else if (typeof t === 'object' && 'map' in t) {
      if (!isObj(v)) throw new ProtobufEncodeError(`${at}: expected an object`);
      for (const key of Object.keys(v).sort()) {
        w.uint32(tag(num, WIRE.LEN)).fork();
        w.uint32(tag(1, WIRE.LEN)).string(key);
        const item = v[key];
        if (typeof t.map === 'object' && 'array' in t.map) {
          // map<string, ExtraValue>: value message { repeated items = 1 }
          w.uint32(tag(2, WIRE.LEN)).fork();
          if (item !== null && item !== undefined) {
            if (!Array.isArray(item)) throw new ProtobufEncodeError(`${at}[${key}]: expected a list`);
            for (const x of item) writeValue(w, 1, t.map.array, x, at);
          }
          w.ldelim();
        } else if (item !== null && item !== undefined) writeValue(w, 2, t.map, item, `${at}[${key}]`);
        w.ldelim();
      }
    } else writeValue(w, num, t, v, at);
  }
}

function want(cond: boolean, at: string, what: string): void {
  if (!cond) throw new ProtobufEncodeError(`${at}: expected ${what}`);
}

function writeValue(w: Writer, num: number, t: TypeExpr, v: unknown, at: string): void {
  if (typeof t === 'object') throw new ProtobufEncodeError(`${at}: nested lists and maps have no protobuf encoding`);
  if (!isPrimitive(t)) {
    want(isObj(v), at, 'an object');
    w.uint32(tag(num, WIRE.LEN)).fork();
    writeLayout(w, layoutOf(t), v as Obj, at);
    w.ldelim();
    return;
  }
  switch (t) {
    case 'string':
      want(typeof v === 'string', at, 'a string');
      w.uint32(tag(num, WIRE.LEN)).string(v as string);
      return;
    case 'bytes':
      want(typeof v === 'string', at, 'a base64 string');
      w.uint32(tag(num, WIRE.LEN)).bytes(Buffer.from(v as string, 'base64'));
      return;
    case 'int32':
      want(typeof v === 'number' && Number.isInteger(v), at, 'an integer');
      w.uint32(tag(num, WIRE.VARINT)).int32(v as number);
      return;
    case 'int64':
      want(typeof v === 'number' && Number.isInteger(v), at, 'an integer');
      writeInt64(w.uint32(tag(num, WIRE.VARINT)), v as number);
      return;
    case 'boolean':
      want(typeof v === 'boolean', at, 'a boolean');
      w.uint32(tag(num, WIRE.VARINT)).bool(v as boolean);
      return;
    case 'double':
      want(typeof v === 'number', at, 'a number');
      w.uint32(tag(num, WIRE.I64)).double(v as number);
      return;
  }
  w.uint32(tag(num, WIRE.LEN)).fork();
  writeWellKnown(w, t, v, at);
  w.ldelim();
}

function writeWellKnown(w: Writer, t: string, v: unknown, at: string): void {
  switch (t) {
    case 'Time':
    case 'MicroTime': {
      want(typeof v === 'string', at, 'an RFC 3339 time');
      let p: { seconds: number; nanos: number };
      try {
        p = parseTime(v as string);
      } catch (err) {
        throw new ProtobufEncodeError(`${at}: ${(err as Error).message}`);
      }
      writeInt64(w.uint32(tag(1, WIRE.VARINT)), p.seconds);
      w.uint32(tag(2, WIRE.VARINT)).int32(p.nanos);
      return;
    }
    case 'Duration': {
      want(typeof v === 'string', at, 'a duration');
      let ns: bigint;
      try {
        ns = parseDuration(v as string);
      } catch (err) {
        throw new ProtobufEncodeError(`${at}: ${(err as Error).message}`);
      }
      writeInt64(w.uint32(tag(1, WIRE.VARINT)), ns);
      return;
    }
    case 'IntOrString': {
      const isStr = typeof v === 'string';
      want(isStr || (typeof v === 'number' && Number.isInteger(v)), at, 'an integer or a string');
      writeInt64(w.uint32(tag(1, WIRE.VARINT)), isStr ? 1 : 0);
      w.uint32(tag(2, WIRE.VARINT)).int32(isStr ? 0 : (v as number));
      w.uint32(tag(3, WIRE.LEN)).string(isStr ? (v as string) : '');
      return;
    }
    case 'Quantity':
      want(typeof v === 'string' || typeof v === 'number', at, 'a quantity');
      w.uint32(tag(1, WIRE.LEN)).string(String(v));
      return;
    case 'RawExtension':
    case 'FieldsV1':
    case 'JSON':
      w.uint32(tag(1, WIRE.LEN)).bytes(Buffer.from(JSON.stringify(v), 'utf8'));
      return;
    default:
      throw new ProtobufEncodeError(`${at}: no protobuf form for ${t}`);
  }
}
