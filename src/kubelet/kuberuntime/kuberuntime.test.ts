import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../machinery/clock/index.js';
import type { KubeObject } from '../../api/types.js';
import { Backoff } from './backoff.js';
import { makeContainerConfig } from './container.js';
import { parseResolvConf } from './dns.js';
import { pullPolicyOf, validImageName } from './images.js';
import { hashContainer } from './labels.js';
import { linuxResources, podQOSClass } from './resources.js';
import { makeSandboxConfig } from './sandbox.js';

const pod = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'p', namespace: 'ns1', uid: 'u1', labels: { app: 'x' } }, spec });

test('sandbox config: DNS by policy, host ports, host network, labels', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kts-kr-'));
  try {
    const rc = join(dir, 'resolv.conf');
    await writeFile(rc, 'nameserver 1.1.1.1\nsearch corp.example\noptions timeout:2\n');
    const p = pod({ containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 80, hostPort: 8080 }] }] });
    const cluster = await makeSandboxConfig(p, { podLogsDir: '/logs', attempt: 2, clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: rc });
    assert.deepEqual(cluster.metadata, { name: 'p', namespace: 'ns1', uid: 'u1', attempt: 2 });
    assert.equal(cluster.logDirectory, '/logs/ns1_p_u1');
    assert.deepEqual(cluster.dnsConfig, { servers: ['10.96.0.10'], searches: ['ns1.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'], options: ['ndots:5'] });
    assert.deepEqual(cluster.portMappings, [{ protocol: 'TCP', containerPort: 80, hostPort: 8080, hostIp: '' }]);
    assert.equal(cluster.labels!['io.kubernetes.pod.uid'], 'u1');
    assert.equal(cluster.labels!.app, 'x');
    assert.equal(cluster.hostname, 'p');
    const noDNS = await makeSandboxConfig(p, { podLogsDir: '/logs', attempt: 0, resolvConf: rc });
    assert.deepEqual(noDNS.dnsConfig, { servers: ['1.1.1.1'], searches: ['corp.example'], options: ['timeout:2'] });
    const hn = await makeSandboxConfig(pod({ hostNetwork: true, containers: [] }), { podLogsDir: '/l', attempt: 0, clusterDNS: ['10.96.0.10'], resolvConf: rc });
    assert.equal(hn.linux?.securityContext?.namespaceOptions?.network, 'NODE');
    assert.equal(hn.hostname, undefined);
    assert.deepEqual(hn.dnsConfig?.servers, ['1.1.1.1']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.deepEqual(parseResolvConf('# c\ndomain a.b\nnameserver 9.9.9.9\n'), { servers: ['9.9.9.9'], searches: ['a.b'], options: [] });
});

test('resources, QoS and container config', () => {
  const g = { name: 'c', image: 'busybox', resources: { limits: { cpu: '500m', memory: '128Mi' } } };
  const gp = pod({ containers: [g] });
  assert.equal(podQOSClass(gp), 'Guaranteed');
  assert.deepEqual(linuxResources(gp, g, 1 << 30), { cpuShares: 512, oomScoreAdj: -997, cpuPeriod: 100000, cpuQuota: 50000, memoryLimitInBytes: 134217728 });
  const b = { name: 'c', image: 'busybox', resources: { requests: { cpu: '100m', memory: '256Mi' } } };
  const bp = pod({ containers: [b] });
  assert.equal(podQOSClass(bp), 'Burstable');
  assert.equal(linuxResources(bp, b, 1 << 30).oomScoreAdj, 750);
  assert.equal(linuxResources(bp, b, 1 << 30).cpuShares, 102);
  assert.equal(podQOSClass(pod({ containers: [{ name: 'c' }] })), 'BestEffort');

  const c = { name: 'web', image: 'busybox', command: ['echo', '$(GREETING)'], args: ['$$(X)'], securityContext: { runAsUser: 1000, capabilities: { add: ['NET_ADMIN'] } } };
  const cfg = makeContainerConfig({ pod: pod({ containers: [c] }), container: c, kind: 'regular', restartCount: 3, imageRef: 'sha256:abc', envs: [{ key: 'GREETING', value: 'hi' }], mounts: [] });
  assert.deepEqual(cfg.command, ['echo', 'hi']);
  assert.deepEqual(cfg.args, ['$(X)']);
  assert.equal(cfg.logPath, 'web/3.log');
  assert.deepEqual(cfg.metadata, { name: 'web', attempt: 3 });
  assert.equal(cfg.annotations!['io.kubernetes.container.restartCount'], '3');
  assert.equal(cfg.annotations!['io.kubernetes.container.hash'], hashContainer(c));
  assert.equal(cfg.linux?.securityContext?.runAsUser?.value, 1000);
  assert.deepEqual(cfg.linux?.securityContext?.capabilities?.addCapabilities, ['NET_ADMIN']);
  assert.notEqual(hashContainer(c), hashContainer({ ...c, image: 'busybox:2' }));
});

test('image pull policy defaults and names', () => {
  assert.equal(pullPolicyOf({ name: 'c', image: 'busybox' }), 'Always');
  assert.equal(pullPolicyOf({ name: 'c', image: 'busybox:latest' }), 'Always');
  assert.equal(pullPolicyOf({ name: 'c', image: 'busybox:1.36' }), 'IfNotPresent');
  assert.equal(pullPolicyOf({ name: 'c', image: 'localhost:5000/x' }), 'Always');
  assert.equal(pullPolicyOf({ name: 'c', image: 'busybox:1', imagePullPolicy: 'Never' }), 'Never');
  assert.ok(validImageName('registry.k8s.io/pause:3.10'));
  assert.ok(!validImageName('Bad Name'));
});

test('back-off: first restart free, then doubling to the cap, reset after twice the cap', () => {
  const clock = new FakeClock();
  const b = new Backoff(10_000, 40_000, clock);
  const t0 = clock.now();
  assert.equal(b.isInBackOffSince('k', t0), false);
  b.next('k');
  assert.equal(b.isInBackOffSince('k', t0), true);
  clock.setTime(t0 + 10_001);
  assert.equal(b.isInBackOffSince('k', t0), false);
  b.next('k');
  assert.equal(b.get('k'), 20_000);
  b.next('k');
  b.next('k');
  assert.equal(b.get('k'), 40_000);
  clock.setTime(clock.now() + 80_001);
  b.next('k');
  assert.equal(b.get('k'), 10_000);
});
