// The in-memory fake runtime must pass the same conformance suite as containerd. The fake runs no
// processes, so this test tells it what the suite's busybox commands would do.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeConformance } from './conformance.js';
import { FakeRuntime } from './fake.js';

/** `… ; exit N` at the end of a shell script → the container exits with N. */
function scriptExit(cmd: string[]): number | undefined {
  const m = /;\s*exit (\d+)\s*$/.exec(cmd.join(' '));
  return m ? Number(m[1]) : undefined;
}

runtimeConformance('FakeRuntime', async () => {
  const logDir = await mkdtemp(join(tmpdir(), 'kts-fake-cri-'));
  const rt: FakeRuntime = new FakeRuntime({
    images: ['docker.io/library/busybox:1.35'],
    containerBehavior: (config) => {
      const code = scriptExit([...(config.command ?? []), ...(config.args ?? [])]);
      return code === undefined ? undefined : { exitCode: code };
    },
    execSyncHandler: async (containerId, cmd) => {
      if (cmd[0] === 'hostname') {
        const [c] = await rt.listContainers({ id: containerId });
        const name = rt.snapshot().sandboxes.find((s) => s.id === c.podSandboxId)?.name ?? '';
        return { stdout: Buffer.from(`${name}\n`), stderr: Buffer.alloc(0), exitCode: 0 };
      }
      const m = /^echo (\S+) >&2; exit (\d+)$/.exec(cmd[2] ?? '');
      if (cmd[0] === 'sh' && m) return { stdout: Buffer.alloc(0), stderr: Buffer.from(`${m[1]}\n`), exitCode: Number(m[2]) };
      throw new Error(`fake exec: no answer for ${cmd.join(' ')}`);
    },
    streamingHandler: (kind) => ({ url: `http://127.0.0.1:10010/${kind}/fake-token` }),
  });
  return { runtime: rt, image: 'busybox:1.35', logDir, real: false, cleanup: () => rm(logDir, { recursive: true, force: true }) };
});
