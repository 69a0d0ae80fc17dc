// Test environments for code that talks to an API server: a real `kts server` process (HTTPS, client
// certificate from its admin kubeconfig) and an APIServer in this process over MemoryStorage
// (InProcessTransport). Both can be restarted on the same state, which starts the server's watch
// history afresh — how tests provoke "410 Expired" and a relist. Only tests import this file.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APIServer } from '../../apiserver/server.js';
import { bootstrapCluster } from '../../apiserver/bootstrap.js';
import { MemoryStorage } from '../storage/memory/memory.js';
import { Client, type ClientOptions } from './client.js';
import { HttpsTransport } from './https.js';
import { InProcessTransport, type InProcessUser } from './inprocess.js';
import type { Transport } from './transport.js';

export interface TestServer {
  /** A new client (its own transport) for a component. */
  client(component?: string, o?: Partial<ClientOptions>): Client;
  /** Restarts the server on the same state (fresh watch caches). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const ADMIN: InProcessUser = { username: 'system:admin', groups: ['system:masters'] };

export interface InProcessServer extends TestServer {
  api(): APIServer;
  storage: MemoryStorage;
  transport(user?: InProcessUser): Transport;
}

/**
 * Default admission plugins the test servers leave out, as upstream's integration test servers do:
 * without the service-account controller no pod could name an existing service account.
 */
const TEST_DISABLED_ADMISSION = ['ServiceAccount'];

/** An APIServer over MemoryStorage, reached through InProcessTransport. */
export async function startInProcessServer(o: { bookmarkIntervalMs?: number; watchBufferSize?: number; disableAdmissionPlugins?: string[] } = {}): Promise<InProcessServer> {
  const storage = new MemoryStorage();
  let api: APIServer | null = null;
  const transports: Transport[] = [];
  const boot = async (first: boolean) => {
    const a = new APIServer({
      storage,
      tls: { cert: '', key: '', ca: '' },
      port: 6443,
      log: () => {},
      disableAdmissionPlugins: o.disableAdmissionPlugins ?? TEST_DISABLED_ADMISSION,
      ...(o.bookmarkIntervalMs ? { bookmarkIntervalMs: o.bookmarkIntervalMs } : {}),
      ...(o.watchBufferSize ? { watchBufferSize: o.watchBufferSize } : {}),
    });
    await a.ready();
    // The bootstrap objects are in storage already after the first boot.
    if (first) await bootstrapCluster({ storeFor: (g, p) => a.storeFor(g, p), serviceIP: '10.96.0.1', advertiseAddress: '127.0.0.1', port: 6443 });
    api = a;
  };
  await boot(true);
  const transport = (user: InProcessUser = ADMIN): Transport => {
    const t = new InProcessTransport({ user, handler: (req, res) => api!.handle(req, res) });
    transports.push(t);
    return t;
  };
  return {
    storage,
    api: () => api!,
    transport,
    client: (component = 'test', co = {}) => new Client({ transport: transport(), component, ...co }),
    restart: async () => {
      const old = api!;
      await old.close();
      await boot(false);
    },
    stop: async () => {
      for (const t of transports) await t.close();
      await api?.close();
      await storage.close();
    },
  };
}

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export interface KtsServer extends TestServer {
  dataDir: string;
  kubeconfig: string;
  port: number;
  logs(): string;
}

/** A real `kts server` process (the built bin/kts) in a temporary data directory. */
export async function startKtsServer(o: { timeoutMs?: number; disableAdmissionPlugins?: string[] } = {}): Promise<KtsServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kts-client-'));
  const port = await freePort();
  let out = '';
  let proc: ChildProcess | null = null;
  const clients: Client[] = [];
  const launch = async () => {
    const p = spawn(process.execPath, [join(ROOT, 'bin', 'kts'), 'server', '--data-dir', dataDir, '--port', String(port), '--disable-controller-manager', '--disable-scheduler', '--disable-agent', '--disable-admission-plugins', (o.disableAdmissionPlugins ?? TEST_DISABLED_ADMISSION).join(',')], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc = p;
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`kts server did not start:\n${out}`)), o.timeoutMs ?? 30_000);
      const check = () => {
        if (out.includes('kts is running')) {
          clearTimeout(t);
          p.stdout!.off('data', check);
          p.off('exit', onExit);
          resolve();
        }
      };
      const onExit = (code: number | null) => {
        clearTimeout(t);
        reject(new Error(`kts server exited with ${code}:\n${out}`));
      };
      p.stdout!.on('data', check);
      p.once('exit', onExit);
      check();
    });
    out = out.replace('kts is running', 'kts was running');
  };
  const kill = async () => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
  try {
    await launch();
  } catch (err) {
    await kill();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  return {
    dataDir,
    kubeconfig,
    port,
    logs: () => out,
    client: (component = 'test', co = {}) => {
      const { transport, namespace } = HttpsTransport.fromKubeconfig(kubeconfig);
      const c = new Client({ transport, namespace, component, ...co });
      clients.push(c);
      return c;
    },
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      for (const c of clients) await c.close();
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
