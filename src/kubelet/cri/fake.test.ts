import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeRuntime, normalizeImageName } from './fake.js';
import { isRuntimeNotFound, type PodSandboxConfig, type ContainerConfig } from './types.js';

const sb: PodSandboxConfig = {
  metadata: { name: 'p', namespace: 'default', uid: 'u1', attempt: 0 },
  labels: { 'io.kubernetes.pod.uid': 'u1' },
  logDirectory: '/tmp/none',
};
const cc = (name: string, attempt = 0): ContainerConfig => ({
  metadata: { name, attempt },
  image: { image: 'busybox' },
  labels: { 'io.kubernetes.container.name': name },
  logPath: `${name}/${attempt}.log`,
});

test('normalizeImageName', () => {
  assert.equal(normalizeImageName('busybox'), 'docker.io/library/busybox:latest');
  assert.equal(normalizeImageName('foo/bar:1'), 'docker.io/foo/bar:1');
  assert.equal(normalizeImageName('registry.k8s.io/pause:3.10'), 'registry.k8s.io/pause:3.10');
  assert.equal(normalizeImageName('localhost:5000/x'), 'localhost:5000/x:latest');
});

test('sandbox and container lifecycle', async () => {
  const rt = new FakeRuntime({ images: ['busybox'] });
  const sid = await rt.runPodSandbox(sb);
  const st = await rt.podSandboxStatus(sid);
  assert.equal(st.status.state, 'SANDBOX_READY');
  assert.match(st.status.network?.ip ?? '', /^10\.88\.0\.\d+$/);
  await assert.rejects(rt.runPodSandbox(sb), /reserve/);

  const cid = await rt.createContainer(sid, cc('c'), sb);
  await assert.rejects(rt.createContainer(sid, cc('c'), sb), /reserve/);
  assert.equal((await rt.containerStatus(cid)).status.state, 'CONTAINER_CREATED');
  assert.equal((await rt.containerStatus(cid)).status.logPath, '/tmp/none/c/0.log');
  await rt.startContainer(cid);
  const s1 = (await rt.containerStatus(cid)).status;
  assert.equal(s1.state, 'CONTAINER_RUNNING');
  assert.ok(s1.startedAt > 0);
  assert.equal(s1.image.image, 'docker.io/library/busybox:latest');

  rt.exitContainer(cid, 137, 'OOMKilled');
  const s2 = (await rt.containerStatus(cid)).status;
  assert.deepEqual([s2.state, s2.exitCode, s2.reason], ['CONTAINER_EXITED', 137, 'OOMKilled']);

  const cid2 = await rt.createContainer(sid, cc('c', 1), sb);
  await rt.startContainer(cid2);
  await rt.stopContainer(cid2, 0);
  assert.equal((await rt.containerStatus(cid2)).status.exitCode, 137);

  assert.equal((await rt.listContainers({ labelSelector: { 'io.kubernetes.container.name': 'c' } })).length, 2);
  assert.equal((await rt.listContainers({ state: { state: 'CONTAINER_RUNNING' } })).length, 0);
  assert.equal((await rt.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': 'u1' } })).length, 1);
  assert.equal((await rt.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': 'u2' } })).length, 0);

  await assert.rejects(rt.removePodSandbox(sid), /not fully stopped/);
  await rt.stopPodSandbox(sid);
  await rt.removePodSandbox(sid);
  await rt.removePodSandbox(sid); // idempotent
  assert.equal((await rt.listContainers()).length, 0);
  await assert.rejects(rt.containerStatus(cid), (e) => isRuntimeNotFound(e));
  await assert.rejects(rt.stopPodSandbox(sid), (e) => isRuntimeNotFound(e));
  // name released after removal
  await rt.runPodSandbox(sb);
});

test('remove running container force-stops it; stop with grace uses termExitCode', async () => {
  const rt = new FakeRuntime({ images: ['busybox'], termExitCode: 143 });
  const sid = await rt.runPodSandbox(sb);
  const a = await rt.createContainer(sid, cc('a'), sb);
  await rt.startContainer(a);
  await rt.stopContainer(a, 30);
  assert.equal((await rt.containerStatus(a)).status.exitCode, 143);
  assert.equal((await rt.containerStatus(a)).status.reason, 'Error');
  const b = await rt.createContainer(sid, cc('b'), sb);
  await rt.startContainer(b);
  await rt.removeContainer(b);
  await rt.removeContainer(b);
  assert.equal((await rt.listContainers()).length, 1);
});

test('images: missing image, pull failure, registry pull, behavior, exec hook, injected errors', async () => {
  const rt = new FakeRuntime({
    images: ['busybox'],
    registryImages: ['nginx:1.25'],
    containerBehavior: (c) => (c.metadata.name === 'init' ? { exitCode: 0, afterMs: 5 } : undefined),
    execSyncHandler: (_id, cmd) => ({ stdout: Buffer.from(cmd.join(' ')), stderr: Buffer.alloc(0), exitCode: 3 }),
  });
  assert.equal(await rt.imageStatus({ image: 'nginx:1.25' }), undefined);
  await assert.rejects(rt.pullImage({ image: 'ghost' }), /failed to pull and unpack image "docker.io\/library\/ghost:latest"/);
  const ref = await rt.pullImage({ image: 'nginx:1.25' });
  assert.equal((await rt.imageStatus({ image: 'docker.io/library/nginx:1.25' }))?.id, ref);
  assert.equal((await rt.imageStatus({ image: ref }))?.id, ref);

  const sid = await rt.runPodSandbox(sb);
  await assert.rejects(rt.createContainer(sid, { ...cc('x'), image: { image: 'ghost' } }, sb), (e) => isRuntimeNotFound(e));
  const i = await rt.createContainer(sid, cc('init'), sb);
  await rt.startContainer(i);
  await assert.rejects(rt.startContainer(i), /CONTAINER_RUNNING/);
  await new Promise((r) => setTimeout(r, 20));
  const st = (await rt.containerStatus(i)).status;
  assert.deepEqual([st.state, st.exitCode, st.reason], ['CONTAINER_EXITED', 0, 'Completed']);

  const m = await rt.createContainer(sid, cc('main'), sb);
  await rt.startContainer(m);
  const r = await rt.execSync(m, ['echo', 'hi'], 1);
  assert.equal(r.stdout.toString(), 'echo hi');
  assert.equal(r.exitCode, 3);
  await assert.rejects(rt.execSync(i, ['x'], 1), /CONTAINER_EXITED/);
  await assert.rejects(rt.exec({ containerId: m, cmd: ['sh'], tty: false, stdin: false, stdout: true, stderr: false }), /streaming/);

  rt.injectError('startContainer', new Error('boom'));
  const n = await rt.createContainer(sid, cc('n'), sb);
  await assert.rejects(rt.startContainer(n), /boom/);
  assert.ok(rt.calls.some((c) => c.method === 'pullImage'));
});

test('host network sandbox has no IP; state survives close', async () => {
  const rt = new FakeRuntime();
  const id = await rt.runPodSandbox({ ...sb, linux: { securityContext: { namespaceOptions: { network: 'NODE', pid: 'POD', ipc: 'POD' } } } });
  assert.equal((await rt.podSandboxStatus(id)).status.network?.ip, '');
  rt.close();
  assert.equal((await rt.listPodSandbox()).length, 1);
});
