// The images every kts node has without a registry, built from Debian's static busybox:
// busybox (docker.io/library/busybox:1.35 and :latest) and the pod sandbox ("pause") image.

import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../containerd/run.js';
import type { ImageService } from '../cri/types.js';
import { buildImage, type ImageConfig } from './build.js';
import { importImage, repositoryOf } from './import.js';

/** The sandbox image kts builds and sets as containerd's sandbox_image (upstream kubelet 1.32's default name). */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
export const BUSYBOX_IMAGE = 'docker.io/library/busybox:1.35';
export const BUSYBOX_LATEST_IMAGE = 'docker.io/library/busybox:latest';

/** Bump when a recipe changes, so cached archives are rebuilt. */
const RECIPE_VERSION = 1;
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function busyboxBinary(): string {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(p)) return p;
  throw new Error('busybox is not installed (apt-get install -y busybox-static)');
}

export interface BuiltinRecipe {
  names: string[];
  config: ImageConfig;
  /** Fills an empty directory with the root filesystem. */
  populate(rootfs: string, busybox: string): Promise<void>;
}

async function addBusybox(rootfs: string, busybox: string, applets: 'all' | string[]): Promise<void> {
  await mkdir(join(rootfs, 'bin'), { recursive: true });
  await copyFile(busybox, join(rootfs, 'bin', 'busybox'));
  await chmod(join(rootfs, 'bin', 'busybox'), 0o755);
  let paths: string[];
  if (applets === 'all') {
    const { stdout } = await run(busybox, ['--list-full']);
    paths = stdout.split('\n').map((l) => l.trim()).filter((l) => l && l !== 'bin/busybox');
  } else paths = applets.map((a) => `bin/${a}`);
  for (const p of paths) {
    const target = join(rootfs, p);
    await mkdir(dirname(target), { recursive: true });
    if (!existsSync(target)) await symlink('/bin/busybox', target);
  }
}

async function addBaseFiles(rootfs: string): Promise<void> {
  for (const d of ['etc', 'root', 'home', 'var', 'proc', 'sys', 'dev']) await mkdir(join(rootfs, d), { recursive: true });
  await mkdir(join(rootfs, 'tmp'), { recursive: true });
  await chmod(join(rootfs, 'tmp'), 0o1777);
  await chmod(join(rootfs, 'root'), 0o700);
  await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n');
  await writeFile(join(rootfs, 'etc', 'group'), 'root:x:0:\nnobody:x:65534:\n');
}

export const BUSYBOX_RECIPE: BuiltinRecipe = {
  names: [BUSYBOX_IMAGE, BUSYBOX_LATEST_IMAGE],
  config: { cmd: ['sh'], env: [PATH_ENV] },
  async populate(rootfs, busybox) {
    await addBaseFiles(rootfs);
    await addBusybox(rootfs, busybox, 'all');
  },
};

/** The pause program: sleeps until SIGTERM/SIGINT and then exits 0 at once; as PID 1 of the pod it
 *  also reaps orphans (ash's wait collects any child). */
const PAUSE_SCRIPT = `#!/bin/sh
trap 'exit 0' TERM INT
while :; do
  sleep 3600 &
  wait $!
done
`;

export const PAUSE_RECIPE: BuiltinRecipe = {
  names: [PAUSE_IMAGE],
  config: { entrypoint: ['/pause'], env: [PATH_ENV] },
  async populate(rootfs, busybox) {
    await addBusybox(rootfs, busybox, ['sh', 'sleep']);
    await writeFile(join(rootfs, 'pause'), PAUSE_SCRIPT);
    await chmod(join(rootfs, 'pause'), 0o755);
    await mkdir(join(rootfs, 'etc'), { recursive: true });
    await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/:/bin/sh\n');
  },
};

export const BUILTIN_RECIPES: BuiltinRecipe[] = [PAUSE_RECIPE, BUSYBOX_RECIPE];

export function defaultImageCacheDir(): string {
  return process.env.KTS_IMAGE_CACHE ?? join(tmpdir(), `kts-image-cache-${process.getuid?.() ?? 0}`);
}

/** The archive of a recipe in the cache, built when missing. Keyed by recipe and busybox binary. */
export async function builtinArchive(recipe: BuiltinRecipe, o: { cacheDir?: string; log?: (m: string) => void } = {}): Promise<string> {
  const cacheDir = o.cacheDir ?? defaultImageCacheDir();
  const busybox = busyboxBinary();
  const st = statSync(busybox);
  const key = createHash('sha256')
    .update(JSON.stringify({ v: RECIPE_VERSION, names: recipe.names, config: recipe.config, populate: recipe.populate.toString(), bb: [st.size, st.mtimeMs] }))
    .digest('hex')
    .slice(0, 16);
  const slug = recipe.names[0].replace(/[^a-zA-Z0-9.-]+/g, '_');
  const file = join(cacheDir, `${slug}-${key}.tar`);
  if (existsSync(file)) return file;
  await mkdir(cacheDir, { recursive: true });
  const rootfs = await mkdtemp(join(cacheDir, '.rootfs-'));
  try {
    await recipe.populate(rootfs, busybox);
    await buildImage({ name: recipe.names[0], rootfsFrom: rootfs, config: recipe.config, outFile: file, log: o.log });
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
  return file;
}

export interface EnsureImagesOptions {
  cacheDir?: string;
  snapshotter?: string;
  recipes?: BuiltinRecipe[];
}

/** Imports every built-in image one of whose names the runtime does not have. Returns the names imported. */
export async function ensureBuiltinImages(runtime: ImageService, endpoint: string, log: (m: string) => void = () => {}, o: EnsureImagesOptions = {}): Promise<string[]> {
  const imported: string[] = [];
  for (const recipe of o.recipes ?? BUILTIN_RECIPES) {
    const present = await Promise.all(recipe.names.map((n) => runtime.imageStatus({ image: n })));
    if (present.every((p) => p !== undefined)) continue;
    const started = Date.now();
    const file = await builtinArchive(recipe, { cacheDir: o.cacheDir, log });
    const baseName = repositoryOf(recipe.names[0]);
    await importImage({ address: endpoint, file, names: recipe.names, baseName, snapshotter: o.snapshotter, runtime, log });
    log(`image ${recipe.names.join(', ')} ready in ${Date.now() - started} ms`);
    imported.push(...recipe.names);
  }
  return imported;
}
