// Running host tools (ctr, umoci, ip, mount) for the runtime side, with their stderr in the error.

import { execFile } from 'node:child_process';

export interface RunResult { stdout: string; stderr: string }

/** PATH for host tools and for containerd's children (runc, shims, CNI plugins, iptables). */
export const TOOL_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function toolEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${TOOL_PATH}:${process.env.PATH ?? ''}` };
}

export class CommandError extends Error {
  constructor(readonly command: string, readonly exitCode: number | null, readonly stderr: string) {
    super(`${command}: ${stderr.trim() || `exit code ${exitCode}`}`);
    this.name = 'CommandError';
  }
}

/** Runs a program (no shell) and resolves with its output; rejects with CommandError on a non-zero exit. */
export function run(file: string, args: string[], o: { cwd?: string; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: o.cwd, env: toolEnv(), timeout: o.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, signal: o.signal },
      (err, stdout, stderr) => {
        if (err) {
          const code = typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null;
          reject(new CommandError([file, ...args].join(' '), code, String(stderr || err.message)));
        } else resolve({ stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
