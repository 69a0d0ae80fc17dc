import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { documentType, OpenAPIDocuments, openapiPaths, parseAccept } from './index.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describe('serving /openapi', () => {
  let server: Server;
  let port = 0;
  const docs = new OpenAPIDocuments();
  const handler = openapiPaths(docs);

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      void Promise.resolve(handler(req, res, path)).then((handled) => {
        if (!handled) {
          res.writeHead(404);
          res.end('not mine');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('serves the v3 index with an ETag and answers 304 to it', async () => {
    const r = await get('/openapi/v3');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    const etag = r.headers.etag!;
    assert.match(etag, /^"[0-9A-F]{128}"$/);
    const idx = JSON.parse(r.body.toString()) as { paths: Record<string, { serverRelativeURL: string }> };
    assert.ok(idx.paths['apis/apps/v1']!.serverRelativeURL.startsWith('/openapi/v3/apis/apps/v1?hash='));
    assert.equal((await get('/openapi/v3', { 'If-None-Match': etag })).status, 304);
  });

  it('serves a group/version document, immutable under its hash, redirecting a stale hash', async () => {
    const idx = JSON.parse((await get('/openapi/v3')).body.toString()) as { paths: Record<string, { serverRelativeURL: string }> };
    const url = idx.paths['api/v1']!.serverRelativeURL;
    const r = await get(url, { Accept: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['cache-control'], 'public, immutable');
    assert.ok(r.headers.expires);
    assert.equal(r.headers.vary, 'Accept');
    const doc = JSON.parse(r.body.toString()) as { openapi: string; components: { schemas: Record<string, unknown> } };
    assert.equal(doc.openapi, '3.0.0');
    assert.ok(doc.components.schemas['io.k8s.api.core.v1.Pod']);
    const plain = await get('/openapi/v3/api/v1');
    assert.equal(plain.headers['cache-control'], undefined);
    assert.equal(plain.headers.etag, r.headers.etag);
    const stale = await get('/openapi/v3/api/v1?hash=0123', { Accept: 'application/json' });
    assert.equal(stale.status, 301);
    assert.equal(stale.headers.location, url);
    assert.equal((await get('/openapi/v3/api/v1', { Accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' })).status, 406);
    assert.equal((await get('/openapi/v3/apis/nope/v1')).status, 404);
    const head = await get(url, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
  });

  it('serves v2 as JSON and as gnostic protobuf, gzip-compressed on request', async () => {
    const json = await get('/openapi/v2', { Accept: 'application/json' });
    assert.equal(json.status, 200);
    assert.equal((JSON.parse(json.body.toString()) as { swagger: string }).swagger, '2.0');
    const pb = await get('/openapi/v2', { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'Accept-Encoding': 'gzip' });
    assert.equal(pb.status, 200);
    assert.equal(pb.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    assert.equal(pb.headers['content-encoding'], 'gzip');
    assert.equal(pb.headers.etag, json.headers.etag);
    const decoded = documentType().decode(gunzipSync(pb.body)) as unknown as { swagger: string };
    assert.equal(decoded.swagger, '2.0');
    assert.equal((await get('/openapi/v2', { Accept: 'text/html' })).status, 406);
  });

  it('leaves other paths alone', async () => {
    assert.equal((await get('/openapi/v4')).status, 404);
    assert.equal((await get('/version')).body.toString(), 'not mine');
  });

  it('orders Accept clauses by quality and specificity', () => {
    assert.deepEqual(
      parseAccept('*/*;q=0.5, application/json, application/*;q=0.9').map((c) => `${c.type}/${c.subtype}`),
      ['application/json', 'application/*', '*/*'],
    );
    assert.deepEqual(parseAccept(undefined).map((c) => `${c.type}/${c.subtype}`), ['*/*']);
  });
});
