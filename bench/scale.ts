// npm run bench:scale — the whole control loop at size: a `kts server` child process (apiserver,
// scheduler, controller-manager) and a `kts sim` child process with 5,000 simulated nodes; then 150
// Deployments × 1,000 replicas (150,000 pods) are created. Measured: time from the first Deployment
// create until every Deployment reports all replicas ready (pods created by the ReplicaSet controller,
// bound by the scheduler, Running and Ready on the simulated kubelets); the server's RSS (peak and at
// the end); API latency during the churn from a probe that GETs a Service and creates+deletes a
// ConfigMap every 100 ms. Options: --quick (500 nodes, 10×500 pods), --nodes N, --deployments D,
// --replicas R.

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { fmt, load, nowMs, summarize, table } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KTS = join(ROOT, 'bin', 'kts');

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
}

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function waitFor(proc: ChildProcess, text: string, what: string, log: { out: string }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t = setInterval(() => log.out.includes(text) && (clearInterval(t), resolve()), 100);
    proc.once('exit', (code) => {
      clearInterval(t);
      reject(new Error(`${what} exited ${code}: ${log.out.slice(-4000)}`));
    });
  });
}

function deployment(name: string, replicas: number): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'scale' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      },
    },
  };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const nodes = arg('--nodes') ?? (quick ? 500 : 5000);
  const deployments = arg('--deployments') ?? (quick ? 10 : 150);
  const replicas = arg('--replicas') ?? (quick ? 500 : 1000);
  const total = deployments * replicas;
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-scale-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const serverLog = { out: '' };
  const server = spawn(
    process.execPath,
    ['--max-old-space-size=16384', KTS, 'server', '--data-dir', dir, '--port', String(port), '--no-leader-elect', '--disable-agent', '--cluster-cidr', '10.0.0.0/8', '--node-cidr-mask-size', '24'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // The components' logs also go to files, kept (with the data dir) when the run fails.
  const serverFile = createWriteStream(join(dir, 'server.log'));
  const keep = (l: { out: string }, f: WriteStream) => (d: Buffer) => {
    l.out = (l.out + d).slice(-20000);
    f.write(d);
  };
  server.stdout!.on('data', keep(serverLog, serverFile));
  server.stderr!.on('data', keep(serverLog, serverFile));
  let failed = false;
  let sim: ChildProcess | undefined;
  let agent: Agent | undefined;
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(server.pid!))), 1000);
  try {
    log(`kts server (data dir ${dir})`);
    await waitFor(server, 'kts is running', 'kts server', serverLog);
    const kubeconfig = join(dir, 'admin.kubeconfig');
    const kc = parseYaml(readFileSync(kubeconfig, 'utf8')) as {
      clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
      users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
    };
    const b64 = (s: string) => Buffer.from(s, 'base64');
    const tls = { ca: b64(kc.clusters[0]!.cluster['certificate-authority-data']), cert: b64(kc.users[0]!.user['client-certificate-data']), key: b64(kc.users[0]!.user['client-key-data']) };
    agent = new Agent({ keepAlive: true, maxSockets: 64, ...tls });
    const base = kc.clusters[0]!.cluster.server;
    const call = (method: string, path: string, body?: unknown) =>
      new Promise<{ code: number; text: string }>((resolve, reject) => {
        const data = body === undefined ? undefined : JSON.stringify(body);
        const req = request(`${base}${path}`, { method, agent, headers: data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve({ code: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        });
        req.on('error', reject);
        req.end(data);
      });
    let throttled = 0;
    const must = async (method: string, path: string, body?: unknown) => {
      let r = await call(method, path, body);
      // The in-flight limit answers 429 + Retry-After under load; clients wait and retry.
      while (r.code === 429) {
        throttled++;
        await new Promise((res) => setTimeout(res, 1000));
        r = await call(method, path, body);
      }
      if (r.code >= 300) throw new Error(`${method} ${path}: ${r.code} ${r.text.slice(0, 300)}`);
      return r.text;
    };

    log(`${nodes} simulated nodes (kts sim, its own process)`);
    const simLog = { out: '' };
    sim = spawn(process.execPath, ['--max-old-space-size=8192', KTS, 'sim', '--nodes', String(nodes), '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    const simFile = createWriteStream(join(dir, 'sim.log'));
    sim.stdout!.on('data', keep(simLog, simFile));
    sim.stderr!.on('data', keep(simLog, simFile));
    const tNodes = nowMs();
    await waitFor(sim, 'simulated nodes registered', 'kts sim', simLog);
    log(`nodes registered in ${fmt((nowMs() - tNodes) / 1000, 1)} s; waiting for pod CIDRs`);
    for (;;) {
      const list = JSON.parse(await must('GET', '/api/v1/nodes?resourceVersion=0')) as { items: Array<{ spec?: { podCIDR?: string } }> };
      if (list.items.length >= nodes && list.items.every((n) => n.spec?.podCIDR)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const rssIdle = rssMiB(server.pid!);
    await must('POST', '/api/v1/namespaces', { metadata: { name: 'scale' } });

    // The probe: a read and a write every 100 ms, for the whole churn.
    const reads: number[] = [];
    const writes: number[] = [];
    let probing = true;
    let probeError: unknown;
    const probe = (async () => {
      for (let i = 0; probing; i++) {
        const t0 = nowMs();
        await must('GET', '/api/v1/namespaces/default/services/kubernetes');
        const t1 = nowMs();
        await must('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `probe-${i}` }, data: { i: String(i) } });
        await must('DELETE', `/api/v1/namespaces/default/configmaps/probe-${i}`);
        const t2 = nowMs();
        reads.push(t1 - t0);
        writes.push((t2 - t1) / 2);
        await new Promise((r) => setTimeout(r, 100));
      }
    })().catch((e: unknown) => {
      if (probing) probeError = e;
    });

    log(`${deployments} Deployments × ${replicas} replicas = ${total} pods`);
    const t0 = nowMs();
    await load(deployments, 16, (i) => must('POST', '/apis/apps/v1/namespaces/scale/deployments', deployment(`d-${i}`, replicas)));
    let ready = 0;
    let lastReport = 0;
    const deadline = t0 + 3_600_000;
    while (ready < total) {
      await new Promise((r) => setTimeout(r, 2000));
      if (probeError) throw probeError;
      const list = JSON.parse(await must('GET', '/apis/apps/v1/namespaces/scale/deployments?resourceVersion=0')) as { items: Array<{ status?: { readyReplicas?: number } }> };
      ready = list.items.reduce((s, d) => s + (d.status?.readyReplicas ?? 0), 0);
      if (nowMs() - lastReport > 15_000) {
        lastReport = nowMs();
        log(`${ready}/${total} ready after ${fmt((nowMs() - t0) / 1000, 0)} s, server RSS ${fmt(rssMiB(server.pid!), 0)} MiB`);
      }
      if (nowMs() > deadline) throw new Error(`only ${ready}/${total} pods ready after an hour`);
    }
    const secs = (nowMs() - t0) / 1000;
    probing = false;
    await probe;
    const rssEnd = rssMiB(server.pid!);
    peakRss = Math.max(peakRss, rssEnd);
    const r = summarize(reads);
    const w = summarize(writes);
    console.log(
      table(
        ['workload', 'seconds to all Ready', 'pods/s', 'server RSS idle / peak / end (MiB)', 'GET p50/p99 ms', 'write p50/p99 ms', 'bench 429s'],
        [[`${nodes} nodes, ${deployments}×${replicas} pods`, fmt(secs, 1), fmt(total / secs, 0), `${fmt(rssIdle, 0)} / ${fmt(peakRss, 0)} / ${fmt(rssEnd, 0)}`, `${fmt(r.p50)} / ${fmt(r.p99)}`, `${fmt(w.p50)} / ${fmt(w.p99)}`, String(throttled)]],
      ),
    );
  } catch (e) {
    failed = true;
    log(`failed: ${(e as Error).stack ?? String(e)}`);
    log(`logs kept in ${dir} (server.log, sim.log)`);
    throw e;
  } finally {
    clearInterval(rssTimer);
    // A component that does not stop within 30 s of SIGTERM is a bug worth seeing: say so, then kill it.
    const stop = async (p: ChildProcess | undefined, what: string) => {
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      const t = setTimeout(() => {
        log(`${what} did not exit within 30 s of SIGTERM; killing it`);
        p.kill('SIGKILL');
      }, 30_000);
      await exited;
      clearTimeout(t);
    };
    await Promise.all([stop(sim, 'kts sim'), stop(server, 'kts server')]);
    serverFile.end();
    if (!failed) rmSync(dir, { recursive: true, force: true });
    agent?.destroy();
  }
}

await main();
