// kts runs its own containerd (as k3s does): a generated config, root/state/socket under the kts data
// dir, the CRI plugin pointed at the node's CNI config and the locally built pause image.
// containerd is started detached in its own process group and may outlive kts, so that containers keep
// running across a kts restart; the next start finds it by its pid file and socket and adopts it.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { rm, mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectRuntime } from '../cri/client.js';
import type { VersionResponse } from '../cri/types.js';
import { renderContainerdConfig } from './config.js';
import { writeCniConfig } from './cni.js';
import { findDep, RUNTIME_DEPS } from './deps.js';
import { run, toolEnv } from './run.js';

export { writeCniConfig, cniConflist, CNI_CONFLIST_NAME, type CniConfigOptions } from './cni.js';
export { findRuntimeDeps, RUNTIME_DEPS, type RuntimeDep, type RuntimeDepsReport } from './deps.js';

export const CNI_BIN_DIR = '/usr/lib/cni';
export const DEFAULT_BRIDGE = 'kts0';

export interface StartContainerdOptions {
  /** The kts data dir; containerd lives in <dataDir>/containerd, CNI config in <dataDir>/cni. */
  dataDir: string;
  /** Aborts waiting for containerd to come up. It does not stop containerd: call stop() for that. */
  signal?: AbortSignal;
  cniConfDir?: string;
  /** When given, the CNI conflist for this pod CIDR is written before containerd starts. */
  podCIDR?: string;
  bridgeName?: string;
  /** CRI sandbox_image, e.g. PAUSE_IMAGE from ../images. */
  sandboxImage: string;
  log?: (m: string) => void;
  /** How long to wait for CRI to answer. Default 30 s. */
  readyTimeoutMs?: number;
}

export interface ContainerdHandle {
  /** unix:///…/containerd.sock */
  endpoint: string;
  /** The socket path (what `ctr --address` takes). */
  address: string;
  /** host:port of the CRI streaming server (exec/attach/port-forward URLs point there). */
  streamAddress: string;
  snapshotter: 'overlayfs' | 'native';
  cniConfDir: string;
  /** Where the host-local IPAM plugin keeps its leases. */
  ipamDataDir: string;
  pid: number;
  /** True when a containerd left running by an earlier kts was adopted. */
  adopted: boolean;
  version: VersionResponse;
  /** SIGTERM, wait (then SIGKILL after 10 s). Containers keep running in their shims. */
  stop(): Promise<void>;
}

interface SavedState {
  pid: number;
  socket: string;
  streamPort: number;
  snapshotter: 'overlayfs' | 'native';
  config: string;
}

/** The socket path for a data dir: inside it when short enough for a unix socket, else under /run/kts. */
export function containerdSocketPath(dataDir: string): string {
  const inside = join(dataDir, 'containerd', 'containerd.sock');
  if (inside.length + '.ttrpc'.length < 100) return inside;
  const h = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  return `/run/kts/containerd-${h}.sock`;
}

export function containerdEndpoint(dataDir: string): string {
  return `unix://${containerdSocketPath(dataDir)}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function isOurContainerd(pid: number, configPath: string): boolean {
  if (!processAlive(pid)) return false;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.some((a) => a.endsWith('containerd')) && cmd.includes(configPath);
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** overlayfs when the data dir's filesystem can hold an overlay mount, else native. */
async function pickSnapshotter(dir: string, log: (m: string) => void): Promise<'overlayfs' | 'native'> {
  const base = join(dir, 'overlay-check');
  await rm(base, { recursive: true, force: true });
  for (const d of ['lower', 'upper', 'work', 'merged']) await mkdir(join(base, d), { recursive: true });
  try {
    await run('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${base}/lower,upperdir=${base}/upper,workdir=${base}/work`, `${base}/merged`]);
    await run('umount', [`${base}/merged`]);
    return 'overlayfs';
  } catch (e) {
    log(`overlayfs does not work under ${dir} (${(e as Error).message.trim()}); using the native snapshotter`);
    return 'native';
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

async function waitForCri(o: { endpoint: string; pid: number; signal?: AbortSignal; timeoutMs: number; logFile: string }): Promise<VersionResponse> {
  const deadline = Date.now() + o.timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    o.signal?.throwIfAborted();
    if (!processAlive(o.pid)) throw new Error(`containerd (pid ${o.pid}) exited during start-up; last lines of ${o.logFile}:\n${tail(o.logFile)}`);
    const rt = connectRuntime({ endpoint: o.endpoint, timeoutMs: 1000 });
    try {
      return await rt.version();
    } catch (e) {
      last = e;
    } finally {
      rt.close();
    }
    await sleep(100, undefined, { signal: o.signal });
  }
  throw new Error(`containerd did not answer CRI Version within ${o.timeoutMs} ms (${(last as Error)?.message}); see ${o.logFile}:\n${tail(o.logFile)}`);
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function stopPid(pid: number, configPath: string, log: (m: string) => void): Promise<void> {
  if (!isOurContainerd(pid, configPath)) return;
  log(`stopping containerd (pid ${pid})`);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return;
    await sleep(50);
  }
  log(`containerd (pid ${pid}) did not exit after SIGTERM; killing it`);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
  while (processAlive(pid)) await sleep(50);
}

