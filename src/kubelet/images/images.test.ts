import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile, copyFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { run } from '../containerd/run.js';
import { realRuntimeSkipReason, startTestContainerd } from '../containerd/testing.js';
import { busyboxBinary } from './builtin.js';
import { buildImage, importImage, referenceTag, repositoryOf } from './index.js';

test('referenceTag', () => {
  assert.equal(referenceTag('docker.io/library/busybox:1.35'), '1.35');
  assert.equal(referenceTag('localhost:5000/app'), 'latest');
  assert.equal(referenceTag('app@sha256:abc'), 'latest');
  assert.equal(referenceTag('kts.local/x:v1@sha256:abc'), 'v1');
  assert.equal(repositoryOf('docker.io/library/busybox:1.35'), 'docker.io/library/busybox');
  assert.equal(repositoryOf('localhost:5000/app'), 'localhost:5000/app');
  assert.equal(repositoryOf('localhost:5000/app:v2'), 'localhost:5000/app');
});

async function tinyRootfs(dir: string): Promise<void> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  await copyFile(busyboxBinary(), join(dir, 'bin', 'busybox'));
  await symlink('/bin/busybox', join(dir, 'bin', 'sh'));
  await writeFile(join(dir, 'bin', 'app'), '#!/bin/sh\necho "app in $PWD with $MODE and $*"\nexit 4\n');
  await chmod(join(dir, 'bin', 'app'), 0o755);
  await mkdir(join(dir, 'srv'));
}

test('a directory becomes an image; imported under two names with no stray refs; it runs with its config', async (t) => {
  const reason = realRuntimeSkipReason();
  if (reason) return t.skip(reason);
  const work = await mkdtemp(join(tmpdir(), 'kts-img-test-'));
  const ctd = await startTestContainerd({});
  try {
    const rootfs = join(work, 'rootfs');
    await tinyRootfs(rootfs);
    const file = await buildImage({
      name: 'kts.local/app:v1',
      rootfsFrom: rootfs,
      config: { entrypoint: ['/bin/app'], cmd: ['x', 'y'], env: ['MODE=test'], workingDir: '/srv' },
      outFile: join(work, 'app.tar'),
    });
    const listing = (await run('tar', ['-tf', file])).stdout;
    assert.match(listing, /index\.json/);
    assert.match(listing, /oci-layout/);

    const names = await importImage({ address: ctd.endpoint, file, names: ['kts.local/app:v1', 'kts.local/app:latest'], runtime: ctd.runtime, snapshotter: ctd.containerd.snapshotter });
    assert.deepEqual(names, ['kts.local/app:v1', 'kts.local/app:latest']);
    const rt = ctd.runtime;
    const a = await rt.imageStatus({ image: 'kts.local/app:v1' });
    const b = await rt.imageStatus({ image: 'kts.local/app:latest' });
    assert.ok(a && b);
    assert.equal(a.id, b.id);
    const all = (await rt.listImages()).flatMap((i) => i.repoTags);
    assert.ok(!all.some((x) => x.includes('import-')), `stray refs: ${all.join(', ')}`);

    const sb = { metadata: { name: 'app', uid: 'app-uid', namespace: 'default', attempt: 0 }, logDirectory: join(work, 'logs') };
    const sid = await rt.runPodSandbox(sb);
    const cid = await rt.createContainer(sid, { metadata: { name: 'app', attempt: 0 }, image: { image: 'kts.local/app:v1' }, logPath: 'app.log' }, sb);
    await rt.startContainer(cid);
    let st = (await rt.containerStatus(cid)).status;
    for (let i = 0; i < 200 && st.state !== 'CONTAINER_EXITED'; i++) {
      await sleep(50);
      st = (await rt.containerStatus(cid)).status;
    }
    assert.equal(st.state, 'CONTAINER_EXITED');
    assert.equal(st.exitCode, 4);
    const { readFile } = await import('node:fs/promises');
    assert.match(await readFile(st.logPath, 'utf8'), /stdout F app in \/srv with test and x y$/m);
  } finally {
    await ctd.stop();
    await rm(work, { recursive: true, force: true });
  }
});
