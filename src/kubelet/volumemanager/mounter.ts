// The few mount operations the volume manager needs (tmpfs for memory-backed volumes), through the
// mount(8)/umount(8) binaries, and the mount table from /proc/self/mountinfo.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function unescapeMountPath(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Every mount point (absolute paths) of this mount namespace. */
export async function mountPoints(): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length > 4) out.push(unescapeMountPath(f[4]!));
  }
  return out;
}

export async function isMountPoint(dir: string): Promise<boolean> {
  const d = resolve(dir);
  return (await mountPoints()).includes(d);
}

/** Mount points at or below dir, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const d = resolve(dir);
  return (await mountPoints()).filter((m) => m === d || m.startsWith(d + '/')).sort((a, b) => b.length - a.length);
}

export async function mountTmpfs(dir: string, o: { sizeBytes?: bigint; mode?: number } = {}): Promise<void> {
  const opts = [`mode=${(o.mode ?? 0o777).toString(8).padStart(4, '0')}`];
  if (o.sizeBytes !== undefined && o.sizeBytes > 0n) opts.push(`size=${o.sizeBytes}`);
  try {
    await run('mount', ['-t', 'tmpfs', '-o', opts.join(','), 'tmpfs', dir]);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`mount failed: ${(e.stderr || e.message).trim()}`);
  }
}

export async function unmount(dir: string): Promise<void> {
  try {
    await run('umount', [dir]);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`unmount of ${dir} failed: ${(e.stderr || e.message).trim()}`);
  }
}
