// npm run bench:api — kube-apiserver end to end over HTTPS, against a `kts server` child process (the
// apiserver alone: no scheduler or controllers) on
// SQLite: creates/s with 1 and 64 concurrent clients, GET and LIST latency, mutating latency at a
// steady 20 changes/s, LIST of 10k/50k/150k pods, event latency across 100 watchers, and the
// server's RSS. Options: --quick (smaller counts), --max-pods N (default 150000).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { cpus, tmpdir, totalmem } from 'node:os';
import { createGunzip } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { fmt, load, nowMs, summarize, table } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Conn {
  agent: Agent;
  base: string;
}

/** One request; with `gzip`, it asks for a compressed response as client-go does and inflates it as it arrives. */
function call(c: Conn, method: string, path: string, body?: unknown, gzip = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { Accept: 'application/json', ...(gzip ? { 'Accept-Encoding': 'gzip' } : {}) };
    if (data) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) });
    const req = request(`${c.base}${path}`, { method, agent: c.agent, headers }, (res) => {
      const src = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip({ chunkSize: 1 << 20 })) : res;
      const chunks: Buffer[] = [];
      src.on('data', (d: Buffer) => chunks.push(d));
      src.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      src.on('error', reject);
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function ok(c: Conn, method: string, path: string, body?: unknown, gzip = false): Promise<string> {
  const r = await call(c, method, path, body, gzip);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body.slice(0, 300)}`);
  return r.body;
}

function pod(ns: string, name: string): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app: 'bench', shard: String(name.length % 7) } },
    spec: { containers: [{ name: 'c', image: 'busybox:1.35', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const maxArg = args.find((a, i) => args[i - 1] === '--max-pods');
  const maxPods = Number(maxArg ?? (quick ? 20_000 : 150_000));
  console.log(`bench:api — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}${quick ? ' (quick)' : ''}`);
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-api-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(process.execPath, ['--max-old-space-size=8192', join(ROOT, 'bin', 'kts'), 'server', '--data-dir', dir, '--port', String(port), '--disable-scheduler', '--disable-controller-manager', '--disable-agent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stdout.on('data', (d: Buffer) => (out += d));
  server.stderr.on('data', (d: Buffer) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes('kts is running')) {
        clearInterval(t);
        resolve();
      }
    }, 50);
    server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  const kc = parseYaml(readFileSync(join(dir, 'admin.kubeconfig'), 'utf8')) as {
    clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
    users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
  };
  const b64 = (s: string) => Buffer.from(s, 'base64');
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 128,
    ca: b64(kc.clusters[0]!.cluster['certificate-authority-data']),
    cert: b64(kc.users[0]!.user['client-certificate-data']),
    key: b64(kc.users[0]!.user['client-key-data']),
  });
  const c: Conn = { agent, base: kc.clusters[0]!.cluster.server };
  const rows: string[][] = [];
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  try {
    await ok(c, 'POST', '/api/v1/namespaces', { metadata: { name: 'bench' } });
    await ok(c, 'POST', '/api/v1/namespaces', { metadata: { name: 'warm' } });
    await ok(c, 'POST', '/api/v1/namespaces', { metadata: { name: 'big' } });
    // No controller manager runs: the service accounts that ServiceAccount admission requires are made here.
    for (const ns of ['bench', 'big']) await ok(c, 'POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'default' } });
    await load(500, 16, (i) => ok(c, 'POST', '/api/v1/namespaces/warm/configmaps', { metadata: { name: `w${i}` } }));

    log('creates, 1 client');
    const n1 = quick ? 500 : 2000;
    const c1 = await load(n1, 1, (i) => ok(c, 'POST', '/api/v1/namespaces/bench/pods', pod('bench', `one-${i}`)));
    rows.push(['create pod, 1 client', `${fmt(c1.opsPerSec, 0)}/s`, `${fmt(c1.latency.p50, 2)} / ${fmt(c1.latency.p99, 2)}`]);
    log('creates, 64 clients');
    const n64 = quick ? 5000 : 10_000;
    const c64 = await load(n64, 64, (i) => ok(c, 'POST', '/api/v1/namespaces/bench/pods', pod('bench', `many-${i}`)));
    rows.push(['create pod, 64 clients', `${fmt(c64.opsPerSec, 0)}/s`, `${fmt(c64.latency.p50, 2)} / ${fmt(c64.latency.p99, 2)}`]);

    log('GET latency');
    const g = await load(2000, 1, (i) => ok(c, 'GET', `/api/v1/namespaces/bench/pods/many-${(i * 7919) % n64}`));
    rows.push(['get pod', `${fmt(g.opsPerSec, 0)}/s`, `${fmt(g.latency.p50, 2)} / ${fmt(g.latency.p99, 2)}`]);
    const l = await load(100, 1, () => ok(c, 'GET', '/api/v1/namespaces/bench/pods?limit=500'));
    rows.push(['list 500 pods (paged)', `${fmt(l.opsPerSec, 0)}/s`, `${fmt(l.latency.p50, 2)} / ${fmt(l.latency.p99, 2)}`]);

    log('mutating latency at 20 changes/s with 100 watchers');
    const watchLat: number[] = [];
    const sentAt = new Map<string, number>();
    const watchers: Array<() => void> = [];
    for (let i = 0; i < 100; i++) {
      const req = request(`${c.base}/api/v1/namespaces/bench/configmaps?watch=true&resourceVersion=0`, { agent: new Agent({ ca: agent.options.ca, cert: agent.options.cert, key: agent.options.key }) }, (res) => {
        let buf = '';
        res.on('data', (d: Buffer) => {
          buf += d.toString();
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            const m = /"name":"(tick-\d+)"/.exec(line);
            const s = m ? sentAt.get(m[1]!) : undefined;
            if (s !== undefined) watchLat.push(nowMs() - s);
          }
        });
      });
      req.end();
      watchers.push(() => req.destroy());
    }
    await new Promise((r) => setTimeout(r, 500));
    const mut: number[] = [];
    const ticks = quick ? 100 : 400;
    for (let i = 0; i < ticks; i++) {
      const name = `tick-${i}`;
      const s = nowMs();
      sentAt.set(name, s);
      await ok(c, 'POST', '/api/v1/namespaces/bench/configmaps', { metadata: { name }, data: { i: String(i) } });
      mut.push(nowMs() - s);
      await new Promise((r) => setTimeout(r, Math.max(0, 50 - (nowMs() - s))));
    }
    await new Promise((r) => setTimeout(r, 500));
    for (const w of watchers) w();
    const ms = summarize(mut);
    const ws = summarize(watchLat);
    rows.push(['create configmap at 20/s', '', `${fmt(ms.p50, 2)} / ${fmt(ms.p99, 2)}`]);
    rows.push([`event latency, 100 watchers (${ws.n} events)`, '', `${fmt(ws.p50, 2)} / ${fmt(ws.p99, 2)}`]);

    // Big LISTs: fill a namespace up to each size and list it whole (no limit: served from the watch cache).
    let have = 0;
    for (const size of [10_000, 50_000, 150_000].filter((s) => s <= maxPods)) {
      log(`filling to ${size} pods`);
      await load(size - have, 64, (i) => ok(c, 'POST', '/api/v1/namespaces/big/pods', pod('big', `p-${have + i}`)));
      have = size;
      // As kubectl and client-go ask (Accept-Encoding: gzip), and uncompressed (--disable-compression).
      for (const gzip of [true, false]) {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const s = nowMs();
          const body = await ok(c, 'GET', '/api/v1/namespaces/big/pods', undefined, gzip);
          times.push(nowMs() - s);
          if (i === 0 && !body.includes(`"p-${size - 1}"`)) throw new Error(`list of ${size} incomplete`);
        }
        const t = summarize(times);
        rows.push([`LIST ${size.toLocaleString('en-US')} pods, ${gzip ? 'gzip' : 'identity'}`, '', `${fmt(t.p50, 1)} / ${fmt(t.p99, 1)}`]);
      }
    }
    rows.push(['apiserver RSS', `${rssMiB(server.pid!)} MiB`, '']);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    agent.destroy();
  }
  console.log(table(['measure', 'rate', 'p50 / p99 ms'], rows));
}

await main();
