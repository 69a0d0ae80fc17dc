// The atomic writer for API-data volumes (configMap, secret, downwardAPI, projected), with upstream's
// on-disk layout, so readers never see a half-updated set of files:
//
//   <dir>/..2024_01_02_15_04_05.123456789/<files>   the payload, in a timestamped directory
//   <dir>/..data -> ..2024_01_02_15_04_05.123456789   swapped atomically (rename of ..data_tmp)
//   <dir>/<top-level name> -> ..data/<top-level name> what the container sees
//
// An update writes a new timestamped directory, swaps ..data, adds new visible links, then removes the
// old directory and links that are no longer in the payload. Nothing is written when the payload is
// unchanged.

import { randomInt } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';

export interface FileProjection { data: Buffer; mode: number }
export type Payload = Map<string, FileProjection>;

const DATA = '..data';
const DATA_TMP = '..data_tmp';

export class PayloadError extends Error {}

/** Rejects absolute paths, ".." elements and names starting with "..". */
export function validatePath(p: string): void {
  if (p === '') throw new PayloadError('invalid path: must not be empty');
  if (p.length > 4096) throw new PayloadError(`invalid path: must be less than or equal to 4096 characters`);
  if (p.startsWith('/')) throw new PayloadError(`invalid path: must be relative path: ${p}`);
  if (p.split('/').some((s) => s === '..')) throw new PayloadError(`invalid path: must not contain '..': ${p}`);
  if (p.startsWith('..')) throw new PayloadError(`invalid path: must not start with '..': ${p}`);
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function tsDirName(now: Date): string {
  const d = now;
  return `..${d.getUTCFullYear()}_${two(d.getUTCMonth() + 1)}_${two(d.getUTCDate())}_${two(d.getUTCHours())}_${two(d.getUTCMinutes())}_${two(d.getUTCSeconds())}.${randomInt(1_000_000_000)}`;
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Whether the current ..data holds exactly this payload (same files, bytes and modes). */
async function unchanged(dir: string, payload: Payload): Promise<boolean> {
  let ts: string;
  try {
    ts = await readlink(join(dir, DATA));
  } catch {
    return false;
  }
  const base = join(dir, ts);
  for (const [p, f] of payload) {
    try {
      const st = await stat(join(base, p));
      if ((st.mode & 0o7777) !== f.mode) return false;
      if (!(await readFile(join(base, p))).equals(f.data)) return false;
    } catch {
      return false;
    }
    if (!(await exists(join(dir, p.split('/')[0]!)))) return false;
  }
  const count = async (d: string): Promise<number> => {
    let n = 0;
    for (const e of await readdir(d, { withFileTypes: true })) n += e.isDirectory() ? await count(join(d, e.name)) : 1;
    return n;
  };
  return (await count(base)) === payload.size;
}

/** Writes the payload into dir atomically; returns false when nothing had to change. */
export async function writeAtomic(dir: string, payload: Payload, now = new Date()): Promise<boolean> {
  for (const p of payload.keys()) validatePath(normalize(p));
  await mkdir(dir, { recursive: true });
  if (await unchanged(dir, payload)) return false;
  let oldTs: string | undefined;
  try {
    oldTs = await readlink(join(dir, DATA));
  } catch {
    oldTs = undefined;
  }
  const oldVisible = new Set<string>();
  for (const name of await readdir(dir)) if (!name.startsWith('..')) oldVisible.add(name);

  const ts = tsDirName(now);
  const tsPath = join(dir, ts);
  await mkdir(tsPath, { mode: 0o755 });
  for (const [p, f] of payload) {
    const full = join(tsPath, normalize(p));
    await mkdir(dirname(full), { recursive: true, mode: 0o755 });
    await writeFile(full, f.data);
    await chmod(full, f.mode);
  }
  await rm(join(dir, DATA_TMP), { force: true });
  await symlink(ts, join(dir, DATA_TMP));
  await rename(join(dir, DATA_TMP), join(dir, DATA));

  const visible = new Set<string>();
  for (const p of payload.keys()) visible.add(normalize(p).split('/')[0]!);
  for (const name of visible) {
    const link = join(dir, name);
    if (await exists(link)) {
      const st = await lstat(link);
      if (st.isSymbolicLink() && (await readlink(link)) === join(DATA, name)) continue;
      await rm(link, { recursive: true, force: true });
    }
    await symlink(join(DATA, name), link);
  }
  if (oldTs && oldTs !== ts) await rm(join(dir, oldTs), { recursive: true, force: true });
  for (const name of oldVisible) if (!visible.has(name)) await rm(join(dir, name), { recursive: true, force: true });
  return true;
}
