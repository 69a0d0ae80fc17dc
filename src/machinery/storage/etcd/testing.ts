// Real etcd processes for tests and benchmarks: one member or a three-member cluster on 127.0.0.1,
// on free random ports, in temporary data directories, optionally with TLS client certificates.
// Uses the etcd binary Debian's etcd-server package installs (/usr/bin/etcd, or $KTS_ETCD_BINARY).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { createCA, issueCertificate } from '../../pki/pki.js';

export const ETCD_BINARY = process.env.KTS_ETCD_BINARY || '/usr/bin/etcd';

export interface StartEtcdOptions {
  /** 1 (default) or 3 members. */
  members?: 1 | 3;
  /** Serve clients over https and require client certificates signed by a fresh CA. */
  tls?: boolean;
  /** Stops the cluster when aborted. */
  signal?: AbortSignal;
  /**
   * etcd's periodic watch progress notification interval (default 250 ms). etcd before 3.4.31/3.5.13
   * answers EtcdStorage's requestProgress() with these notifications (see etcd.ts).
   */
  progressNotifyIntervalMs?: number;
  /** Where to make the temporary directory (default: the OS temp dir). */
  dataDirBase?: string;
  /** How long to wait for the members to become healthy (default 30 s). */
  startTimeoutMs?: number;
}

