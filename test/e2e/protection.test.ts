// kube-apiserver protection: oversized bodies (413), unknown media types (415), in-flight limits (429
// with Retry-After), malformed input as 400 Status — never a 500 or a crash for a client's mistake.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startCluster, type Cluster } from './harness.js';

interface Resp {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('apiserver protection', () => {
  let c: Cluster;
  let agent: Agent;
  // The in-flight limits exempt system:masters (as upstream), so the requests here come from a service
  // account with the edit role, authenticated by its token.
  let bearer = '';
  const send = (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Resp> =>
    new Promise((resolve, reject) => {
      const req = request(`${c.url}${path}`, { method, agent, headers: { Authorization: `Bearer ${bearer}`, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });

  before(async () => {
    c = await startCluster({ args: ['--max-mutating-requests-inflight', '2'] });
    const kc = parse(readFileSync(c.kubeconfig, 'utf8')) as {
      clusters: Array<{ cluster: { 'certificate-authority-data': string } }>;
      users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
    };
    const b = (s: string) => Buffer.from(s, 'base64');
    agent = new Agent({ keepAlive: true, maxSockets: 200, ca: b(kc.clusters[0]!.cluster['certificate-authority-data']) });
    void kc.users;
    await c.k(['create', 'serviceaccount', 'loader']);
    await c.k(['create', 'rolebinding', 'loader-edit', '--clusterrole=edit', '--serviceaccount=default:loader']);
    bearer = (await c.k(['create', 'token', 'loader'])).trim();
  });
  after(async () => {
    agent?.destroy();
    await c?.stop();
  });

  it('rejects bodies over 3 MiB with 413', async () => {
    const big = JSON.stringify({ metadata: { name: 'big' }, data: { x: 'y'.repeat(4 * 1024 * 1024) } });
    const r = await send('POST', '/api/v1/namespaces/default/configmaps', big, { 'Content-Type': 'application/json' });
    assert.equal(r.status, 413);
    assert.equal(JSON.parse(r.body).reason, 'RequestEntityTooLarge');
  });

  it('rejects unknown media types with 415', async () => {
    const r = await send('POST', '/api/v1/namespaces/default/configmaps', 'name=x', { 'Content-Type': 'text/plain' });
    assert.equal(r.status, 415);
    assert.equal(JSON.parse(r.body).reason, 'UnsupportedMediaType');
  });

  it('answers malformed JSON, wrong kinds and bad selectors with 400 Status', async () => {
    const bad = await send('POST', '/api/v1/namespaces/default/configmaps', '{"metadata":', { 'Content-Type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.equal(JSON.parse(bad.body).kind, 'Status');
    const kind = await send('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }), { 'Content-Type': 'application/json' });
    assert.equal(kind.status, 400);
    const sel = await send('GET', '/api/v1/namespaces/default/pods?labelSelector=a%20in%20(');
    assert.equal(sel.status, 400);
    const field = await send('GET', '/api/v1/namespaces/default/pods?fieldSelector=spec.nope%3Dx');
    assert.equal(field.status, 400);
    assert.match(JSON.parse(field.body).message, /field label not supported: spec.nope/);
    const typ = await send('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 7 } }), { 'Content-Type': 'application/json' });
    assert.equal(typ.status, 400);
    const health = await send('GET', '/readyz');
    assert.equal(health.status, 200, 'the server is still up');
  });

  it('limits mutating requests in flight with 429 and Retry-After', async () => {
    // Two creates whose bodies are still arriving hold both mutating slots (the limit is 2) …
    const body = (name: string) => JSON.stringify({ metadata: { name }, data: { a: 'b' } });
    const slow = ['held-1', 'held-2'].map((name) => {
      const b = Buffer.from(body(name));
      let req!: import('node:http').ClientRequest;
      const done = new Promise<Resp>((resolve, reject) => {
        req = request(`${c.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', agent, headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', 'Content-Length': String(b.length) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        });
        req.on('error', reject);
      });
      req.write(b.subarray(0, 5));
      req.flushHeaders();
      return { req, rest: b.subarray(5), done };
    });
    await new Promise((r) => setTimeout(r, 500));
    // … so a third is refused at once, while reads still go through.
    const third = await send('POST', '/api/v1/namespaces/default/configmaps', body('third'), { 'Content-Type': 'application/json' });
    assert.equal(third.status, 429);
    assert.equal(third.headers['retry-after'], '1');
    assert.equal(JSON.parse(third.body).reason, 'TooManyRequests');
    assert.equal((await send('GET', '/api/v1/namespaces/default/configmaps')).status, 200);
    for (const s2 of slow) s2.req.end(s2.rest);
    for (const s2 of slow) assert.equal((await s2.done).status, 201);
    assert.equal((await send('POST', '/api/v1/namespaces/default/configmaps', body('third'), { 'Content-Type': 'application/json' })).status, 201, 'accepted again once the slots are free');
    // system:masters is exempt: the admin (kubectl) still writes while the slots are held.
    const more = ['held-3', 'held-4'].map((name) => {
      const b = Buffer.from(body(name));
      const r = request(`${c.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', agent, headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', 'Content-Length': String(b.length) } }, (res) => res.resume());
      r.on('error', () => {});
      r.write(b.subarray(0, 5));
      r.flushHeaders();
      return { r, rest: b.subarray(5) };
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await send('POST', '/api/v1/namespaces/default/configmaps', body('refused'), { 'Content-Type': 'application/json' })).status, 429);
    await c.k(['create', 'configmap', 'admin-exempt']);
    for (const m of more) m.r.end(m.rest);
  });
});