export async function startContainerd(o: StartContainerdOptions): Promise<ContainerdHandle> {
  const log = o.log ?? (() => {});
  const bin = findDep(RUNTIME_DEPS[0]);
  if (!bin) throw new Error('containerd is not installed (apt-get install -y containerd runc containernetworking-plugins)');
  const dir = join(o.dataDir, 'containerd');
  await mkdir(dir, { recursive: true, mode: 0o711 });
  const socket = containerdSocketPath(o.dataDir);
  const endpoint = `unix://${socket}`;
  const configPath = join(dir, 'config.toml');
  const statePath = join(dir, 'kts-containerd.json');
  const logFile = join(dir, 'containerd.log');
  const cniConfDir = o.cniConfDir ?? join(o.dataDir, 'cni', 'net.d');
  const ipamDataDir = join(o.dataDir, 'cni', 'networks');
  await mkdir(cniConfDir, { recursive: true });
  if (o.podCIDR) await writeCniConfig({ confDir: cniConfDir, bridgeName: o.bridgeName ?? DEFAULT_BRIDGE, podCIDR: o.podCIDR, ipamDataDir });

  let saved: SavedState | undefined;
  try {
    saved = JSON.parse(await readFile(statePath, 'utf8')) as SavedState;
  } catch {
    saved = undefined;
  }
  const handle = (pid: number, st: SavedState, adopted: boolean, version: VersionResponse): ContainerdHandle => ({
    endpoint,
    address: socket,
    streamAddress: `127.0.0.1:${st.streamPort}`,
    snapshotter: st.snapshotter,
    cniConfDir,
    ipamDataDir,
    pid,
    adopted,
    version,
    stop: () => stopPid(pid, configPath, log),
  });

  // A containerd from an earlier run, still alive on our socket: adopt it.
  if (saved && saved.socket === socket && isOurContainerd(saved.pid, configPath)) {
    try {
      const version = await waitForCri({ endpoint, pid: saved.pid, signal: o.signal, timeoutMs: 5000, logFile });
      log(`adopted running containerd (pid ${saved.pid}, ${version.runtimeName} ${version.runtimeVersion})`);
      return handle(saved.pid, saved, true, version);
    } catch (e) {
      log(`containerd pid ${saved.pid} is alive but does not answer (${(e as Error).message.split('\n')[0]}); restarting it`);
      await stopPid(saved.pid, configPath, log);
    }
  }

  const snapshotter = saved?.snapshotter ?? (await pickSnapshotter(dir, log));
  const streamPort = await freePort();
  mkdirSync(join(socket, '..'), { recursive: true });
  const config = renderContainerdConfig({
    root: join(dir, 'root'),
    state: join(dir, 'state'),
    socket,
    sandboxImage: o.sandboxImage,
    cniBinDir: CNI_BIN_DIR,
    cniConfDir,
    streamAddress: '127.0.0.1',
    streamPort,
    snapshotter,
    runcRoot: join(dir, 'state', 'runc'),
    optDir: join(dir, 'opt'),
  });
  await writeFile(configPath, config);
  await rm(socket, { force: true });

  const fd = openSync(logFile, 'a');
  let pid: number;
  try {
    const child = spawn(bin, ['--config', configPath], { detached: true, stdio: ['ignore', fd, fd], env: toolEnv(), cwd: dir });
    if (child.pid === undefined) throw new Error('could not start containerd');
    pid = child.pid;
    child.unref();
  } finally {
    closeSync(fd);
  }
  const st: SavedState = { pid, socket, streamPort, snapshotter, config: configPath };
  await writeFile(`${statePath}.tmp`, JSON.stringify(st, null, 2) + '\n');
  await rename(`${statePath}.tmp`, statePath);
  writeFileSync(join(dir, 'containerd.pid'), `${pid}\n`);
  log(`started containerd (pid ${pid}, snapshotter ${snapshotter}, socket ${socket}, log ${logFile})`);
  const started = Date.now();
  try {
    const version = await waitForCri({ endpoint, pid, signal: o.signal, timeoutMs: o.readyTimeoutMs ?? 30_000, logFile });
    log(`containerd ready in ${Date.now() - started} ms: ${version.runtimeName} ${version.runtimeVersion}, CRI ${version.runtimeApiVersion}`);
    return handle(pid, st, false, version);
  } catch (e) {
    await stopPid(pid, configPath, log);
    throw e;
  }
}

/** Stops the containerd that the data dir's state file names, if it is still running (whoever started it). */
export async function stopContainerdIn(dataDir: string, log: (m: string) => void = () => {}): Promise<boolean> {
  const dir = join(dataDir, 'containerd');
  let saved: SavedState;
  try {
    saved = JSON.parse(await readFile(join(dir, 'kts-containerd.json'), 'utf8')) as SavedState;
  } catch {
    return false;
  }
  if (!isOurContainerd(saved.pid, join(dir, 'config.toml'))) return false;
  await stopPid(saved.pid, join(dir, 'config.toml'), log);
  return true;
}

/** What kts recorded about the containerd it manages for this data dir, if any. */
export function managedContainerdInfo(dataDir: string): { pid: number; snapshotter: 'overlayfs' | 'native'; streamAddress: string } | undefined {
  try {
    const s = JSON.parse(readFileSync(join(dataDir, 'containerd', 'kts-containerd.json'), 'utf8')) as SavedState;
    return { pid: s.pid, snapshotter: s.snapshotter, streamAddress: `127.0.0.1:${s.streamPort}` };
  } catch {
    return undefined;
  }
}

/** Whether a kts-managed containerd socket exists for this data dir (for CLI defaults). */
export function containerdSocketExists(dataDir: string): boolean {
  return existsSync(containerdSocketPath(dataDir));
}
