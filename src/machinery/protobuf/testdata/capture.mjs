#!/usr/bin/env node
// Re-captures the protobuf fixtures in this folder from the real kubectl (1.32): a throwaway plain-HTTP
// server answers discovery (kts's own aggregated discovery) and records each POSTed body, and the same
// command is run again with --dry-run=client -o json to record the JSON form of the object it sends.
//
//   npm run build && node src/machinery/protobuf/testdata/capture.mjs [kubectl]
//
// Writes <name>.pb (the request body, exactly as sent) and <name>.json (kubectl's JSON form, when the
// command has a client dry run) for every case below.

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const { Discovery, wantsAggregated, aggregatedContentType } = await import(join(root, 'dist/src/apiserver/discovery.js'));
const { RESOURCES } = await import(join(root, 'dist/src/api/resources.js'));
const kubectl = process.argv[2] ?? '/usr/bin/kubectl';

const CASES = [
  ['configmap', ['create', 'configmap', 'x', '--from-literal=a=b']],
  ['deployment', ['create', 'deployment', 'web', '--image=busybox:1.35', '--replicas=2', '--port=80']],
  ['namespace', ['create', 'namespace', 'ns1']],
  ['secret', ['create', 'secret', 'generic', 's', '--from-literal=k=v']],
  ['service-nodeport', ['create', 'service', 'nodeport', 'svc', '--tcp=80:8080']],
  ['job', ['create', 'job', 'j', '--image=busybox']],
  ['cronjob', ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/1 * * * *']],
  ['role', ['create', 'role', 'r', '--verb=get', '--resource=pods']],
  ['clusterrolebinding', ['create', 'clusterrolebinding', 'b', '--clusterrole=view', '--user=u']],
  ['quota', ['create', 'quota', 'q', '--hard=pods=3']],
  ['pdb', ['create', 'pdb', 'p', '--selector=a=b', '--min-available=1']],
  ['priorityclass', ['create', 'priorityclass', 'pc', '--value=100']],
  ['ingress', ['create', 'ingress', 'i', '--rule=foo.com/bar=svc1:8080']],
  ['serviceaccount', ['create', 'serviceaccount', 'sa']],
  ['deployment-zero', ['create', 'deployment', 'zero', '--image=nginx', '--replicas=0']],
  ['selfsubjectaccessreview', ['auth', 'can-i', 'get', 'pods'], false],
  ['selfsubjectreview', ['auth', 'whoami'], false],
  ['tokenrequest', ['create', 'token', 'default'], false],
];

const discovery = new Discovery(RESOURCES);
let bodies = [];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url, 'http://x');
    const send = (code, obj, type = 'application/json') => {
      res.writeHead(code, { 'Content-Type': type });
      res.end(JSON.stringify(obj));
    };
    if (req.method === 'GET' && (url.pathname === '/api' || url.pathname === '/apis')) {
      const agg = wantsAggregated(req.headers.accept);
      return send(200, discovery.aggregated(url.pathname === '/api', agg ?? 'v2'), aggregatedContentType(agg ?? 'v2'));
    }
    if (req.method === 'POST') {
      bodies.push({ path: url.pathname, query: url.search, type: req.headers['content-type'], body });
      const kind = url.pathname.endsWith('/token') ? 'TokenRequest' : 'Status';
      if (url.pathname.endsWith('selfsubjectaccessreviews'))
        return send(201, { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: {}, status: { allowed: true } });
      if (url.pathname.endsWith('selfsubjectreviews'))
        return send(201, { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: {}, status: { userInfo: { username: 'u' } } });
      if (kind === 'TokenRequest')
        return send(201, { kind, apiVersion: 'authentication.k8s.io/v1', metadata: {}, spec: { audiences: [] }, status: { token: 'tok', expirationTimestamp: '2030-01-01T00:00:00Z' } });
      return send(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    }
    send(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404 });
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const home = mkdtempSync(join(tmpdir(), 'kts-capture-'));
const kubeconfig = join(home, 'config');
writeFileSync(
  kubeconfig,
  `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: default\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`,
);
const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig };
const run = (args) => new Promise((resolve) => execFile(kubectl, args, { env }, (err, stdout, stderr) => resolve({ err, stdout, stderr })));
try {
  for (const [name, args, dryRun = true] of CASES) {
    bodies = [];
    const r = await run(args);
    const posted = bodies.filter((b) => b.type === 'application/vnd.kubernetes.protobuf');
    if (posted.length !== 1) throw new Error(`${name}: expected one protobuf POST, got ${bodies.length} (${r.stderr})`);
    writeFileSync(join(here, `${name}.pb`), posted[0].body);
    console.log(`${name}: POST ${posted[0].path}${posted[0].query} (${posted[0].body.length} bytes)`);
    if (dryRun) {
      const out = execFileSync(kubectl, [...args, '--dry-run=client', '-o', 'json'], { env }).toString();
      writeFileSync(join(here, `${name}.json`), JSON.stringify(JSON.parse(out), null, 2) + '\n');
    }
  }
} finally {
  server.close();
  rmSync(home, { recursive: true, force: true });
}
