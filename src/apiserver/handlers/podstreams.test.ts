// The API server's pods/log, exec, attach, portforward and nodes/proxy against a kubelet server with a
// fake runtime, driven by the real kubectl 1.32 (WebSocket and SPDY paths).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, connect, type Server as NetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIServer } from '../server.js';
import { bootstrapCluster } from '../bootstrap.js';
import { kubeconfig } from '../pki/bootstrap.js';
import { MemoryStorage } from '../../machinery/storage/memory/memory.js';
import { createCA, issueCertificate } from '../../machinery/pki/pki.js';
import { Client } from '../../machinery/client/client.js';
import { StatusError } from '../../machinery/errors/status.js';
import { startKubeletServer, type KubeletServer } from '../../kubelet/server/server.js';
import { fakeHost, startFakeStreamingServer, streamingRuntime, type FakeStreamingServer } from '../../kubelet/server/testing.js';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
let api: APIServer;
let kubelet: KubeletServer;
let streaming: FakeStreamingServer;
let dir: string;
let kc: string;
let client: Client;
let echo: NetServer;

function kubectl(args: string[], o: { input?: string; env?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = execFile(KUBECTL, ['--kubeconfig', kc, ...args], { env: { ...process.env, ...(o.env ?? {}) }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (o.input !== undefined) p.stdin!.end(o.input);
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'podstreams-'));
  const ca = await createCA({ commonName: 'kubernetes' });
  const serving = await issueCertificate(ca, { commonName: 'kube-apiserver', ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'], usages: ['serverAuth'] });
  const admin = await issueCertificate(ca, { commonName: 'kubernetes-admin', organizations: ['system:masters'], usages: ['clientAuth'] });
  const kubeletClient = await issueCertificate(ca, { commonName: 'kube-apiserver-kubelet-client', organizations: ['system:masters'], usages: ['clientAuth'] });
  const kubeletServing = await issueCertificate(ca, { commonName: 'node-a', ipAddresses: ['127.0.0.1'], usages: ['serverAuth'] });

  writeFileSync(join(dir, 'web.log'), '2024-01-01T00:00:01.000000000Z stdout F hello from web\n2024-01-01T00:00:02.000000000Z stderr F second line\n');
  streaming = await startFakeStreamingServer({ hostname: 'web' });
  const containers = [{ namespace: 'default', pod: 'web', podUid: 'u1', name: 'main', id: 'c1', sandboxId: 's1', logPath: join(dir, 'web.log'), running: false }];
  kubelet = await startKubeletServer({ host: fakeHost(streamingRuntime(streaming, containers), containers), nodeName: 'node-a', port: 0, bindAddress: '127.0.0.1', tls: { cert: kubeletServing.cert, key: kubeletServing.key, clientCA: ca.cert } });

  const storage = new MemoryStorage();
  // No service-account controller runs here: pods need no service account (as upstream's test servers).
  api = new APIServer({ storage, tls: { cert: serving.cert, key: serving.key, ca: ca.cert }, port: 0, kubeletClient: { cert: kubeletClient.cert, key: kubeletClient.key, ca: ca.cert }, disableAdmissionPlugins: ['ServiceAccount'] });
  await api.ready();
  await bootstrapCluster({ storeFor: (g, p) => api.storeFor(g, p), serviceIP: '10.96.0.1', advertiseAddress: '127.0.0.1', port: 6443 });
  const { url } = await api.listen();
  kc = join(dir, 'kubeconfig');
  writeFileSync(kc, kubeconfig({ server: url, caPem: ca.cert, user: 'admin', cert: admin }));
  client = Client.fromKubeconfig(kc, { retry: false });

  const nodes = client.resource('nodes');
  const node = await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } });
  await nodes.updateStatus({ ...node, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: 'node-a' }], daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } } } });
  const pods = client.resource('pods', 'default');
  const mk = (name: string, containers: string[], nodeName?: string) =>
    pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { ...(nodeName ? { nodeName } : {}), containers: containers.map((c) => ({ name: c, image: 'busybox' })) } });
  const web = await mk('web', ['main'], 'node-a');
  await pods.updateStatus({ ...web, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'main', ready: true, restartCount: 0, image: 'busybox', imageID: '', state: { running: { startedAt: '2024-01-01T00:00:00Z' } } }] } });
  await mk('pending', ['main']);
  await mk('two', ['a', 'b'], 'node-a');
  echo = createNetServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
});

