// Response compression as upstream's APIResponseCompression, seen from the wire and from kubectl: a
// big response to a client that accepts gzip is gzip-compressed with Vary: Accept-Encoding (a streamed
// LIST and a whole Table alike); small responses, clients that do not accept gzip and q=0 get plain
// JSON; kubectl (which asks for gzip) reads compressed lists. Also: managed fields are recorded before
// mutating admission, so what admission plugins add to a pod is nobody's.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { startCluster, type Cluster } from './harness.js';

interface Resp {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe('response compression', () => {
  let c: Cluster;
  let agent: Agent;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Resp> =>
    new Promise((resolve, reject) => {
      const req = request(`${c.url}${path}`, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  before(async () => {
    c = await startCluster();
    const kc = parse(readFileSync(c.kubeconfig, 'utf8')) as {
      clusters: Array<{ cluster: { 'certificate-authority-data': string } }>;
      users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
    };
    const b = (s: string) => Buffer.from(s, 'base64');
    const u = kc.users[0]!.user;
    agent = new Agent({ keepAlive: true, ca: b(kc.clusters[0]!.cluster['certificate-authority-data']), cert: b(u['client-certificate-data']), key: b(u['client-key-data']) });
    // 400 ConfigMaps of ~500 bytes: a LIST of ~250 KiB, above the 128 KiB threshold.
    const docs = Array.from({ length: 400 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: default\ndata:\n  v: "${'x'.repeat(300)}"\n`);
    await c.k(['create', '-f', '-'], { input: docs.join('---\n') });
  });
  after(async () => {
    agent?.destroy();
    await c?.stop();
  });

  it('gzips a big streamed LIST for a client that accepts gzip', async () => {
    const r = await get('/api/v1/namespaces/default/configmaps', { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.match(String(r.headers.vary), /Accept-Encoding/);
    const list = JSON.parse(gunzipSync(r.body).toString()) as { kind: string; items: Array<{ metadata: { name: string } }> };
    assert.equal(list.kind, 'ConfigMapList');
    assert.equal(list.items.filter((i) => i.metadata.name.startsWith('cm-')).length, 400);
    assert.ok(r.body.length < 100_000, `compressed ${r.body.length} bytes`);
  });

  it('gzips a big whole response (a Table with objects) with its compressed Content-Length', async () => {
    const r = await get('/api/v1/namespaces/default/configmaps?includeObject=Object', { 'Accept-Encoding': 'gzip, deflate', Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(Number(r.headers['content-length']), r.body.length);
    const t = JSON.parse(gunzipSync(r.body).toString()) as { kind: string; rows: unknown[] };
    assert.equal(t.kind, 'Table');
    assert.ok(t.rows.length >= 400);
  });

  it('answers plain JSON without Accept-Encoding, with gzip;q=0, and for small responses', async () => {
    for (const headers of [{}, { 'Accept-Encoding': 'gzip;q=0' }, { 'Accept-Encoding': 'br' }] as Array<Record<string, string>>) {
      const r = await get('/api/v1/namespaces/default/configmaps', headers);
      assert.equal(r.headers['content-encoding'], undefined, JSON.stringify(headers));
      assert.equal((JSON.parse(r.body.toString()) as { items: unknown[] }).items.length >= 400, true);
    }
    const small = await get('/api/v1/namespaces/default/configmaps/cm-1', { 'Accept-Encoding': 'gzip' });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.equal((JSON.parse(small.body.toString()) as { metadata: { name: string } }).metadata.name, 'cm-1');
  });

  it('serves kubectl, which asks for gzip, and kubectl --disable-compression', async () => {
    for (const extra of [[], ['--disable-compression']]) {
      const out = JSON.parse(await c.k(['get', 'configmaps', '-o', 'json', ...extra])) as { items: unknown[] };
      assert.ok(out.items.length >= 400);
    }
    // Go's transport inflates the body and drops Content-Encoding; Vary is only sent with gzip.
    const v = await c.kubectl(['get', 'configmaps', '-v=8']);
    assert.match(v.stderr, /Accept-Encoding/);
    assert.match(v.stdout, /cm-399/);
  });

  it('records managed fields before mutating admission (tolerations, priority, service account are nobody\'s)', async () => {
    await c.k(['run', 'mf', '--image=busybox:1.35', '--restart=Never']);
    const pod = JSON.parse(await c.k(['get', 'pod', 'mf', '-o', 'json', '--show-managed-fields'])) as {
      spec: { tolerations?: unknown[]; priority?: number };
      metadata: { managedFields: Array<{ manager: string; fieldsV1: { 'f:spec': Record<string, unknown> } }> };
    };
    assert.ok(pod.spec.tolerations?.length, 'DefaultTolerationSeconds added tolerations');
    assert.equal(pod.spec.priority, 0);
    const spec = pod.metadata.managedFields.find((m) => m.manager === 'kubectl-run')!.fieldsV1['f:spec'];
    assert.ok('f:containers' in spec && 'f:restartPolicy' in spec && 'f:dnsPolicy' in spec);
    for (const f of ['f:tolerations', 'f:priority', 'f:serviceAccountName', 'f:preemptionPolicy']) assert.ok(!(f in spec), `${f} is not managed`);
  });
});
