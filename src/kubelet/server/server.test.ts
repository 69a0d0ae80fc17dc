import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { createCA, issueCertificate, type CertAndKey } from '../../machinery/pki/pki.js';
import { SpdyConnection, type SpdyStream } from '../../machinery/spdy/connection.js';
import { dialSpdy, UpgradeError } from '../../machinery/spdy/upgrade.js';
import { startKubeletServer, type KubeletServer } from './server.js';
import { dialPortForwardTunnel, fakeHost, startFakeStreamingServer, streamingRuntime, type FakeContainer, type FakeStreamingServer } from './testing.js';

let ca: CertAndKey;
let client: CertAndKey;
let stranger: CertAndKey;
let kubelet: KubeletServer;
let streaming: FakeStreamingServer;
let dir: string;
let echo: NetServer;
const containers: FakeContainer[] = [];

before(async () => {
  ca = await createCA({ commonName: 'test-ca' });
  const serving = await issueCertificate(ca, { commonName: 'node-1', ipAddresses: ['127.0.0.1'], usages: ['serverAuth'] });
  client = await issueCertificate(ca, { commonName: 'kube-apiserver-kubelet-client', organizations: ['system:masters'], usages: ['clientAuth'] });
  stranger = await issueCertificate(await createCA({ commonName: 'other' }), { commonName: 'x', usages: ['clientAuth'] });
  dir = mkdtempSync(join(tmpdir(), 'kubelet-server-'));
  writeFileSync(join(dir, 'web.log'), [
    '2024-01-01T00:00:01.000000000Z stdout F line one',
    '2024-01-01T00:00:02.000000000Z stderr F line two',
    '2024-01-01T00:00:03.000000000Z stdout P part',
    '2024-01-01T00:00:03.100000000Z stdout F ial three',
    '2024-01-01T00:00:04.000000000Z stdout F line four',
  ].join('\n') + '\n');
  writeFileSync(join(dir, 'web.log.previous'), '2023-12-31T00:00:00.000000000Z stdout F from the previous run\n');
  writeFileSync(join(dir, 'tail.log'), '');
  containers.push(
    { namespace: 'default', pod: 'web', podUid: 'uid-web', name: 'web', id: 'c-web', sandboxId: 's-web', logPath: join(dir, 'web.log'), running: false, previousId: 'c-web-0' },
    { namespace: 'default', pod: 'follow', podUid: 'uid-f', name: 'app', id: 'c-f', sandboxId: 's-f', logPath: join(dir, 'tail.log'), running: true },
  );
  streaming = await startFakeStreamingServer({ hostname: 'web-pod' });
  const runtime = streamingRuntime(streaming, containers, [
    { attributes: { id: 'c-web', metadata: { name: 'web', attempt: 0 }, labels: { 'io.kubernetes.pod.uid': 'uid-web', 'io.kubernetes.container.name': 'web' }, annotations: {} }, cpu: { timestamp: Date.now() * 1e6, usageCoreNanoSeconds: { value: 5e9 }, usageNanoCores: { value: 1000 } }, memory: { timestamp: Date.now() * 1e6, workingSetBytes: { value: 4096 } } },
  ]);
  const pods = [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'uid-web' }, spec: {}, status: { startTime: '2024-01-01T00:00:00Z' } }];
  kubelet = await startKubeletServer({ host: fakeHost(runtime, containers, pods), nodeName: 'node-1', port: 0, bindAddress: '127.0.0.1', tls: { cert: serving.cert, key: serving.key, clientCA: ca.cert } });
  echo = createNetServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
});

after(async () => {
  await kubelet?.close();
  await streaming?.close();
  echo?.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, cert: CertAndKey | null = client): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: kubelet.port, path, ca: ca.cert, ...(cert ? { cert: cert.cert, key: cert.key } : {}) }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a client certificate from the cluster CA is required', async () => {
  assert.equal((await get('/healthz', null)).code, 401);
  assert.equal((await get('/healthz', stranger)).code, 401);
  assert.deepEqual(await get('/healthz'), { code: 200, body: 'ok' });
  assert.equal((await get('/nothing/here')).code, 404);
});

test('an authorizer that says no gives 403 with upstream\'s message', async () => {
  const serving = await issueCertificate(ca, { commonName: 'node-2', ipAddresses: ['127.0.0.1'], usages: ['serverAuth'] });
  const asked: string[] = [];
  const strict = await startKubeletServer({
    host: fakeHost(streamingRuntime(streaming, containers, []), containers, []),
    nodeName: 'node-2',
    port: 0,
    bindAddress: '127.0.0.1',
    tls: { cert: serving.cert, key: serving.key, clientCA: ca.cert },
    authorize: async (user, attrs) => {
      asked.push(`${user.username} ${attrs.verb} ${attrs.resource}/${attrs.subresource} ${attrs.name}`);
      return { allowed: attrs.subresource === 'stats', reason: '' };
    },
  });
  try {
    const call = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: strict.port, path, ca: ca.cert, cert: client.cert, key: client.key }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    assert.equal(await call('/containerLogs/default/web/web'), 403);
    assert.equal(await call('/stats/summary'), 200);
    assert.deepEqual(asked, ['kube-apiserver-kubelet-client get nodes/proxy node-2', 'kube-apiserver-kubelet-client get nodes/stats node-2']);
  } finally {
    await strict.close();
  }
});