after(async () => {
  await client?.close();
  await api?.close();
  await kubelet?.close();
  await streaming?.close();
  echo?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('kubectl logs streams the container log through the API server', async () => {
  const r = await kubectl(['logs', 'web']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'hello from web\nsecond line\n');
  assert.equal((await kubectl(['logs', 'web', '--tail=1'])).stdout, 'second line\n');
  assert.equal((await kubectl(['logs', 'web', '--timestamps', '--tail=1'])).stdout, '2024-01-01T00:00:02.000000000Z second line\n');
  const p = await kubectl(['logs', 'pending']);
  assert.notEqual(p.code, 0);
  assert.match(p.stderr, /pod pending does not have a host assigned/);
});

test('pods/log errors are Status objects with upstream messages', async () => {
  const log = (pod: string, container?: string) =>
    client.json({ method: 'GET', path: `/api/v1/namespaces/default/pods/${pod}/log`, ...(container ? { query: new URLSearchParams({ container }) } : {}) });
  const is = (code: number, msg: RegExp) => (e: unknown) => e instanceof StatusError && e.status.code === code && msg.test(e.status.message ?? '');
  await assert.rejects(log('two'), is(400, /^a container name must be specified for pod two, choose one of: \[a b\]$/));
  await assert.rejects(log('web', 'nope'), is(400, /^container nope is not valid for pod web$/));
  await assert.rejects(log('ghost'), is(404, /pods "ghost" not found/));
  await assert.rejects(log('two', 'a'), is(404, /container "a" in pod "two" is not available/));
});

test('kubectl exec over WebSocket v5: output, exit code, stdin', async () => {
  const h = await kubectl(['exec', 'web', '--', 'hostname']);
  assert.equal(h.stdout, 'web\n');
  assert.equal(h.code, 0);
  const e = await kubectl(['exec', 'web', '--', 'sh', '-c', 'exit 3']);
  assert.equal(e.code, 3);
  assert.match(e.stderr, /command terminated with exit code 3/);
  const c = await kubectl(['exec', '-i', 'web', '--', 'cat'], { input: 'typed into stdin\n' });
  assert.equal(c.stdout, 'typed into stdin\n');
  assert.equal(c.code, 0);
});

test('kubectl exec and attach over the SPDY fallback', async () => {
  const env = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' };
  const h = await kubectl(['exec', 'web', '--', 'hostname'], { env });
  assert.equal(h.stdout, 'web\n');
  const e = await kubectl(['exec', 'web', '--', 'sh', '-c', 'exit 4'], { env });
  assert.equal(e.code, 4);
  const c = await kubectl(['exec', '-i', 'web', '--', 'cat'], { input: 'spdy stdin\n', env });
  assert.equal(c.stdout, 'spdy stdin\n');
  const a = await kubectl(['attach', '-i', 'web', '-c', 'main'], { input: 'attached\n' });
  assert.equal(a.stdout, 'attached\n');
});

async function portForward(env: Record<string, string>): Promise<string> {
  const target = (echo.address() as AddressInfo).port;
  const p = spawn(KUBECTL, ['--kubeconfig', kc, 'port-forward', 'pod/web', `:${target}`], { env: { ...process.env, ...env } });
  try {
    const local = await new Promise<number>((resolve, reject) => {
      let out = '';
      p.stdout.on('data', (d: Buffer) => {
        out += d;
        const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      p.stderr.on('data', (d: Buffer) => (out += d));
      p.on('exit', () => reject(new Error(`kubectl port-forward exited: ${out}`)));
    });
    const results: string[] = [];
    for (const msg of ['first connection', 'second connection']) {
      const s = connect(local, '127.0.0.1');
      let got = '';
      s.on('data', (d: Buffer) => (got += d));
      s.write(msg);
      for (let i = 0; i < 100 && got.length < msg.length; i++) await new Promise((r) => setTimeout(r, 20));
      s.destroy();
      results.push(got);
    }
    return results.join(' | ');
  } finally {
    p.kill();
  }
}

test('kubectl port-forward: SPDY in WebSocket, and plain SPDY', async () => {
  assert.equal(await portForward({}), 'first connection | second connection');
  assert.equal(await portForward({ KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }), 'first connection | second connection');
});

test('nodes/proxy reaches the kubelet API', async () => {
  const r = await kubectl(['get', '--raw', '/api/v1/nodes/node-a/proxy/healthz']);
  assert.equal(r.stdout, 'ok');
  const pods = JSON.parse((await kubectl(['get', '--raw', '/api/v1/nodes/node-a/proxy/pods'])).stdout);
  assert.equal(pods.kind, 'PodList');
});
