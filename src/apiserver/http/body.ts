// Reading and decoding request bodies: size limit (413), media types (415), JSON and YAML, and the
// Kubernetes protobuf envelope through a pluggable decoder.

import type { IncomingMessage } from 'node:http';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { isObject } from '../../api/types.js';
import { statusErrors } from '../../machinery/errors/status.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw statusErrors.tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > limit) {
      req.resume();
      throw statusErrors.tooLarge();
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** The media type without parameters, lower-cased. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export type ProtobufDecoder = (body: Buffer, expect: { group: string; version: string; kind: string }) => Record<string, unknown>;

export interface DecodeOptions {
  contentType: string | undefined;
  /** The kind the endpoint takes (for protobuf, whose envelope names it too). */
  expect: { group: string; version: string; kind: string };
  protobuf?: ProtobufDecoder;
  /** Duplicate-field detection for JSON (strict field validation). */
  onDuplicate?: (path: string) => void;
}

/** Decodes a create/update body into a JSON object. */
export function decodeObject(body: Buffer, o: DecodeOptions): Record<string, unknown> {
  const type = mediaType(o.contentType) || 'application/json';
  let v: unknown;
  if (type === 'application/json') v = parseJson(body);
  else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') v = parseYamlBody(body);
  else if (type === 'application/vnd.kubernetes.protobuf') {
    if (!o.protobuf) throw statusErrors.unsupportedMediaType();
    v = o.protobuf(body, o.expect);
  } else throw statusErrors.unsupportedMediaType();
  if (!isObject(v)) throw statusErrors.badRequest(`Object 'Kind' is missing in '${body.toString('utf8').slice(0, 200)}'`);
  return v;
}

export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw statusErrors.badRequest('Object \'Kind\' is missing in \'\'');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw statusErrors.badRequest(`error decoding body: ${(err as Error).message}`);
  }
}

export function parseYamlBody(body: Buffer): unknown {
  try {
    return parseYaml(body.toString('utf8'), { uniqueKeys: false });
  } catch (err) {
    if (err instanceof YAMLParseError) throw statusErrors.badRequest(`error converting YAML to JSON: ${err.message}`);
    throw err;
  }
}
