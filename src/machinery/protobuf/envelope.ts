// The Kubernetes protobuf envelope ("application/vnd.kubernetes.protobuf"): the 4-byte magic "k8s\0",
// then a runtime.Unknown message { typeMeta = 1 { apiVersion = 1, kind = 2 }, raw = 2,
// contentEncoding = 3, contentType = 4 } whose raw bytes are the object's own message.

import { schema, type GVK } from '../../api/schema/index.js';
import { apiVersionOf, parseApiVersion } from '../../api/types.js';
import { statusErrors } from '../errors/status.js';
import { decodeMessage, ProtobufDecodeError, type JsonObject } from './decode.js';
import { encodeMessage, ProtobufEncodeError } from './encode.js';
import { newReader, newWriter, WIRE } from './wire.js';

export const KUBE_PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
export const KUBE_PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

export interface Unknown {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

/** Splits an envelope into its parts; throws ProtobufDecodeError for anything malformed. */
export function readEnvelope(body: Uint8Array): Unknown {
  if (body.length < 4 || !KUBE_PROTOBUF_MAGIC.equals(Buffer.from(body.subarray(0, 4))))
    throw new ProtobufDecodeError(`provided data does not appear to be a protobuf message, expected prefix [${[...KUBE_PROTOBUF_MAGIC].join(' ')}]`);
  const u: Unknown = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  const r = newReader(body.subarray(4));
  while (r.pos < r.len) {
    const tag = r.uint32();
    const num = tag >>> 3;
    const wt = tag & 7;
    if (num >= 1 && num <= 4) {
      if (wt !== WIRE.LEN) throw new ProtobufDecodeError(`runtime.Unknown: wrong wire type ${wt} for field ${num}`);
      const b = r.bytes();
      if (num === 1) readTypeMeta(b, u);
      else if (num === 2) u.raw = b;
      else if (num === 3) u.contentEncoding = Buffer.from(b).toString('utf8');
      else u.contentType = Buffer.from(b).toString('utf8');
    } else if (num === 0 || wt === WIRE.EGROUP || wt > WIRE.I32) throw new ProtobufDecodeError(`runtime.Unknown: illegal tag ${tag}`);
    else r.skipType(wt);
  }
  return u;
}

function readTypeMeta(b: Uint8Array, u: Unknown): void {
  const r = newReader(b);
  while (r.pos < r.len) {
    const tag = r.uint32();
    const num = tag >>> 3;
    const wt = tag & 7;
    if ((num === 1 || num === 2) && wt === WIRE.LEN) {
      if (num === 1) u.apiVersion = r.string();
      else u.kind = r.string();
    } else if (num === 0 || wt === WIRE.EGROUP || wt > WIRE.I32) throw new ProtobufDecodeError(`runtime.TypeMeta: illegal tag ${tag}`);
    else r.skipType(wt);
  }
}

/** Builds an envelope around an already-encoded message. */
export function writeEnvelope(u: Pick<Unknown, 'apiVersion' | 'kind' | 'raw'> & Partial<Unknown>): Buffer {
  const w = newWriter();
  w.uint32((1 << 3) | WIRE.LEN).fork();
  w.uint32((1 << 3) | WIRE.LEN).string(u.apiVersion);
  w.uint32((2 << 3) | WIRE.LEN).string(u.kind);
  w.ldelim();
  w.uint32((2 << 3) | WIRE.LEN).bytes(u.raw);
  w.uint32((3 << 3) | WIRE.LEN).string(u.contentEncoding ?? '');
  w.uint32((4 << 3) | WIRE.LEN).string(u.contentType ?? '');
  return Buffer.concat([KUBE_PROTOBUF_MAGIC, w.finish()]);
}

/**
 * The schema type to decode an envelope's object as: its own kind if kts knows it, else the expected one.
 * Option kinds (DeleteOptions …) are registered in every group/version upstream, and client-go names the
 * client's group/version in the envelope; kts's schema has them once, in core v1.
 */
function typeFor(gvk: GVK, expect: GVK): string | undefined {
  const candidates: GVK[] = [gvk, ...(gvk.kind === expect.kind ? [expect] : []), { group: '', version: 'v1', kind: gvk.kind }];
  for (const c of candidates) {
    const t = schema.kind(c);
    if (t) return t.id;
  }
  return undefined;
}

function decodeObject(u: Unknown, expect: GVK): JsonObject {
  const apiVersion = u.apiVersion || apiVersionOf(expect.group, expect.version);
  const kind = u.kind || expect.kind;
  if (kind !== expect.kind) throw statusErrors.badRequest(`the kind in the data (${kind}) does not match the expected kind (${expect.kind})`);
  const gv = parseApiVersion(apiVersion);
  const typeId = typeFor({ ...gv, kind }, expect);
  if (!typeId) throw statusErrors.badRequest(`no kind "${kind}" is registered for version "${apiVersion}"`);
  const obj = decodeMessage(u.raw, typeId, { nested: decodeNested });
  return { apiVersion, kind, ...withoutTypeMeta(obj) };
}

function withoutTypeMeta(o: JsonObject): JsonObject {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

/** An object embedded in a RawExtension as its own envelope: decoded by the kind it names. */
function decodeNested(bytes: Uint8Array): unknown {
  const u = readEnvelope(bytes);
  const gv = parseApiVersion(u.apiVersion);
  return decodeObject(u, { ...gv, kind: u.kind });
}

/**
 * Decodes a Kubernetes protobuf request body into the JSON object the same request would carry as JSON.
 * Throws a 400 BadRequest StatusError for a missing magic, a kind other than `expect`'s, or malformed bytes.
 */
export function decodeKubeProtobuf(body: Buffer, expect: GVK): Record<string, unknown> {
  try {
    return decodeObject(readEnvelope(body), expect);
  } catch (err) {
    throw asStatusError(err);
  }
}

function asStatusError(err: unknown): unknown {
  if (err instanceof ProtobufDecodeError || err instanceof ProtobufEncodeError) return statusErrors.badRequest(err.message);
  if (err instanceof RangeError || (err instanceof Error && /index out of range|invalid wire type/.test(err.message)))
    return statusErrors.badRequest(`unable to decode protobuf body: ${err.message}`);
  return err;
}

/** Encodes a JSON object of kind `gvk` as a Kubernetes protobuf body (magic + runtime.Unknown). */
export function encodeKubeProtobuf(obj: Record<string, unknown>, gvk: GVK): Buffer {
  const t = schema.kind(gvk);
  if (!t) throw new ProtobufEncodeError(`no schema type for ${apiVersionOf(gvk.group, gvk.version)} ${gvk.kind}`);
  const raw = encodeMessage(obj, t.id);
  return writeEnvelope({ apiVersion: apiVersionOf(gvk.group, gvk.version), kind: gvk.kind, raw });
}
