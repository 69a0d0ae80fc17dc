// Building an OCI image from a directory, without a registry or a container engine: umoci makes the
// OCI layout (one layer from the directory, the image config), tar makes the archive ctr imports.

import { mkdtemp, rm, mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run } from '../containerd/run.js';

export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  /** KEY=VALUE */
  env?: string[];
  workingDir?: string;
  user?: string;
}

export interface BuildImageOptions {
  /** Full reference, e.g. docker.io/library/busybox:1.35 (only the tag is recorded in the layout). */
  name: string;
  /** Directory whose contents become the image's root filesystem. */
  rootfsFrom: string;
  config: ImageConfig;
  /** The archive to write (an OCI image layout in a tar). */
  outFile: string;
  log?: (m: string) => void;
}

/** The tag part of a reference (after the last ':' past the last '/'), 'latest' when none. */
export function referenceTag(ref: string): string {
  const at = ref.indexOf('@');
  const r = at >= 0 ? ref.slice(0, at) : ref;
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  return colon > slash ? r.slice(colon + 1) : 'latest';
}

/** Builds the image and writes outFile (atomically). Returns outFile. */
export async function buildImage(o: BuildImageOptions): Promise<string> {
  const log = o.log ?? (() => {});
  await mkdir(dirname(o.outFile), { recursive: true });
  const work = await mkdtemp(join(dirname(o.outFile), '.build-'));
  try {
    const layout = join(work, 'oci');
    const bundle = join(work, 'bundle');
    const tag = referenceTag(o.name);
    const img = `${layout}:${tag}`;
    log(`building ${o.name}: umoci init/new`);
    await run('umoci', ['init', '--layout', layout]);
    await run('umoci', ['new', '--image', img]);
    await run('umoci', ['unpack', '--image', img, bundle]);
    log(`building ${o.name}: copying ${o.rootfsFrom}`);
    await run('cp', ['-a', `${o.rootfsFrom}/.`, join(bundle, 'rootfs')]);
    log(`building ${o.name}: umoci repack`);
    await run('umoci', ['repack', '--image', img, bundle]);
    const args = ['config', '--image', img, '--author', 'kts'];
    for (const e of o.config.entrypoint ?? []) args.push('--config.entrypoint', e);
    for (const c of o.config.cmd ?? []) args.push('--config.cmd', c);
    for (const e of o.config.env ?? []) args.push('--config.env', e);
    if (o.config.workingDir) args.push('--config.workingdir', o.config.workingDir);
    if (o.config.user) args.push('--config.user', o.config.user);
    await run('umoci', args);
    await run('umoci', ['gc', '--layout', layout]);
    const tmpOut = join(work, 'image.tar');
    await run('tar', ['-C', layout, '-cf', tmpOut, '.']);
    await rename(tmpOut, o.outFile);
    log(`built ${o.name} → ${o.outFile}`);
    return o.outFile;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
