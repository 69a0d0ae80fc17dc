// The real kubectl 1.32 against a kts apiserver that decodes protobuf request bodies and serves OpenAPI
// v2/v3: typed `kubectl create …` commands (protobuf POSTs), `kubectl auth …`, `kubectl create token`,
// `kubectl explain` (v3, and v2 protobuf), and apply (OpenAPI-driven validation and patching).
//
// The server is assembled here the way src/server/run.ts does, plus the two options this file tests
// (extraPaths: [openapiPaths()], protobuf: decodeKubeProtobuf), so it runs before they are wired there.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootstrapCluster } from '../../src/apiserver/bootstrap.js';
import { openapiPaths } from '../../src/apiserver/openapi/index.js';
import { ensurePki, kubeconfig } from '../../src/apiserver/pki/bootstrap.js';
import { firstServiceIP } from '../../src/apiserver/registry/strategies/ipalloc.js';
import { APIServer } from '../../src/apiserver/server.js';
import { decodeKubeProtobuf } from '../../src/machinery/protobuf/index.js';
import { openStorage } from '../../src/machinery/storage/factory.js';
import type { Storage } from '../../src/machinery/storage/interface.js';
import { freePort, KUBECTL, manifest } from './harness.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('kubectl 1.32: protobuf bodies and OpenAPI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-pb-openapi-'));
  const home = join(dir, 'home');
  const kc = join(dir, 'admin.kubeconfig');
  let api: APIServer;
  let storage: Storage;

  const kubectl = (args: string[], input?: string): Promise<Run> =>
    new Promise((resolve) => {
      const child = execFile(KUBECTL, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: kc }, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0, stdout, stderr }),
      );
      if (input !== undefined) child.stdin!.end(input);
    });
  const k = async (...args: string[]): Promise<string> => {
    const r = await kubectl(args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  // Loose typing for reading kubectl's JSON output in assertions (test-only).
  const getJson = async (...args: string[]): Promise<Record<string, any>> => JSON.parse(await k('get', ...args, '-o', 'json')) as Record<string, any>;

  before(async () => {
    const port = await freePort();
    const serviceCIDR = '10.96.0.0/12';
    const serviceIP = firstServiceIP(serviceCIDR);
    const pki = await ensurePki({ dataDir: dir, serviceIP, extraSANs: ['127.0.0.1'], log: () => {} });
    storage = await openStorage({ backend: 'sqlite', path: join(dir, 'state.db') });
    api = new APIServer({
      storage,
      tls: { cert: pki.serving.cert, key: pki.serving.key, ca: pki.ca.cert },
      port,
      bindAddress: '127.0.0.1',
      advertiseAddress: '127.0.0.1',
      serviceClusterIPRange: serviceCIDR,
      serviceAccountKeys: pki.saKey,
      extraPaths: [openapiPaths()],
      protobuf: decodeKubeProtobuf,
    });
    await api.ready();
    await bootstrapCluster({ storeFor: (g, p) => api.storeFor(g, p), serviceIP, advertiseAddress: '127.0.0.1', port, log: () => {} });
    const { url } = await api.listen();
    writeFileSync(kc, kubeconfig({ server: url, caPem: pki.ca.cert, user: 'admin', cert: pki.admin, cluster: 'kts', context: 'kts' }), { mode: 0o600 });
  });

  after(async () => {
    await api?.close();
    await storage?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('explains pods.spec.containers from OpenAPI v3', async () => {
    const out = await k('explain', 'pods.spec.containers');
    assert.match(out, /KIND:\s+Pod/);
    assert.match(out, /VERSION:\s+v1/);
    assert.match(out, /FIELD:\s+containers <\[\]Container>/);
    assert.match(out, /DESCRIPTION:/);
    assert.match(out, /^\s+image\s+<string>/m);
    assert.match(out, /^\s+name\s+<string> -required-/m);
    assert.match(out, /^\s+ports\s+<\[\]ContainerPort>/m);
  });

  it('explains deployment --recursive', async () => {
    const out = await k('explain', 'deployment', '--recursive');
    assert.match(out, /GROUP:\s+apps/);
    assert.match(out, /KIND:\s+Deployment/);
    assert.match(out, /^\s+spec\s+<DeploymentSpec>/m);
    assert.match(out, /^\s+template\s+<PodTemplateSpec> -required-/m);
    assert.match(out, /^\s+containers\s+<\[\]Container> -required-/m);
  });

  it('explains from OpenAPI v2 (gnostic protobuf) when asked to', async () => {
    const out = await k('explain', 'configmaps.data', '--output=plaintext-openapiv2');
    assert.match(out, /KIND:\s+ConfigMap/);
    assert.match(out, /FIELD:\s+data <map\[string\]string>/);
  });

  it('creates objects with protobuf bodies (kubectl create …)', async () => {
    const cases: string[][] = [
      ['create', 'configmap', 'x', '--from-literal=a=b'],
      ['create', 'deployment', 'web', '--image=busybox:1.35', '--replicas=2', '--port=80'],
      ['create', 'deployment', 'zero', '--image=busybox', '--replicas=0'],
      ['create', 'namespace', 'ns1'],
      ['create', 'secret', 'generic', 's', '--from-literal=k=v'],
      ['create', 'service', 'nodeport', 'svc', '--tcp=80:8080'],
      ['create', 'job', 'j', '--image=busybox'],
      ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/1 * * * *'],
      ['create', 'role', 'r', '--verb=get', '--resource=pods'],
      ['create', 'clusterrolebinding', 'b', '--clusterrole=view', '--user=u'],
      ['create', 'quota', 'q', '--hard=pods=3'],
      ['create', 'pdb', 'p', '--selector=a=b', '--min-available=1'],
      ['create', 'priorityclass', 'pc', '--value=100'],
      ['create', 'ingress', 'i', '--rule=foo.com/bar=svc1:8080'],
      ['create', 'serviceaccount', 'sa'],
    ];
    for (const args of cases) await k(...args);
    const cm = await getJson('configmap', 'x');
    assert.deepEqual(cm.data, { a: 'b' });
    const web = await getJson('deployment', 'web');
    assert.equal(web.spec.replicas, 2);
    assert.equal(web.spec.template.spec.containers[0].image, 'busybox:1.35');
    assert.equal(web.spec.template.spec.containers[0].ports[0].containerPort, 80);
    assert.equal((await getJson('deployment', 'zero')).spec.replicas, 0);
    assert.equal((await getJson('secret', 's')).data.k, Buffer.from('v').toString('base64'));
    const svc = await getJson('service', 'svc');
    assert.equal(svc.spec.type, 'NodePort');
    assert.equal(svc.spec.ports[0].port, 80);
    assert.equal(svc.spec.ports[0].targetPort, 8080);
    assert.equal((await getJson('cronjob', 'cj')).spec.schedule, '*/1 * * * *');
    assert.deepEqual((await getJson('role', 'r')).rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    assert.equal((await getJson('resourcequota', 'q')).spec.hard.pods, '3');
    assert.equal((await getJson('pdb', 'p')).spec.minAvailable, 1);
    assert.equal((await getJson('priorityclass', 'pc')).value, 100);
    const ing = await getJson('ingress', 'i');
    assert.equal(ing.spec.rules[0].host, 'foo.com');
    assert.equal(ing.spec.rules[0].http.paths[0].path, '/bar');
    assert.equal(ing.spec.rules[0].http.paths[0].backend.service.port.number, 8080);
    assert.ok(await getJson('namespace', 'ns1'));
    assert.ok(await getJson('serviceaccount', 'sa'));
    assert.ok(await getJson('job', 'j'));
    assert.ok(await getJson('clusterrolebinding', 'b'));
  });

  it('answers kubectl auth can-i and auth whoami (protobuf reviews)', async () => {
    assert.equal((await k('auth', 'can-i', 'get', 'pods')).trim(), 'yes');
    assert.match(await k('auth', 'whoami'), /admin/);
  });

  it('issues a token with kubectl create token (protobuf TokenRequest)', async () => {
    await k('create', 'serviceaccount', 'tok');
    const token = (await k('create', 'token', 'tok')).trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('applies with OpenAPI-driven validation and strategic merge', async () => {
    const text = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: applied
spec:
  replicas: 1
  selector:
    matchLabels: {app: applied}
  template:
    metadata:
      labels: {app: applied}
    spec:
      containers:
      - name: c
        image: ${image}
`;
    assert.match(await k('apply', '-f', manifest(text('busybox:1'))), /created/);
    assert.match(await k('apply', '-f', manifest(text('busybox:2'))), /configured/);
    assert.equal((await getJson('deployment', 'applied')).spec.template.spec.containers[0].image, 'busybox:2');
    const bad = await kubectl(['apply', '-f', manifest(text('busybox:3').replace('replicas: 1', 'replicas: 1\n  bogus: true'))]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /unknown field "spec.bogus"/);
  });
});
