// Loading an image archive into containerd's k8s.io namespace (where the CRI plugin looks), with ctr.

import { setTimeout as sleep } from 'node:timers/promises';
import { run } from '../containerd/run.js';
import type { ImageService } from '../cri/types.js';

export const CRI_NAMESPACE = 'k8s.io';

export interface ImportImageOptions {
  /** containerd socket path, or a unix:// endpoint. */
  address: string;
  /** An OCI layout tar (or a docker save tar). */
  file: string;
  /** Names to give the image. The first becomes the index name (or, with baseName, is the name ctr makes
   *  from the archive's tag); the rest are tags of it. Without names the archive's own names are used. */
  names?: string[];
  /** Repository the archive's bare tags belong to (ctr --base-name): ctr then names the image
   *  <baseName>:<tag> itself and makes no import-YYYY-MM-DD references. */
  baseName?: string;
  /** When given, waits until the CRI plugin's view no longer lists removed stray references. */
  runtime?: ImageService;
  /** Snapshotter to unpack into (the one the CRI plugin uses). */
  snapshotter?: string;
  log?: (m: string) => void;
}

/** docker.io/library/busybox from docker.io/library/busybox:1.35 (or …@sha256:…). */
export function repositoryOf(ref: string): string {
  const at = ref.indexOf('@');
  const r = at >= 0 ? ref.slice(0, at) : ref;
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  return colon > slash ? r.slice(0, colon) : r;
}

function addressOf(a: string): string {
  return a.startsWith('unix://') ? a.slice('unix://'.length) : a;
}

function ctr(address: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('ctr', ['--address', addressOf(address), '--namespace', CRI_NAMESPACE, ...args], { timeoutMs: 300_000 });
}

/** ctr names images it finds unnamed in an OCI archive import-YYYY-MM-DD:…; the CRI plugin may pick such a
 *  reference and then fail to resolve it, so they are removed. */
export async function removeStrayImportRefs(address: string): Promise<string[]> {
  const { stdout } = await ctr(address, ['images', 'ls', '-q']);
  const stray = stdout.split('\n').map((l) => l.trim()).filter((l) => /^import-\d{4}-\d{2}-\d{2}(:|@|$)/.test(l));
  if (stray.length) await ctr(address, ['images', 'rm', ...stray]);
  return stray;
}

/** Imports the archive; returns the names the image now has. */
export async function importImage(o: ImportImageOptions): Promise<string[]> {
  const log = o.log ?? (() => {});
  const names = o.names ?? [];
  const args = ['images', 'import'];
  if (o.snapshotter) args.push('--snapshotter', o.snapshotter);
  // ctr would name the archive's bare tags import-YYYY-MM-DD:<tag>. Removing such names afterwards is not
  // enough: containerd 1.6's CRI plugin keeps listing them and may resolve the image through one. So
  // bare tags are put under the first name's repository (--base-name) and no import-* name is made.
  if (o.baseName) args.push('--base-name', o.baseName);
  else if (names.length) args.push('--base-name', repositoryOf(names[0]), '--index-name', names[0]);
  args.push(o.file);
  log(`importing ${o.file}${names.length ? ` as ${names.join(', ')}` : ''}`);
  let stdout: string;
  try {
    ({ stdout } = await ctr(o.address, args));
  } catch (e) {
    // containerd 1.6 can garbage-collect the index blob ctr has just written for --index-name before the
    // image record points at it ("content digest sha256:…: not found"); the import is idempotent, so
    // it is tried once more.
    if (!/content digest sha256:[0-9a-f]+: not found/.test((e as Error).message)) throw e;
    log(`import raced containerd's garbage collector (${(e as Error).message.trim()}); retrying`);
    ({ stdout } = await ctr(o.address, args));
  }
  for (const extra of names.slice(1)) await ctr(o.address, ['images', 'tag', '--force', names[0], extra]);
  const stray = await removeStrayImportRefs(o.address);
  if (stray.length) {
    log(`removed stray references ${stray.join(', ')}`);
    if (o.runtime) await waitForCriSync(o.runtime, stray);
  }
  if (names.length) return names;
  // ctr prints "unpacking NAME (sha256:…)…done" for each image it created.
  return [...stdout.matchAll(/unpacking (\S+) \(/g)].map((m) => m[1]).filter((n) => !stray.includes(n));
}

const isStrayTag = (t: string): boolean => /(^|\/)import-\d{4}-\d{2}-\d{2}[:@]/.test(t);

/** The CRI plugin learns of removed references from containerd's events, a moment later. */
async function waitForCriSync(runtime: ImageService, stray: string[]): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const images = await runtime.listImages();
    if (!images.some((i) => i.repoTags.some(isStrayTag))) return;
    await sleep(50);
  }
  throw new Error(`containerd's CRI plugin still lists removed references ${stray.join(', ')}`);
}