export interface EtcdTestCluster {
  /** Client URLs, one per member (http://127.0.0.1:port, or https:// with tls). */
  endpoints: string[];
  /** Client credentials (PEM) when started with tls. */
  tls?: { ca: string; cert: string; key: string };
  /** Each member's data directory. */
  dataDirs: string[];
  /** The etcd version, e.g. "3.4.23". */
  version: string;
  /** Stops every member and removes the data directories. Safe to call twice. */
  stop(): Promise<void>;
  /** Sends a signal (default SIGKILL) to one member; waits for it to exit unless the signal only pauses it. */
  kill(member: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a member again (stopping it first if it runs), on the same ports and data directory, and waits until it is healthy. */
  restart(member: number): Promise<void>;
  /** The index of the member that is the raft leader now, per the running members (-1 if none agrees). */
  leader(): Promise<number>;
  /** The last lines a member printed, for diagnostics. */
  logs(member: number): string;
}

export class EtcdMissingError extends Error {
  constructor(binary: string) {
    super(`etcd binary not found at ${binary}: install it with \`apt-get install etcd-server\` (or set KTS_ETCD_BINARY)`);
    this.name = 'EtcdMissingError';
  }
}

/** Whether the etcd binary is installed. */
export function etcdAvailable(): boolean {
  return existsSync(ETCD_BINARY);
}

let cachedVersion: string | undefined;

/** The installed etcd's version ("3.4.23"). */
export function etcdVersion(): string {
  if (cachedVersion) return cachedVersion;
  if (!etcdAvailable()) throw new EtcdMissingError(ETCD_BINARY);
  const r = spawnSync(ETCD_BINARY, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const m = /etcd Version:\s*(\d+\.\d+\.\d+)/.exec(r.stdout ?? '');
  cachedVersion = m ? m[1]! : '0.0.0';
  return cachedVersion;
}

interface Member {
  name: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
  proc: ChildProcess | null;
  exited: Promise<void> | null;
  log: string[];
}

const LOG_LINES = 200;

async function freePorts(n: number): Promise<number[]> {
  // Hold every listener open until all ports are picked, so none is handed out twice.
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = net.createServer();
      s.listen(0, '127.0.0.1');
      await once(s, 'listening');
      servers.push(s);
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts etcd and waits until every member is healthy. */
export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdTestCluster> {
  if (!etcdAvailable()) throw new EtcdMissingError(ETCD_BINARY);
  opts.signal?.throwIfAborted();
  // A port picked as free can be taken by someone else before etcd binds it: try again with new ports.
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      lastErr = err;
      if (!(err instanceof Error && /address already in use/i.test(err.message))) throw err;
    }
  }
  throw lastErr;
}

async function startOnce(opts: StartEtcdOptions): Promise<EtcdTestCluster> {
  const n = opts.members ?? 1;
  if (n !== 1 && n !== 3) throw new Error(`members must be 1 or 3, got ${String(n)}`);
  const version = etcdVersion();
  const [major, minor] = version.split('.').map(Number) as [number, number];
  const root = mkdtempSync(join(opts.dataDirBase ?? tmpdir(), 'kts-etcd-'));
  const scheme = opts.tls ? 'https' : 'http';
  const ports = await freePorts(2 * n);
  const members: Member[] = Array.from({ length: n }, (_, i) => ({
    name: `m${i}`,
    clientPort: ports[2 * i]!,
    peerPort: ports[2 * i + 1]!,
    dataDir: join(root, `m${i}`),
    proc: null,
    exited: null,
    log: [],
  }));

  let tlsFiles: { ca: string; cert: string; key: string } | undefined;
  let clientTls: { ca: string; cert: string; key: string } | undefined;
  if (opts.tls) {
    const ca = await createCA({ commonName: 'kts-etcd-test-ca' });
    // etcd's own gateway dials its gRPC server with the serving certificate, so it needs both usages.
    const server = await issueCertificate(ca, {
      commonName: 'etcd',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
      usages: ['serverAuth', 'clientAuth'],
    });
    const client = await issueCertificate(ca, { commonName: 'kts-apiserver', usages: ['clientAuth'] });
    tlsFiles = { ca: join(root, 'ca.crt'), cert: join(root, 'server.crt'), key: join(root, 'server.key') };
    writeFileSync(tlsFiles.ca, ca.cert);
    writeFileSync(tlsFiles.cert, server.cert);
    writeFileSync(tlsFiles.key, server.key, { mode: 0o600 });
    clientTls = { ca: ca.cert, cert: client.cert, key: client.key };
  }

  const initialCluster = members.map((m) => `${m.name}=http://127.0.0.1:${m.peerPort}`).join(',');
  const token = `kts-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const progressFlag = major > 3 || (major === 3 && minor >= 6) ? '--watch-progress-notify-interval' : '--experimental-watch-progress-notify-interval';
  const argsFor = (m: Member): string[] => {
    const clientUrl = `${scheme}://127.0.0.1:${m.clientPort}`;
    const args = [
      '--name', m.name,
      '--data-dir', m.dataDir,
      '--listen-client-urls', clientUrl,
      '--advertise-client-urls', clientUrl,
      '--listen-peer-urls', `http://127.0.0.1:${m.peerPort}`,
      '--initial-advertise-peer-urls', `http://127.0.0.1:${m.peerPort}`,
      '--initial-cluster', initialCluster,
      '--initial-cluster-state', 'new',
      '--initial-cluster-token', token,
      // Room for a value of MAX_VALUE_BYTES (1.5 MiB) plus the key and the transaction around it.
      '--max-request-bytes', String(2 * 1024 * 1024),
      progressFlag, `${opts.progressNotifyIntervalMs ?? 250}ms`,
      '--logger', 'zap',
      '--log-outputs', 'stderr',
      '--log-level', 'warn',
    ];
    if (tlsFiles) {
      args.push('--cert-file', tlsFiles.cert, '--key-file', tlsFiles.key, '--client-cert-auth', '--trusted-ca-file', tlsFiles.ca);
    }
    return args;
  };

