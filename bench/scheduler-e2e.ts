// The scheduler end to end through the apiserver (the second half of npm run bench:scheduler): a
// `kts server` child process (its in-process kube-scheduler, no controllers), 5,000 Ready nodes and
// 1,000 placed pods created over HTTPS, then 10,000 pods created; measured: pods/s from the first
// create until the last pod is bound, as seen by a watch. Options: --quick (500 nodes, 2,000 pods).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { fmt, load, nowMs, table } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function node(name: string): unknown {
  const res = { cpu: '4', memory: '32Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { capacity: res, allocatable: res, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'bench', lastHeartbeatTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] },
  };
}

function pod(name: string): unknown {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'bench' }, spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] } };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const nodes = arg('--nodes') ?? (quick ? 500 : 5000);
  const initial = arg('--initial') ?? (quick ? 200 : 1000);
  const measured = arg('--pods') ?? (quick ? 2000 : 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-sched-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(process.execPath, ['--max-old-space-size=8192', join(ROOT, 'bin', 'kts'), 'server', '--data-dir', dir, '--port', String(port), '--disable-controller-manager', '--no-leader-elect', '--disable-agent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stdout.on('data', (d: Buffer) => (out += d));
  server.stderr.on('data', (d: Buffer) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => out.includes('kts is running') && (clearInterval(t), resolve()), 50);
    server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  const kc = parseYaml(readFileSync(join(dir, 'admin.kubeconfig'), 'utf8')) as {
    clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
    users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
  };
  const b64 = (s: string) => Buffer.from(s, 'base64');
  const tls = { ca: b64(kc.clusters[0]!.cluster['certificate-authority-data']), cert: b64(kc.users[0]!.user['client-certificate-data']), key: b64(kc.users[0]!.user['client-key-data']) };
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ...tls });
  const base = kc.clusters[0]!.cluster.server;
  const post = (path: string, body: unknown) =>
    new Promise<void>((resolve, reject) => {
      const data = JSON.stringify(body);
      const req = request(`${base}${path}`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } }, (res) => {
        res.resume();
        res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`${path}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(data);
    });
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  try {
    await post('/api/v1/namespaces', { metadata: { name: 'bench' } });
    // No controller manager runs: the service account that ServiceAccount admission requires is made here.
    await post('/api/v1/namespaces/bench/serviceaccounts', { metadata: { name: 'default' } });
    log(`${nodes} nodes`);
    await load(nodes, 64, (i) => post('/api/v1/nodes', node(`node-${i}`)));
    // Poll the unbound pods (a LIST served from the watch cache): robust where one slow watch client
    // would be dropped by the apiserver for falling behind.
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const req = request(`${base}${path}`, { agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve(Buffer.concat(chunks).toString()));
        });
        req.on('error', reject);
        req.end();
      });
    const unbound = async () => (JSON.parse(await get('/api/v1/namespaces/bench/pods?fieldSelector=spec.nodeName%3D')) as { items: unknown[] }).items.length;
    const waitBound = async (creating?: Promise<unknown>) => {
      const deadline = Date.now() + 600_000;
      if (creating) await creating;
      for (;;) {
        if ((await unbound()) === 0) return;
        if (Date.now() > deadline) throw new Error(`pods still unbound after 10 minutes; server log tail:\n${out.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    log(`${initial} initial pods`);
    await load(initial, 64, (i) => post('/api/v1/namespaces/bench/pods', pod(`p-${i}`)));
    await waitBound();
    log(`${measured} measured pods`);
    const t0 = nowMs();
    const creating = load(measured, 64, (i) => post('/api/v1/namespaces/bench/pods', pod(`p-${initial + i}`)));
    await waitBound(creating);
    const created = await creating;
    const secs = (nowMs() - t0) / 1000;
    console.log(
      table(
        ['workload (end to end)', 'pods/s bound', 'create/s', 'seconds'],
        [[`${nodes}Nodes_${measured}Pods via apiserver`, fmt(measured / secs, 0), fmt(created.opsPerSec, 0), fmt(secs, 1)]],
      ),
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    agent.destroy();
  }
}

await main();
