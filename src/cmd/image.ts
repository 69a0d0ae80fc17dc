// `kts image build|import|ls`: images for a node without a registry, against its containerd over CRI.

import { Command } from 'commander';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectRuntime } from '../kubelet/cri/client.js';
import { containerdEndpoint, managedContainerdInfo } from '../kubelet/containerd/index.js';
import { buildImage, importImage, repositoryOf } from '../kubelet/images/index.js';
import { defaultDataDir } from './server.js';

interface RuntimeFlags { dataDir: string; containerRuntimeEndpoint?: string; snapshotter?: string }

const progress = (m: string): void => void process.stderr.write(`${m}\n`);

function endpointOf(o: RuntimeFlags): string {
  return o.containerRuntimeEndpoint ?? containerdEndpoint(resolve(o.dataDir));
}

function snapshotterOf(o: RuntimeFlags): string | undefined {
  return o.snapshotter ?? (o.containerRuntimeEndpoint ? undefined : managedContainerdInfo(resolve(o.dataDir))?.snapshotter);
}

/** A JSON array (["sh","-c","x"]) or a single word per repeated flag. */
function argList(values: string[] | undefined): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  if (values.length === 1 && values[0].trim().startsWith('[')) {
    const parsed: unknown = JSON.parse(values[0]);
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new Error(`expected a JSON array of strings: ${values[0]}`);
    return parsed;
  }
  return values;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function withRuntimeFlags(c: Command): Command {
  return c
    .option('--data-dir <dir>', 'kts data dir (where the kts-managed containerd lives)', defaultDataDir())
    .option('--container-runtime-endpoint <url>', 'CRI endpoint (default: the kts-managed containerd under --data-dir)')
    .option('--snapshotter <name>', 'containerd snapshotter to unpack into (default: the one kts chose)');
}

function humanSize(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)}${units[i]}`;
}

function splitRef(tag: string): [string, string] {
  const slash = tag.lastIndexOf('/');
  const colon = tag.lastIndexOf(':');
  return colon > slash ? [tag.slice(0, colon), tag.slice(colon + 1)] : [tag, '<none>'];
}

export function imageCommand(): Command {
  const image = new Command('image').description('build, import and list container images on this node (no registry needed)');

  withRuntimeFlags(
    image
      .command('build <dir>')
      .description('build an image whose root filesystem is DIR (umoci) and import it into containerd')
      .requiredOption('-t, --tag <name>', 'image name, e.g. example.com/app:1 (repeatable)', collect)
      .option('--entrypoint <arg>', 'entrypoint: a JSON array, or one argument per flag', collect)
      .option('--cmd <arg>', 'cmd: a JSON array, or one argument per flag', collect)
      .option('--env <K=V>', 'environment variable (repeatable)', collect)
      .option('--workdir <dir>', 'working directory')
      .option('-o, --output <file>', 'also keep the OCI archive at FILE')
      .option('--no-import', 'only build the archive (needs --output)'),
  ).action(async (dir: string, o: RuntimeFlags & { tag: string[]; entrypoint?: string[]; cmd?: string[]; env?: string[]; workdir?: string; output?: string; import: boolean }) => {
    if (!o.import && !o.output) throw new Error('--no-import needs --output');
    const work = await mkdtemp(join(tmpdir(), 'kts-image-'));
    try {
      const outFile = o.output ? resolve(o.output) : join(work, 'image.tar');
      await buildImage({
        name: o.tag[0],
        rootfsFrom: resolve(dir),
        config: { entrypoint: argList(o.entrypoint), cmd: argList(o.cmd), env: o.env, workingDir: o.workdir },
        outFile,
        log: progress,
      });
      if (o.import) {
        // The layout's tag is the first name's tag: ctr names the image from it under --base-name.
        const names = await importImage({ address: endpointOf(o), file: outFile, names: o.tag, baseName: repositoryOf(o.tag[0]), snapshotter: snapshotterOf(o), log: progress });
        process.stdout.write(`${names.join('\n')}\n`);
      } else process.stdout.write(`${outFile}\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  withRuntimeFlags(
    image
      .command('import <file>')
      .description('import an image archive (OCI layout tar or docker save tar) into containerd')
      .option('--name <name>', 'name to give the image (repeatable; default: the names in the archive)', collect),
  ).action(async (file: string, o: RuntimeFlags & { name?: string[] }) => {
    const names = await importImage({ address: endpointOf(o), file: resolve(file), names: o.name, snapshotter: snapshotterOf(o), log: progress });
    process.stdout.write(`${names.join('\n')}\n`);
  });

  withRuntimeFlags(image.command('ls').alias('list').description('list images (like crictl images)')).action(async (o: RuntimeFlags) => {
    const rt = connectRuntime({ endpoint: endpointOf(o), timeoutMs: 10_000 });
    try {
      const rows: string[][] = [['IMAGE', 'TAG', 'IMAGE ID', 'SIZE']];
      for (const img of await rt.listImages()) {
        const id = img.id.replace(/^sha256:/, '').slice(0, 13);
        const tags = img.repoTags.length ? img.repoTags : ['<none>:<none>'];
        for (const t of tags) rows.push([...splitRef(t), id, humanSize(img.size)]);
      }
      const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
      process.stdout.write(rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd()).join('\n') + '\n');
    } finally {
      rt.close();
    }
  });

  return image;
}