test('/pods lists the pods of the node; /stats/summary has node and pod figures', async () => {
  const pods = JSON.parse((await get('/pods')).body);
  assert.equal(pods.kind, 'PodList');
  assert.equal(pods.items[0].metadata.name, 'web');
  const sum = JSON.parse((await get('/stats/summary')).body);
  assert.equal(sum.node.nodeName, 'node-1');
  assert.ok(sum.node.cpu.usageCoreNanoSeconds > 0);
  assert.ok(sum.node.memory.workingSetBytes > 0);
  assert.equal(sum.pods[0].podRef.uid, 'uid-web');
  assert.equal(sum.pods[0].containers[0].name, 'web');
  assert.equal(sum.pods[0].containers[0].cpu.usageNanoCores, 1000);
  assert.equal(sum.pods[0].memory.workingSetBytes, 4096);
});

test('containerLogs: whole file, partial lines joined, tail, since, timestamps, limitBytes, previous', async () => {
  const base = '/containerLogs/default/web/web';
  assert.deepEqual(await get(base), { code: 200, body: 'line one\nline two\npartial three\nline four\n' });
  assert.equal((await get(`${base}?tailLines=2`)).body, 'ial three\nline four\n');
  assert.equal((await get(`${base}?tailLines=0`)).body, '');
  assert.equal((await get(`${base}?sinceTime=2024-01-01T00:00:02Z`)).body, 'line two\npartial three\nline four\n');
  assert.equal((await get(`${base}?limitBytes=12`)).body, 'line one\nlin');
  assert.equal((await get(`${base}?timestamps=true&tailLines=1`)).body, '2024-01-01T00:00:04.000000000Z line four\n');
  assert.equal((await get(`${base}?previous=true`)).body, 'from the previous run\n');
  assert.equal((await get(`${base}?tailLines=-1`)).code, 400);
  const missing = await get('/containerLogs/default/web/nope');
  assert.equal(missing.code, 404);
  assert.match(missing.body, /container "nope" in pod "web" is not available/);
  assert.equal((await get('/containerLogs/default/follow/app?previous=true')).code, 400);
});

