import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderContainerdConfig } from './config.js';
import { cniConflist, containerdSocketPath, findRuntimeDeps, startContainerd, writeCniConfig } from './index.js';
import { realRuntimeSkipReason, startTestContainerd } from './testing.js';
import { BUSYBOX_IMAGE, PAUSE_IMAGE } from '../images/index.js';

test('writeCniConfig writes a bridge + host-local + portmap + loopback conflist', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kts-cni-'));
  try {
    const file = await writeCniConfig({ confDir: dir, bridgeName: 'kts-test', podCIDR: '10.244.3.0/24' });
    const conf = JSON.parse(await readFile(file, 'utf8')) as { name: string; plugins: Record<string, unknown>[] };
    assert.equal(conf.name, 'kts-test');
    assert.deepEqual(conf.plugins.map((p) => p.type), ['bridge', 'portmap', 'loopback']);
    const bridge = conf.plugins[0] as { bridge: string; isGateway: boolean; ipMasq: boolean; hairpinMode: boolean; ipam: { type: string; ranges: { subnet: string }[][]; routes: { dst: string }[] } };
    assert.equal(bridge.bridge, 'kts-test');
    assert.deepEqual([bridge.isGateway, bridge.ipMasq, bridge.hairpinMode], [true, true, true]);
    assert.equal(bridge.ipam.type, 'host-local');
    assert.equal(bridge.ipam.ranges[0][0].subnet, '10.244.3.0/24');
    assert.deepEqual(bridge.ipam.routes, [{ dst: '0.0.0.0/0' }]);
    assert.deepEqual(conf.plugins[1].capabilities, { portMappings: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.throws(() => cniConflist({ bridgeName: 'a-very-long-bridge-name', podCIDR: '10.0.0.0/24' }), /15 characters/);
  assert.throws(() => cniConflist({ bridgeName: 'b', podCIDR: 'nope' }), /CIDR/);
});

test('findRuntimeDeps reports what is missing with the apt-get line', () => {
  const r = findRuntimeDeps([
    { what: 'sh', paths: ['/bin/sh'], debianPackage: 'dash' },
    { what: 'x', paths: ['/nonexistent/x'], debianPackage: 'pkg-x' },
    { what: 'y', paths: ['/nonexistent/y'], debianPackage: 'pkg-x' },
    { what: 'z', paths: ['/nonexistent/z'], debianPackage: 'pkg-z' },
  ]);
  assert.deepEqual(r.missing.map((d) => d.what), ['x', 'y', 'z']);
  assert.equal(r.installCommand, 'apt-get install -y pkg-x pkg-z');
  assert.equal(findRuntimeDeps([{ what: 'sh', paths: ['/bin/sh'], debianPackage: 'dash' }]).installCommand, '');
});

test('containerd config: private dirs, CRI settings these machines need', () => {
  const c = renderContainerdConfig({
    root: '/d/root', state: '/d/state', socket: '/d/c.sock', sandboxImage: PAUSE_IMAGE, cniBinDir: '/usr/lib/cni', cniConfDir: '/d/net.d',
    streamAddress: '127.0.0.1', streamPort: 12345, snapshotter: 'overlayfs', runcRoot: '/d/state/runc', optDir: '/d/opt',
  });
  for (const line of ['version = 2', 'root = "/d/root"', 'address = "/d/c.sock"', 'restrict_oom_score_adj = true', `sandbox_image = "${PAUSE_IMAGE}"`,
    'bin_dir = "/usr/lib/cni"', 'conf_dir = "/d/net.d"', 'stream_server_port = "12345"', 'snapshotter = "overlayfs"'])
    assert.ok(c.includes(line), `missing ${line}`);
});

test('socket path stays short enough for a unix socket', () => {
  assert.equal(containerdSocketPath('/var/lib/kts'), '/var/lib/kts/containerd/containerd.sock');
  const long = containerdSocketPath('/' + 'x'.repeat(120));
  assert.match(long, /^\/run\/kts\/containerd-[0-9a-f]{12}\.sock$/);
});

test('containerd outlives kts: a running one is adopted, containers survive a containerd restart', async (t) => {
  const reason = realRuntimeSkipReason();
  if (reason) return t.skip(reason);
  const ctd = await startTestContainerd({});
  try {
    const rt = ctd.runtime;
    const sb = { metadata: { name: 'adopt', uid: 'adopt-uid', namespace: 'default', attempt: 0 }, hostname: 'adopt', logDirectory: join(ctd.dir, 'logs') };
    const sid = await rt.runPodSandbox(sb);
    const cid = await rt.createContainer(sid, { metadata: { name: 'c', attempt: 0 }, image: { image: BUSYBOX_IMAGE }, command: ['sleep', '3600'] }, sb);
    await rt.startContainer(cid);

    // kts restarts while containerd runs: the same containerd is adopted.
    const again = await startContainerd({ dataDir: ctd.dir, sandboxImage: PAUSE_IMAGE });
    assert.equal(again.adopted, true);
    assert.equal(again.pid, ctd.containerd.pid);
    assert.equal(again.streamAddress, ctd.containerd.streamAddress);

    // containerd itself stops (or dies): the container keeps running in its shim, and a new containerd finds it.
    await ctd.containerd.stop();
    const fresh = await startContainerd({ dataDir: ctd.dir, sandboxImage: PAUSE_IMAGE });
    assert.equal(fresh.adopted, false);
    assert.notEqual(fresh.pid, ctd.containerd.pid);
    const st = (await rt.containerStatus(cid)).status;
    assert.equal(st.state, 'CONTAINER_RUNNING');
    assert.equal((await rt.podSandboxStatus(sid)).status.state, 'SANDBOX_READY');
    const out = await rt.execSync(cid, ['hostname'], 10);
    assert.equal(out.stdout.toString().trim(), 'adopt');
  } finally {
    await ctd.stop();
  }
});
