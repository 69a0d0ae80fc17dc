// A private, throw-away containerd for tests: its own root/state/socket in a temp dir, its own bridge and
// pod subnet, the built-in images imported, and a stop() that leaves nothing behind (sandboxes, shims,
// the bridge, mounts, the temp dir). Needs root and the packages findRuntimeDeps() checks.

import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectRuntime } from '../cri/client.js';
import type { Runtime } from '../cri/types.js';
import { ensureBuiltinImages, PAUSE_IMAGE } from '../images/index.js';
import { findRuntimeDeps, startContainerd, stopContainerdIn, type ContainerdHandle } from './index.js';
import { run } from './run.js';

export interface TestContainerd {
  endpoint: string;
  runtime: Runtime;
  podCIDR: string;
  bridgeName: string;
  /** The temp dir holding everything (data dir of this containerd). */
  dir: string;
  containerd: ContainerdHandle;
  stop(): Promise<void>;
}

/** Why real-containerd tests cannot run here, or undefined when they can. */
export function realRuntimeSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'real containers need Linux';
  if (process.getuid?.() !== 0) return 'real containers need root';
  const deps = findRuntimeDeps();
  if (deps.missing.length) return `missing ${deps.missing.map((d) => d.what).join(', ')} (${deps.installCommand})`;
  return undefined;
}

function usedSubnets(out: string): Set<string> {
  const s = new Set<string>();
  for (const m of out.matchAll(/(\d+\.\d+\.\d+)\.\d+\/\d+/g)) s.add(m[1]);
  return s;
}

async function pickSubnet(): Promise<string> {
  const routes = (await run('ip', ['-4', 'route', 'show'])).stdout + (await run('ip', ['-4', 'addr', 'show'])).stdout;
  const used = usedSubnets(routes);
  for (let i = 0; i < 100; i++) {
    const prefix = `10.${200 + randomInt(50)}.${randomInt(256)}`;
    if (!used.has(prefix)) return `${prefix}.0/24`;
  }
  throw new Error('no free 10.2xx.N.0/24 subnet found');
}

/** Kills the shims this containerd started (they carry its socket in their arguments). */
function shimPids(address: string): number[] {
  const pids: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const args = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      if (args[0]?.includes('containerd-shim') && args.includes(address)) pids.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return pids;
}

function mountsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const mp = line.split(' ')[4];
    if (mp && (mp === dir || mp.startsWith(dir + '/'))) out.push(mp.replace(/\\040/g, ' '));
  }
  return out.sort((a, b) => b.length - a.length);
}

export async function startTestContainerd(o: { signal?: AbortSignal; log?: (m: string) => void } = {}): Promise<TestContainerd> {
  const reason = realRuntimeSkipReason();
  if (reason) throw new Error(`cannot start a test containerd: ${reason}`);
  const log = o.log ?? (() => {});
  const dir = await mkdtemp('/tmp/kts-ctd-');
  const bridgeName = `kts-${randomBytes(3).toString('hex')}`;
  let podCIDR = '';
  let containerd: ContainerdHandle | undefined;
  let runtime: Runtime | undefined;
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const problems: string[] = [];
    if (runtime) {
      try {
        for (const s of await runtime.listPodSandbox()) {
          await runtime.stopPodSandbox(s.id).catch((e: Error) => problems.push(`stop sandbox ${s.id}: ${e.message}`));
          await runtime.removePodSandbox(s.id).catch((e: Error) => problems.push(`remove sandbox ${s.id}: ${e.message}`));
        }
      } catch (e) {
        problems.push(`list sandboxes: ${(e as Error).message}`);
      }
      runtime.close();
    }
    if (containerd) {
      // The containerd running now may not be the one started here (a test may have restarted it).
      await containerd.stop();
      await stopContainerdIn(dir, log);
      for (const pid of shimPids(containerd.address)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    await run('ip', ['link', 'del', bridgeName]).catch(() => {});
    for (let i = 0; i < 3; i++) {
      const mounts = mountsUnder(dir);
      if (!mounts.length) break;
      for (const m of mounts) await run('umount', ['-l', m]).catch(() => {});
      await sleep(50);
    }
    await rm(dir, { recursive: true, force: true }).catch((e: Error) => problems.push(`rm ${dir}: ${e.message}`));
    if (problems.length) log(`test containerd cleanup: ${problems.join('; ')}`);
  };

  const onAbort = (): void => void stop();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    podCIDR = await pickSubnet();
    containerd = await startContainerd({ dataDir: dir, signal: o.signal, podCIDR, bridgeName, sandboxImage: PAUSE_IMAGE, log });
    runtime = connectRuntime({ endpoint: containerd.endpoint });
    await ensureBuiltinImages(runtime, containerd.address, log, { snapshotter: containerd.snapshotter });
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    endpoint: containerd.endpoint,
    runtime,
    podCIDR,
    bridgeName,
    dir,
    containerd,
    stop: async () => {
      o.signal?.removeEventListener('abort', onAbort);
      await stop();
    },
  };
}