test('containerLogs follow streams appended lines and ends when the container stops', async () => {
  const c = containers.find((x) => x.id === 'c-f')!;
  c.running = true;
  const chunks: string[] = [];
  const done = new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: kubelet.port, path: '/containerLogs/default/follow/app?follow=true', ca: ca.cert, cert: client.cert, key: client.key }, (res) => {
      res.on('data', (d: Buffer) => chunks.push(d.toString()));
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
  await new Promise((r) => setTimeout(r, 150));
  appendFileSync(c.logPath, `${new Date().toISOString()} stdout F hello\n`);
  for (let i = 0; i < 50 && !chunks.join('').includes('hello'); i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(chunks.join(''), 'hello\n');
  appendFileSync(c.logPath, `${new Date().toISOString()} stdout F bye\n`);
  c.running = false;
  assert.equal(await done, 200);
  assert.equal(chunks.join(''), 'hello\nbye\n');
});

interface WsResult { stdout: string; stderr: string; status: string; protocol: string }

function wsExec(path: string, o: { protocol?: string; stdin?: string[]; closeStdin?: boolean } = {}): Promise<WsResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${kubelet.port}${path}`, [o.protocol ?? 'v5.channel.k8s.io'], { ca: ca.cert, cert: client.cert, key: client.key });
    const r: WsResult = { stdout: '', stderr: '', status: '', protocol: '' };
    ws.on('open', () => {
      r.protocol = ws.protocol;
      for (const s of o.stdin ?? []) ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(s)]));
      if (o.closeStdin) ws.send(Buffer.from([255, 0]));
    });
    ws.on('message', (m: Buffer) => {
      const text = m.subarray(1).toString();
      if (m[0] === 1) r.stdout += text;
      else if (m[0] === 2) r.stderr += text;
      else if (m[0] === 3) r.status += text;
    });
    ws.on('close', () => resolve(r));
    ws.on('unexpected-response', (_req, res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => reject(new Error(`${res.statusCode}: ${Buffer.concat(parts).toString()}`)));
    });
    ws.on('error', reject);
  });
}

test('exec over WebSocket v5: output, exit codes as NonZeroExitCode, stdin with half-close', async () => {
  const h = await wsExec('/exec/default/web/web?command=hostname&stdout=true&stderr=true');
  assert.equal(h.protocol, 'v5.channel.k8s.io');
  assert.equal(h.stdout, 'web-pod\n');
  assert.equal(JSON.parse(h.status).status, 'Success');
  const e = await wsExec('/exec/default/web/web?command=sh&command=-c&command=exit%203&stdout=true&stderr=true');
  assert.equal(e.stderr, 'exiting with 3\n');
  const st = JSON.parse(e.status);
  assert.equal(st.reason, 'NonZeroExitCode');
  assert.deepEqual(st.details.causes, [{ reason: 'ExitCode', message: '3' }]);
  const c = await wsExec('/exec/default/web/web?command=cat&stdin=true&stdout=true&stderr=true', { stdin: ['abc', 'def\n'], closeStdin: true });
  assert.equal(c.stdout, 'abcdef\n');
  const v4 = await wsExec('/exec/default/web/web?command=echo&command=hi&stdout=true', { protocol: 'v4.channel.k8s.io' });
  assert.equal(v4.protocol, 'v4.channel.k8s.io');
  assert.equal(v4.stdout, 'hi\n');
  await assert.rejects(wsExec('/exec/default/web/missing?command=ls&stdout=true'), /404: container not found \("missing"\)/);
  await assert.rejects(wsExec('/exec/default/web/web?stdout=true'), /400: you must specify at least 1 command/);
});

test('exec and attach over SPDY (kubectl fallback): one stream per channel, stdin half-close', async () => {
  const tls = { ca: ca.cert, cert: client.cert, key: client.key };
  const run = async (path: string, stdin?: string) => {
    const { conn, protocol } = await dialSpdy({ url: `https://127.0.0.1:${kubelet.port}${path}`, protocols: ['v5.channel.k8s.io', 'v4.channel.k8s.io'], tls });
    const open = (t: string) => conn.openStream({ streamType: t });
    const error = open('error');
    error.end();
    const streams: Record<string, SpdyStream> = { error };
    if (stdin !== undefined) streams.stdin = open('stdin');
    streams.stdout = open('stdout');
    streams.stderr = open('stderr');
    const read = (s: SpdyStream) => new Promise<string>((r) => { let t = ''; s.on('data', (d: Buffer) => (t += d)); s.on('end', () => r(t)); });
    const out = read(streams.stdout!);
    const err = read(streams.stderr!);
    const status = read(error);
    if (stdin !== undefined) streams.stdin!.end(stdin);
    const res = { protocol, stdout: await out, stderr: await err, status: await status };
    conn.destroy();
    return res;
  };
  const h = await run('/exec/default/web/web?command=hostname&stdout=true&stderr=true');
  assert.equal(h.protocol, 'v5.channel.k8s.io');
  assert.equal(h.stdout, 'web-pod\n');
  const e = await run('/exec/default/web/web?command=sh&command=-c&command=exit%207&stdout=true&stderr=true');
  assert.equal(JSON.parse(e.status).details.causes[0].message, '7');
  const a = await run('/attach/default/web/web?stdin=true&stdout=true&stderr=true', 'typed\n');
  assert.equal(a.stdout, 'typed\n');
  await assert.rejects(dialSpdy({ url: `https://127.0.0.1:${kubelet.port}/exec/default/web/web?command=ls`, protocols: ['v9.channel.k8s.io'], tls }), (err: unknown) => err instanceof UpgradeError && err.statusCode === 403);
});

async function forwardOnce(conn: SpdyConnection, port: number, requestID: string, payload: string): Promise<string> {
  const error = conn.openStream({ streamType: 'error', port: String(port), requestID });
  error.end();
  const data = conn.openStream({ streamType: 'data', port: String(port), requestID });
  let got = '';
  data.on('data', (d: Buffer) => (got += d));
  data.write(payload);
  for (let i = 0; i < 100 && got.length < payload.length; i++) await new Promise((r) => setTimeout(r, 20));
  data.end();
  return got;
}

test('portForward: SPDY tunnelled in WebSocket (kubectl 1.31+) and plain SPDY', async () => {
  const port = (echo.address() as AddressInfo).port;
  const { conn: tunnel, protocol: tp, ws } = await dialPortForwardTunnel(`https://127.0.0.1:${kubelet.port}/portForward/default/web`, { ca: ca.cert, cert: client.cert, key: client.key });
  assert.equal(tp, 'SPDY/3.1+portforward.k8s.io');
  assert.equal(await forwardOnce(tunnel, port, '0', 'ping over websocket'), 'ping over websocket');
  assert.equal(await forwardOnce(tunnel, port, '1', 'second connection'), 'second connection');
  tunnel.close();
  ws.close();
  const { conn, protocol } = await dialSpdy({ url: `https://127.0.0.1:${kubelet.port}/portForward/default/web`, protocols: ['portforward.k8s.io'], tls: { ca: ca.cert, cert: client.cert, key: client.key } });
  assert.equal(protocol, 'portforward.k8s.io');
  assert.equal(await forwardOnce(conn, port, '0', 'plain spdy'), 'plain spdy');
  conn.destroy();
});
