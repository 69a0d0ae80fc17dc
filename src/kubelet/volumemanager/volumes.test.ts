import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../api/types.js';
import { APIServer } from '../../apiserver/server.js';
import { bootstrapCluster } from '../../apiserver/bootstrap.js';
import { Client, InProcessTransport } from '../../machinery/client/index.js';
import { MemoryStorage } from '../../machinery/storage/memory/memory.js';
import { writeAtomic } from './atomicwriter.js';
import { checkHostPath } from './hostpath.js';
import { isMountPoint } from './mounter.js';
import { makeMounts, VolumeError, VolumeManager } from './index.js';

function tmp(t: { after(fn: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'kts-vol-'));
  t.after(() => {
    // Even when a test failed half-way: no tmpfs may stay mounted below the temp dir.
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((m) => m.startsWith(d + '/'));
    for (const m of mounts.sort((a, b) => b.length - a.length)) execFileSync('umount', [m]);
    rmSync(d, { recursive: true, force: true });
  });
  return d;
}

/** An in-process API server that can issue service account tokens. */
async function apiWithTokens(t: { after(fn: () => Promise<void>): void }): Promise<Client> {
  const storage = new MemoryStorage();
  const kp = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const api = new APIServer({ storage, tls: { cert: '', key: '', ca: '' }, port: 6443, log: () => {}, serviceAccountKeys: { privateKey: kp.privateKey, publicKey: kp.publicKey } });
  await api.ready();
  await bootstrapCluster({ storeFor: (g, p) => api.storeFor(g, p), serviceIP: '10.96.0.1', advertiseAddress: '127.0.0.1', port: 6443 });
  const transport = new InProcessTransport({ user: { username: 'system:admin', groups: ['system:masters'] }, handler: (req, res) => api.handle(req, res) });
  t.after(async () => {
    await transport.close();
    await api.close();
    await storage.close();
  });
  return new Client({ transport, component: 'kubelet-test' });
}

test('atomic writer: layout, updates, no-op when unchanged', async (t) => {
  const dir = join(tmp(t), 'vol');
  const p1 = new Map([
    ['a', { data: Buffer.from('1'), mode: 0o644 }],
    ['sub/b', { data: Buffer.from('2'), mode: 0o400 }],
  ]);
  assert.equal(await writeAtomic(dir, p1), true);
  const data = readlinkSync(join(dir, '..data'));
  assert.match(data, /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+$/);
  assert.equal(readlinkSync(join(dir, 'a')), '..data/a');
  assert.equal(readlinkSync(join(dir, 'sub')), '..data/sub');
  assert.equal(readFileSync(join(dir, 'sub/b'), 'utf8'), '2');
  assert.equal(statSync(join(dir, 'sub/b')).mode & 0o777, 0o400);
  assert.equal(await writeAtomic(dir, p1), false);
  const p2 = new Map([['c', { data: Buffer.from('3'), mode: 0o644 }], ['a', { data: Buffer.from('1b'), mode: 0o644 }]]);
  assert.equal(await writeAtomic(dir, p2), true);
  assert.notEqual(readlinkSync(join(dir, '..data')), data);
  assert.equal(existsSync(join(dir, data)), false, 'old timestamped dir removed');
  assert.equal(existsSync(join(dir, 'sub')), false, 'stale link removed');
  assert.equal(readFileSync(join(dir, 'a'), 'utf8'), '1b');
  assert.deepEqual(readdirSync(dir).filter((n) => !n.startsWith('..')).sort(), ['a', 'c']);
  await assert.rejects(writeAtomic(dir, new Map([['../x', { data: Buffer.from(''), mode: 0o644 }]])), /must not contain '\.\.'/);
});

