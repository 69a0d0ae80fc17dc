// `kts killall`: what k3s-killall.sh does for k3s. Stopping kts leaves the node's containers running
// (so a restarted kts adopts them); this stops them for good: every pod sandbox through CRI (which
// also releases its CNI address), then the kts-managed containerd and any shims it left, the node's
// bridge, and the mounts under the data dir.

import { readdirSync, readFileSync } from 'node:fs';
import { connectRuntime } from '../kubelet/cri/client.js';
import { containerdEndpoint, containerdSocketExists, stopContainerdIn } from '../kubelet/containerd/index.js';
import { run } from '../kubelet/containerd/run.js';
import { agentLayout } from './layout.js';

export async function killall(dataDir: string, log: (m: string) => void = () => {}): Promise<void> {
  const layout = agentLayout(dataDir);
  const endpoint = containerdEndpoint(dataDir);
  const socket = endpoint.replace(/^unix:\/\//, '');
  if (containerdSocketExists(dataDir)) {
    const runtime = connectRuntime({ endpoint, timeoutMs: 10_000 });
    try {
      const sandboxes = await runtime.listPodSandbox();
      log(`stopping ${sandboxes.length} pod sandboxes`);
      for (const s of sandboxes) {
        await runtime.stopPodSandbox(s.id).catch((e: Error) => log(`stop sandbox ${s.id}: ${e.message}`));
        await runtime.removePodSandbox(s.id).catch((e: Error) => log(`remove sandbox ${s.id}: ${e.message}`));
      }
    } catch (e) {
      log(`containerd did not answer (${(e as Error).message}); killing what is left`);
    } finally {
      runtime.close();
    }
  }
  if (await stopContainerdIn(dataDir, log)) log('containerd stopped');
  // Shims of this containerd that outlived it.
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (cmd.includes('containerd-shim') && cmd.includes(socket)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
        log(`killed shim ${pid}`);
      } catch {
        /* already gone */
      }
    }
  }
  await run('ip', ['link', 'del', layout.bridgeName]).then(() => log(`bridge ${layout.bridgeName} deleted`)).catch(() => {});
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => !!m && (m === dataDir || m.startsWith(`${dataDir}/`)))
    .reverse();
  for (const m of mounts) await run('umount', ['-l', m]).catch((e: Error) => log(`umount ${m}: ${e.message}`));
  if (mounts.length) log(`${mounts.length} mounts released`);
}