  const launch = (m: Member): void => {
    const proc = spawn(ETCD_BINARY, argsFor(m), { stdio: ['ignore', 'pipe', 'pipe'] });
    m.proc = proc;
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        m.log.push(line);
        if (m.log.length > LOG_LINES) m.log.shift();
      }
    };
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    proc.on('error', (err) => m.log.push(`spawn error: ${err.message}`));
    m.exited = new Promise<void>((resolve) => {
      proc.on('exit', (code, sig) => {
        m.log.push(`exited with ${sig ?? code}`);
        if (m.proc === proc) m.proc = null;
        resolve();
      });
    });
  };

  const killNow = () => {
    for (const m of members) m.proc?.kill('SIGKILL');
  };
  process.once('exit', killNow);

  const health = (m: Member): Promise<boolean> =>
    new Promise((resolve) => {
      const url = `${scheme}://127.0.0.1:${m.clientPort}/health`;
      const onRes = (res: http.IncomingMessage) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(res.statusCode === 200 && /"health"\s*:\s*"true"/.test(body)));
        res.on('error', () => resolve(false));
      };
      const req = clientTls
        ? https.get(url, { ca: clientTls.ca, cert: clientTls.cert, key: clientTls.key, timeout: 2000 }, onRes)
        : http.get(url, { timeout: 2000 }, onRes);
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
    });

  const waitHealthy = async (ms: Member[]): Promise<void> => {
    const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
    for (;;) {
      for (const m of ms) {
        if (!m.proc) {
          throw new Error(`etcd member ${m.name} exited while starting:\n${m.log.slice(-30).join('\n')}`);
        }
      }
      const ok = await Promise.all(ms.map(health));
      if (ok.every(Boolean)) return;
      if (Date.now() > deadline) {
        throw new Error(`etcd did not become healthy in time:\n${ms.map((m) => `${m.name}:\n${m.log.slice(-20).join('\n')}`).join('\n')}`);
      }
      await sleep(100);
    }
  };

  const stopMember = async (m: Member, graceMs: number): Promise<void> => {
    const p = m.proc;
    if (!p) return;
    p.kill('SIGCONT'); // a paused member cannot act on SIGTERM
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), graceMs);
    await m.exited;
    clearTimeout(t);
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    opts.signal?.removeEventListener('abort', onAbort);
    // The data goes away with the directories, so there is nothing to wait for: members stopping all at
    // once would otherwise spend seconds trying to hand leadership to each other.
    await Promise.all(members.map((m) => stopMember(m, 1000)));
    process.removeListener('exit', killNow);
    rmSync(root, { recursive: true, force: true });
  };
  const onAbort = () => void stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    for (const m of members) launch(m);
    await waitHealthy(members);
  } catch (err) {
    await stop();
    throw err;
  }

  const member = (i: number): Member => {
    const m = members[i];
    if (!m) throw new Error(`no member ${i} (the cluster has ${members.length})`);
    return m;
  };

  return {
    endpoints: members.map((m) => `${scheme}://127.0.0.1:${m.clientPort}`),
    ...(clientTls ? { tls: clientTls } : {}),
    dataDirs: members.map((m) => m.dataDir),
    version,
    stop,
    async kill(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
      const m = member(i);
      const p = m.proc;
      if (!p) return;
      p.kill(signal);
      if (signal === 'SIGSTOP' || signal === 'SIGCONT' || signal === 'SIGTSTP') return;
      await m.exited;
    },
    async restart(i: number): Promise<void> {
      if (stopped) throw new Error('the cluster was stopped');
      const m = member(i);
      await stopMember(m, 10_000);
      launch(m);
      await waitHealthy([m]);
    },
    async leader(): Promise<number> {
      const ids = await Promise.all(
        members.map(async (m) => {
          if (!m.proc) return null;
          const c = new Etcd3({
            hosts: `${scheme}://127.0.0.1:${m.clientPort}`,
            ...(clientTls
              ? { credentials: { rootCertificate: Buffer.from(clientTls.ca), certChain: Buffer.from(clientTls.cert), privateKey: Buffer.from(clientTls.key) } }
              : {}),
          });
          try {
            const st = await c.maintenance.status({ deadline: Date.now() + 2000 });
            return { me: st.header.member_id, leader: st.leader };
          } catch {
            return null;
          } finally {
            c.close();
          }
        }),
      );
      const idx = ids.findIndex((x) => x !== null && x.me === x.leader);
      if (idx < 0) return -1;
      const agreed = ids.every((x) => x === null || x.leader === ids[idx]!.me);
      return agreed ? idx : -1;
    },
    logs(i: number): string {
      return member(i).log.join('\n');
    },
  };
}
