// npm run bench:pods — real pods on one node. A `kts server` child process with its local node
// (kubelet + its own containerd); 30, then 100 busybox pods created at once; measured per pod: creation
// → Running as seen by a watch (p50/p99). Beside it, in the same run and on the same containerd, the raw
// CRI floor: the same number of sandboxes + containers started directly over CRI (RunPodSandbox,
// CreateContainer, StartContainer), no apiserver, scheduler or kubelet. Then crash → restart: a
// container that records its start time (ns) and exits; the gap between the crash and the next start.
// Needs root and containerd, runc, CNI plugins, umoci, busybox-static.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../src/api/types.js';
import { Client } from '../src/machinery/client/index.js';
import { connectRuntime } from '../src/kubelet/cri/client.js';
import { containerdEndpoint } from '../src/kubelet/containerd/index.js';
import { fmt, nowMs, summarize, table } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KTS = join(ROOT, 'bin', 'kts');
const log = (m: string) => process.stderr.write(`  ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type PodStatus = { phase?: string; containerStatuses?: Array<{ restartCount: number; state?: { running?: unknown } }> };

function busyboxPod(name: string, command: string[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'bench' },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'busybox:1.35', command, ...extra }] },
  };
}

/** Creates `count` pods at once; per pod, ms from its create call to the watch showing it Running. */
async function podsRunning(client: Client, prefix: string, count: number): Promise<number[]> {
  const pods = client.resource('pods', 'bench');
  const started = new Map<string, number>();
  const latencies = new Map<string, number>();
  const watch = await pods.watch({ resourceVersion: (await pods.list({ limit: 1 })).metadata?.resourceVersion ?? '0' });
  const seen = (async () => {
    for await (const e of watch) {
      const p = e.object as KubeObject & { status?: PodStatus };
      const name = p.metadata.name ?? "";
      if (p.status?.phase === 'Running' && started.has(name) && !latencies.has(name)) {
        latencies.set(name, nowMs() - started.get(name)!);
        if (latencies.size === count) break;
      }
    }
  })();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const name = `${prefix}-${i}`;
      started.set(name, nowMs());
      await pods.create(busyboxPod(name, ['sleep', '3600']));
    }),
  );
  const timeout = sleep(180_000).then(() => Promise.reject(new Error(`only ${latencies.size}/${count} pods Running after 3 minutes`)));
  await Promise.race([seen, timeout]);
  watch.close();
  return [...latencies.values()];
}

/** The floor: sandbox + container started directly over CRI, `count` at once. */
async function criFloor(endpoint: string, count: number, round: string): Promise<number[]> {
  const runtime = connectRuntime({ endpoint });
  const ids: string[] = [];
  try {
    return await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const t0 = nowMs();
        const sandbox = { metadata: { name: `floor-${round}-${i}`, namespace: 'bench-floor', uid: `floor-${round}-${i}-${process.pid}`, attempt: 0 }, hostname: `floor-${i}`, logDirectory: join(tmpdir(), `kts-floor-${process.pid}`), labels: { 'kts.bench': 'floor' } };
        const id = await runtime.runPodSandbox(sandbox);
        ids.push(id);
        const c = await runtime.createContainer(id, { metadata: { name: 'c', attempt: 0 }, image: { image: 'docker.io/library/busybox:1.35' }, command: ['sleep', '3600'], logPath: 'c/0.log' }, sandbox);
        await runtime.startContainer(c);
        return nowMs() - t0;
      }),
    );
  } finally {
    for (const id of ids) {
      await runtime.stopPodSandbox(id).catch(() => {});
      await runtime.removePodSandbox(id).catch(() => {});
    }
    runtime.close();
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:pods needs root (containerd, network namespaces)');
  const dir = mkdtempSync(join(tmpdir(), 'kts-bench-pods-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cidr = `10.${200 + Math.floor(Math.random() * 50)}.0.0/16`;
  let out = '';
  const server = spawn(process.execPath, [KTS, 'server', '--data-dir', dir, '--port', String(port), '--node-name', 'bench-node', '--kubelet-port', '0', '--cluster-cidr', cidr], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (d: Buffer) => (out = (out + d).slice(-20000)));
  server.stderr!.on('data', (d: Buffer) => (out = (out + d).slice(-20000)));
  let client: Client | undefined;
  try {
    log(`kts server with its local node (data dir ${dir})`);
    for (let i = 0; !out.includes('kts is running'); i++) {
      if (server.exitCode !== null || i > 600) throw new Error(`kts server did not start: ${out}`);
      await sleep(100);
    }
    client = Client.fromKubeconfig(join(dir, 'admin.kubeconfig'), { component: 'bench-pods' });
    for (let i = 0; ; i++) {
      const n = await client.resource('nodes').get('bench-node').catch(() => undefined);
      const ready = (n?.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      if (ready) break;
      if (i > 600) throw new Error(`node not Ready: ${out}`);
      await sleep(100);
    }
    await client.resource('namespaces').create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
    for (let i = 0; !(await client.resource('serviceaccounts', 'bench').get('default').catch(() => undefined)); i++) await sleep(100);
    const endpoint = containerdEndpoint(dir);
    const rows: string[][] = [];
    const countsArg = process.argv.indexOf('--counts');
    const counts = countsArg > 0 ? process.argv[countsArg + 1]!.split(',').map(Number) : [30, 100];
    const runtime = connectRuntime({ endpoint });
    // Each round starts on an idle runtime: no sandboxes left from the round before.
    const idle = async () => {
      for (let i = 0; (await runtime.listPodSandbox()).length > 0; i++) {
        if (i > 300) throw new Error('sandboxes were not removed');
        await sleep(200);
      }
    };
    for (const count of counts) {
      await idle();
      log(`${count} sandboxes + containers at once straight over CRI`);
      const f = summarize(await criFloor(endpoint, count, String(count)));
      await idle();
      log(`${count} pods at once through the cluster`);
      const k = summarize(await podsRunning(client, `p${count}`, count));
      await client.resource('pods', 'bench').deleteCollection({ gracePeriodSeconds: 0 });
      for (let i = 0; (await client.resource('pods', 'bench').list()).items.length > 0; i++) {
        if (i > 600) throw new Error('pods were not deleted');
        await sleep(200);
      }
      rows.push([`${count} pods, raw CRI floor (sandbox + container started)`, fmt(f.p50, 0), fmt(f.p99, 0), fmt(f.max, 0)]);
      rows.push([`${count} pods, kts (create → Running by watch)`, fmt(k.p50, 0), fmt(k.p99, 0), fmt(k.max, 0)]);
    }
    runtime.close();
    console.log(table(['startup latency', 'p50 ms', 'p99 ms', 'max ms'], rows));

    log('crash → restart');
    const host = mkdtempSync(join(tmpdir(), 'kts-bench-crash-'));
    const pods = client.resource('pods', 'bench');
    const withVolume = busyboxPod('crasher', ['sh', '-c', 'read up idle < /proc/uptime; echo $up >> /data/starts; sleep 1; exit 1'], { volumeMounts: [{ name: 'data', mountPath: '/data' }] });
    (withVolume.spec as { volumes?: unknown[] }).volumes = [{ name: 'data', hostPath: { path: host, type: 'Directory' } }];
    await pods.create(withVolume);
    let starts: number[] = [];
    for (let i = 0; starts.length < 2; i++) {
      if (i > 600) throw new Error('the crashing container did not restart');
      await sleep(100);
      try {
        starts = readFileSync(join(host, 'starts'), 'utf8').trim().split('\n').map((l) => Number(l) * 1000);
      } catch {
        starts = [];
      }
    }
    const firstRestartMs = starts[1]! - starts[0]! - 1000;
    console.log(table(['crash → restart', 'ms'], [['first restart (exit → next start, minus the 1 s the container ran)', fmt(firstRestartMs, 0)]]));
    rmSync(host, { recursive: true, force: true });
  } finally {
    await client?.close();
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    spawnSync(process.execPath, [KTS, 'killall', '--data-dir', dir], { stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