test('hostPath type checks', async (t) => {
  const d = tmp(t);
  writeFileSync(join(d, 'f'), 'x');
  await checkHostPath(join(d, 'new/dir'), 'DirectoryOrCreate');
  assert.ok(statSync(join(d, 'new/dir')).isDirectory());
  await checkHostPath(join(d, 'newfile'), 'FileOrCreate');
  assert.ok(statSync(join(d, 'newfile')).isFile());
  await checkHostPath(join(d, 'f'), 'File');
  await checkHostPath(join(d, 'missing'), undefined);
  await assert.rejects(checkHostPath(join(d, 'f'), 'Directory'), { message: `hostPath type check failed: ${join(d, 'f')} is not a directory` });
  await assert.rejects(checkHostPath(join(d, 'missing'), 'File'), { message: `hostPath type check failed: ${join(d, 'missing')} is not a file` });
  await assert.rejects(checkHostPath(d, 'Socket'), { message: `hostPath type check failed: ${d} is not a socket file` });
  await assert.rejects(checkHostPath('/dev/null', 'BlockDevice'), /is not a block device/);
  await checkHostPath('/dev/null', 'CharDevice');
});

test('VolumeManager sets up and tears down every kind of volume', async (t) => {
  const client = await apiWithTokens(t);
  const root = join(tmp(t), 'pods');
  const hostDir = tmp(t);
  await client.resource('namespaces').create({ metadata: { name: 'ns1' } });
  await client.resource('serviceaccounts', 'ns1').create({ metadata: { name: 'default' } });
  await client.resource('configmaps', 'ns1').create({ metadata: { name: 'cfg' }, data: { 'app.conf': 'x=1', other: 'o' } });
  await client.resource('configmaps', 'ns1').create({ metadata: { name: 'kube-root-ca.crt' }, data: { 'ca.crt': 'CA PEM' } });
  await client.resource('secrets', 'ns1').create({ metadata: { name: 'sec' }, data: { password: Buffer.from('hunter2').toString('base64') } });
  await client.resource('persistentvolumes').create({ metadata: { name: 'pv1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: hostDir } } });
  await client.resource('persistentvolumeclaims', 'ns1').create({ metadata: { name: 'claim' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'pv1' } });
  const pvc = await client.resource('persistentvolumeclaims', 'ns1').get('claim');
  await client.resource('persistentvolumeclaims', 'ns1').updateStatus({ ...pvc, status: { phase: 'Bound' } });
  await client.resource('persistentvolumeclaims', 'ns1').create({ metadata: { name: 'pending' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });

  const pod = await client.resource('pods', 'ns1').create({
    metadata: { name: 'p', labels: { app: 'web', tier: 'fe' } },
    spec: {
      containers: [{ name: 'c', image: 'busybox', resources: { limits: { memory: '128Mi' } } }],
      volumes: [
        { name: 'scratch', emptyDir: {} },
        { name: 'host', hostPath: { path: join(hostDir, 'made'), type: 'DirectoryOrCreate' } },
        { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o600 }] } },
        { name: 'opt', configMap: { name: 'absent', optional: true } },
        { name: 'sec', secret: { secretName: 'sec', defaultMode: 0o400 } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' } }] } },
        {
          name: 'kube-api-access-abcde',
          projected: {
            defaultMode: 0o644,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
        { name: 'data', persistentVolumeClaim: { claimName: 'claim', readOnly: true } },
      ],
    },
  });
  const logs: string[] = [];
  const vm = new VolumeManager({ client, rootDir: root, nodeName: 'n1', log: (m) => logs.push(m) });
  const uid = pod.metadata.uid!;
  const vols = await vm.setUpPod(pod);
  const base = join(root, uid, 'volumes');
  assert.deepEqual(vols.get('scratch'), { hostPath: join(base, 'kubernetes.io~empty-dir/scratch'), readOnly: false });
  assert.equal(statSync(vols.get('scratch')!.hostPath).mode & 0o777, 0o777);
  assert.ok(statSync(join(hostDir, 'made')).isDirectory());
  assert.equal(vols.get('host')!.hostPath, join(hostDir, 'made'));
  const cfg = vols.get('cfg')!;
  assert.equal(cfg.hostPath, join(base, 'kubernetes.io~configmap/cfg'));
  assert.equal(cfg.readOnly, true);
  assert.equal(readFileSync(join(cfg.hostPath, 'conf/app.conf'), 'utf8'), 'x=1');
  assert.equal(statSync(join(cfg.hostPath, 'conf/app.conf')).mode & 0o777, 0o600);
  assert.equal(existsSync(join(cfg.hostPath, 'other')), false);
  assert.deepEqual(readdirSync(vols.get('opt')!.hostPath).filter((n) => !n.startsWith('..')), []);
  const sec = vols.get('sec')!.hostPath;
  assert.equal(sec, join(base, 'kubernetes.io~secret/sec'));
  assert.equal(readFileSync(join(sec, 'password'), 'utf8'), 'hunter2');
  assert.equal(statSync(join(sec, 'password')).mode & 0o777, 0o400);
  assert.equal(await isMountPoint(sec), true, 'secret volumes are on tmpfs');
  const info = vols.get('info')!.hostPath;
  assert.equal(info, join(base, 'kubernetes.io~downward-api/info'));
  assert.equal(readFileSync(join(info, 'labels'), 'utf8'), 'app="web"\ntier="fe"');
  assert.equal(readFileSync(join(info, 'name'), 'utf8'), 'p');
  assert.equal(readFileSync(join(info, 'mem'), 'utf8'), '128');
  const api = vols.get('kube-api-access-abcde')!.hostPath;
  assert.equal(api, join(base, 'kubernetes.io~projected/kube-api-access-abcde'));
  const token = readFileSync(join(api, 'token'), 'utf8');
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; 'kubernetes.io'?: { pod?: { name: string; uid: string } } };
  assert.equal(claims.sub, 'system:serviceaccount:ns1:default');
  assert.equal(claims['kubernetes.io']?.pod?.uid, uid);
  assert.equal(readFileSync(join(api, 'ca.crt'), 'utf8'), 'CA PEM');
  assert.equal(readFileSync(join(api, 'namespace'), 'utf8'), 'ns1');
  assert.deepEqual(vols.get('data'), { hostPath: hostDir, readOnly: true });

  // Idempotent, and a second call refreshes contents.
  const before = readlinkSync(join(cfg.hostPath, '..data'));
  await vm.setUpPod(pod);
  assert.equal(readlinkSync(join(cfg.hostPath, '..data')), before, 'unchanged payload is not rewritten');
  assert.equal(readFileSync(join(api, 'token'), 'utf8'), token, 'token cached');
  const cm = await client.resource('configmaps', 'ns1').get('cfg');
  await client.resource('configmaps', 'ns1').update({ ...cm, data: { 'app.conf': 'x=2' } });
  await vm.setUpPod(pod);
  assert.equal(readFileSync(join(cfg.hostPath, 'conf/app.conf'), 'utf8'), 'x=2');

  // makeMounts: subPath, readOnly, /etc/hosts, termination log.
  const podDir = vm.podDir(uid);
  const container = { name: 'c', volumeMounts: [{ name: 'scratch', mountPath: '/scratch', subPath: 'a/b' }, { name: 'cfg', mountPath: '/etc/app' }, { name: 'host', mountPath: '/host', readOnly: true, mountPropagation: 'HostToContainer' }] } as unknown as KubeObject;
  const withAliases = { ...pod, spec: { ...(pod.spec as object), hostname: 'web-0', subdomain: 'web', hostAliases: [{ ip: '1.2.3.4', hostnames: ['foo', 'bar'] }] } };
  const mounts = await makeMounts(withAliases, container, vols, podDir, { podIPs: ['10.1.0.9'] });
  assert.deepEqual(mounts[0], { containerPath: '/scratch', hostPath: join(vols.get('scratch')!.hostPath, 'a/b'), readonly: false });
  assert.ok(statSync(mounts[0]!.hostPath).isDirectory(), 'subPath created');
  assert.deepEqual(mounts[1], { containerPath: '/etc/app', hostPath: cfg.hostPath, readonly: true });
  assert.deepEqual(mounts[2], { containerPath: '/host', hostPath: join(hostDir, 'made'), readonly: true, propagation: 'PROPAGATION_HOST_TO_CONTAINER' });
  assert.equal(mounts[3]!.containerPath, '/etc/hosts');
  assert.equal(
    readFileSync(mounts[3]!.hostPath, 'utf8'),
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.1.0.9\tweb-0.web.ns1.svc.cluster.local\tweb-0\n\n# Entries added by HostAliases.\n1.2.3.4\tfoo\tbar\n',
  );
  assert.equal(mounts[4]!.containerPath, '/dev/termination-log');
  assert.ok(mounts[4]!.hostPath.startsWith(join(podDir, 'containers', 'c') + '/'));
  assert.equal(statSync(mounts[4]!.hostPath).mode & 0o777, 0o666);
  await assert.rejects(makeMounts(pod, { name: 'c', volumeMounts: [{ name: 'nope', mountPath: '/x' }] } as unknown as KubeObject, vols, podDir), { message: 'cannot find volume "nope" to mount into container "c"' });
  await assert.rejects(makeMounts(pod, { name: 'c', volumeMounts: [{ name: 'scratch', mountPath: '/x', subPath: '../../etc' }] } as unknown as KubeObject, vols, podDir), /must not contain '\.\.'/);

  await vm.tearDownPod(uid);
  assert.equal(existsSync(join(root, uid)), false);
  assert.equal(await isMountPoint(sec), false, 'tmpfs unmounted');
  assert.ok(existsSync(hostDir), 'hostPath left alone');

  // Errors, as FailedMount shows them.
  const errPod = (volumes: unknown[]) => ({ ...pod, metadata: { ...pod.metadata, uid: 'err-pod' }, spec: { ...(pod.spec as object), volumes } });
  t.after(() => vm.tearDownPod('err-pod'));
  await assert.rejects(vm.setUpPod(errPod([{ name: 'v', configMap: { name: 'missing' } }])), (e: Error) => e instanceof VolumeError && e.message === 'MountVolume.SetUp failed for volume "v" : configmap "missing" not found');
  await assert.rejects(vm.setUpPod(errPod([{ name: 'v', secret: { secretName: 'missing' } }])), { message: 'MountVolume.SetUp failed for volume "v" : secret "missing" not found' });
  await assert.rejects(vm.setUpPod(errPod([{ name: 'v', configMap: { name: 'cfg', items: [{ key: 'nokey', path: 'x' }] } }])), { message: 'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: nokey' });
  await assert.rejects(vm.setUpPod(errPod([{ name: 'v', persistentVolumeClaim: { claimName: 'gone' } }])), { message: 'MountVolume.SetUp failed for volume "v" : persistentvolumeclaim "gone" not found' });
  await assert.rejects(vm.setUpPod(errPod([{ name: 'v', persistentVolumeClaim: { claimName: 'pending' } }])), /PVC ns1\/pending has non-bound phase \("Pending"\)/);
  await assert.rejects(vm.setUpPod(errPod([{ name: 'v', hostPath: { path: join(hostDir, 'nope'), type: 'Directory' } }])), { message: `MountVolume.SetUp failed for volume "v" : hostPath type check failed: ${join(hostDir, 'nope')} is not a directory` });
  await assert.rejects(vm.setUpPod(errPod([{ name: 'v', nfs: { server: 'x', path: '/' } }])), /volume type nfs is not supported/);
});

test('emptyDir medium Memory is a real tmpfs with sizeLimit, unmounted on teardown', async (t) => {
  const root = join(tmp(t), 'pods');
  const vm = new VolumeManager({ client: new Client({ transport: { request: () => Promise.reject(new Error('no api')), close: () => Promise.resolve() } as never }), rootDir: root, nodeName: 'n1' });
  t.after(() => vm.tearDownPod('mem-pod').catch(() => {}));
  const pod: KubeObject = { metadata: { name: 'm', namespace: 'default', uid: 'mem-pod' }, spec: { volumes: [{ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } }] } };
  const vols = await vm.setUpPod(pod);
  const dir = vols.get('cache')!.hostPath;
  assert.equal(await isMountPoint(dir), true);
  const line = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((l) => l.split(' ')[4] === dir)!;
  assert.match(line, / - tmpfs tmpfs .*size=8192k/);
  await vm.setUpPod(pod); // idempotent: no second mount
  assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.split(' ')[4] === dir).length, 1);
  writeFileSync(join(dir, 'f'), 'x');
  mkdirSync(join(dir, 'sub'));
  await vm.tearDownPod('mem-pod');
  assert.equal(await isMountPoint(dir), false);
  assert.equal(existsSync(join(root, 'mem-pod')), false);
  assert.equal(lstatSync(root).isDirectory(), true);
});
