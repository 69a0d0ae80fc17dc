// Serving the OpenAPI documents the way kube-openapi's handlers do: /openapi/v3 (an index of group/version
// documents with content hashes), /openapi/v3/<gv> (JSON; ?hash= pins an immutable, cacheable copy and a
// stale hash is redirected), and /openapi/v2 (swagger JSON, or gnostic protobuf, gzip-compressed for
// clients that accept it). Documents are generated on first use and cached; ETags are SHA-512 of the JSON.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { encodeGnosticV2 } from './gnostic.js';
import { stableStringify } from './json.js';
import { gvKey, servedGroupVersions } from './routes.js';
import { buildV2Document } from './v2.js';
import { buildV3Document } from './v3.js';

export type ExtraPathHandler = (req: IncomingMessage, res: ServerResponse, path: string) => boolean | Promise<boolean>;

interface Served {
  body: Buffer;
  etag: string;
  lastModified: Date;
  gzip?: Buffer;
}

const PROTO_V2 = 'com.github.proto-openapi.spec.v2.v1.0+protobuf';
const PROTO_V2_OLD = 'com.github.proto-openapi.spec.v2@v1.0+protobuf';

function served(body: Buffer, etag = etagOf(body)): Served {
  return { body, etag, lastModified: new Date(Math.floor(Date.now() / 1000) * 1000) };
}

export function etagOf(body: Buffer): string {
  return createHash('sha512').update(body).digest('hex').toUpperCase();
}

interface AcceptClause {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

/** Accept header clauses, best first (by q, then specificity, then order), as goautoneg sorts them. */
export function parseAccept(header: string | undefined): AcceptClause[] {
  const text = header && header.trim() ? header : '*/*';
  const out: AcceptClause[] = [];
  text.split(',').forEach((part, order) => {
    const [mt, ...params] = part.split(';').map((s) => s.trim());
    if (!mt) return;
    const [type = '', subtype = '*'] = mt.toLowerCase().split('/');
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k === 'q' && v !== undefined) q = Number(v);
    }
    if (!Number.isNaN(q) && q > 0) out.push({ type, subtype, q, order });
  });
  const specificity = (c: AcceptClause) => (c.type === '*' ? 0 : c.subtype === '*' ? 1 : 2);
  return out.sort((a, b) => b.q - a.q || specificity(b) - specificity(a) || a.order - b.order);
}

/** The first of `offered` subtypes (of application/*) the client accepts, honouring its preference. */
function negotiate(accept: string | undefined, offered: string[]): string | undefined {
  for (const c of parseAccept(accept)) {
    if (c.type !== 'application' && c.type !== '*') continue;
    for (const o of offered) if (c.subtype === '*' || c.subtype === o) return o;
  }
  return undefined;
}

function notModified(req: IncomingMessage, s: Served): boolean {
  const inm = req.headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === `"${s.etag}"` || t.trim() === '*');
  const ims = req.headers['if-modified-since'];
  return !!ims && !Number.isNaN(Date.parse(ims)) && s.lastModified.getTime() <= Date.parse(ims);
}

function send(req: IncomingMessage, res: ServerResponse, s: Served, contentType: string, headers: Record<string, string> = {}, allowGzip = false): void {
  res.setHeader('Etag', `"${s.etag}"`);
  res.setHeader('Last-Modified', s.lastModified.toUTCString());
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (notModified(req, s)) {
    res.writeHead(304);
    res.end();
    return;
  }
  let body = s.body;
  if (allowGzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    s.gzip ??= gzipSync(s.body);
    body = s.gzip;
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notAcceptable(res: ServerResponse): void {
  res.writeHead(406);
  res.end();
}

/** The OpenAPI documents, generated lazily and kept. */
export class OpenAPIDocuments {
  private v3 = new Map<string, Served>();
  private v3Index?: Served;
  private v2Json?: Served;
  private v2Proto?: Served;
  private readonly keys = new Map(servedGroupVersions().map((gv) => [gvKey(gv), gv]));

  groupVersionKeys(): string[] {
    return [...this.keys.keys()];
  }

  v3Document(key: string): Served | undefined {
    const gv = this.keys.get(key);
    if (!gv) return undefined;
    let s = this.v3.get(key);
    if (!s) this.v3.set(key, (s = served(Buffer.from(stableStringify(buildV3Document(gv))))));
    return s;
  }

  index(): Served {
    if (!this.v3Index) {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const key of [...this.keys.keys()].sort()) paths[key] = { serverRelativeURL: relativeURL(key, this.v3Document(key)!.etag) };
      this.v3Index = served(Buffer.from(JSON.stringify({ paths })));
    }
    return this.v3Index;
  }

  v2(): Served {
    this.v2Json ??= served(Buffer.from(stableStringify(buildV2Document())));
    return this.v2Json;
  }

  v2Protobuf(): Served {
    if (!this.v2Proto) {
      const json = this.v2();
      const proto = encodeGnosticV2(JSON.parse(json.body.toString('utf8')) as Record<string, unknown>);
      // Same ETag as the JSON: the Vary header tells caches the two apart (as upstream).
      this.v2Proto = { body: Buffer.from(proto), etag: json.etag, lastModified: json.lastModified };
    }
    return this.v2Proto;
  }
}

function relativeURL(key: string, etag: string): string {
  return `/openapi/v3/${key}?hash=${etag}`;
}

/** The handler for the server's extraPaths: answers GET/HEAD of /openapi/v2, /openapi/v3 and /openapi/v3/<gv>. */
export function openapiPaths(docs = new OpenAPIDocuments()): ExtraPathHandler {
  return (req, res, path) => {
    if (path !== '/openapi/v2' && path !== '/openapi/v3' && !path.startsWith('/openapi/v3/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    res.setHeader('Vary', 'Accept');
    if (path === '/openapi/v3') {
      send(req, res, docs.index(), 'application/json');
      return true;
    }
    if (path === '/openapi/v2') {
      const t = negotiate(req.headers.accept, ['json', PROTO_V2_OLD, PROTO_V2]);
      if (!t) notAcceptable(res);
      else if (t === 'json') send(req, res, docs.v2(), 'application/json', {}, true);
      else send(req, res, docs.v2Protobuf(), `application/${PROTO_V2}`, {}, true);
      return true;
    }
    const key = path.slice('/openapi/v3/'.length);
    const doc = docs.v3Document(key);
    if (!doc) return false;
    if (!negotiate(req.headers.accept, ['json'])) {
      notAcceptable(res);
      return true;
    }
    const hash = new URL(req.url ?? '/', 'https://kts').searchParams.get('hash');
    if (hash && hash !== doc.etag) {
      res.writeHead(301, { Location: relativeURL(key, doc.etag), 'Content-Type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : `<a href="${relativeURL(key, doc.etag)}">Moved Permanently</a>.\n`);
      return true;
    }
    const headers: Record<string, string> = hash ? { 'Cache-Control': 'public, immutable', Expires: new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString() } : {};
    send(req, res, doc, 'application/json', headers);
    return true;
  };
}
