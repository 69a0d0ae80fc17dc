// Whole-cluster test harness: starts a real `kts server` (the built bin/kts) in a temporary data
// directory on a free port, and runs the real kubectl against it.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const KTS = join(ROOT, 'bin', 'kts');
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

export function kubectlVersion(minor: number): string {
  return `/usr/lib/google-cloud-sdk/bin/kubectl.1.${minor}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cluster {
  dataDir: string;
  kubeconfig: string;
  url: string;
  port: number;
  /** Runs kubectl with this cluster's kubeconfig. */
  kubectl(args: string[], opts?: { input?: string; env?: Record<string, string>; binary?: string; timeoutMs?: number }): Promise<RunResult>;
  /** Like kubectl, but throws with stderr when the exit code is not 0. */
  k(args: string[], opts?: { input?: string; env?: Record<string, string>; binary?: string }): Promise<string>;
  logs(): string;
  stop(): Promise<void>;
  /** The server process, for kill/restart tests. */
  proc: ChildProcess;
}

export interface StartOptions {
  args?: string[];
  /** Run the local node (kubelet with its own containerd) inside the server. */
  agent?: boolean;
  dataDir?: string;
  port?: number;
  timeoutMs?: number;
}

export async function startCluster(o: StartOptions = {}): Promise<Cluster> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'kts-e2e-'));
  const port = o.port ?? (await freePort());
  // The local node (kubelet + containerd) only where a test asks for it.
  const args = o.agent ? (o.args ?? []) : ['--disable-agent', ...(o.args ?? [])];
  const proc = spawn(process.execPath, [KTS, 'server', '--data-dir', dataDir, '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`kts server did not start in time:\n${out}`)), o.timeoutMs ?? 30_000);
    const check = () => {
      if (out.includes('kts is running')) {
        clearTimeout(t);
        resolve();
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`kts server exited with ${code}:\n${out}`));
    });
  });
  const home = mkdtempSync(join(tmpdir(), 'kts-e2e-home-'));
  const kubectl: Cluster['kubectl'] = (args, ko = {}) =>
    new Promise((resolve) => {
      const child = execFile(
        ko.binary ?? KUBECTL,
        args,
        { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: kubeconfig, ...ko.env }, timeout: ko.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      if (ko.input !== undefined) {
        child.stdin!.end(ko.input);
      }
    });
  const k: Cluster['k'] = async (args, ko = {}) => {
    const r = await kubectl(args, ko);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  return {
    dataDir,
    kubeconfig,
    url: `https://127.0.0.1:${port}`,
    port,
    kubectl,
    k,
    logs: () => out,
    proc,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Writes a manifest to a temp file and returns its path. */
export function manifest(text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'kts-manifest-'));
  const p = join(d, 'm.yaml');
  writeFileSync(p, text);
  return p;
}

/** Polls fn until it returns a truthy value or the timeout passes. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}
