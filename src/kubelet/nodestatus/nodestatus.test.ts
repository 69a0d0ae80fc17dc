import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../api/types.js';
import { FakeClock } from '../../machinery/clock/index.js';
import { startInProcessServer } from '../../machinery/client/testenv.js';
import { KUBE_GIT_VERSION } from '../../machinery/version.js';
import { FakeRuntime } from '../cri/fake.js';
import { formatBinary, machineInfo, memTotalBytes, prettyName, runNodeStatus, type Condition } from './index.js';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('machine facts', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-ns-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(memTotalBytes('MemTotal:       16375484 kB\nMemFree: 1 kB\n'), 16375484n * 1024n);
  assert.equal(prettyName('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(formatBinary(16375484n * 1024n), '16375484Ki');
  assert.equal(formatBinary(1n << 30n), '1Gi');
  assert.equal(formatBinary(93478772582n), '93478772582');
  const m = await machineInfo(dir);
  assert.equal(m.cpus, availableParallelism());
  assert.equal(m.memoryBytes, memTotalBytes(readFileSync('/proc/meminfo', 'utf8')));
  assert.ok(m.fsBytes > 0n);
  assert.equal(m.bootID, readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
  assert.match(m.systemUUID, /^[0-9a-f-]{36}$/);
});

test('runNodeStatus registers, reports readiness, pod CIDR, adopts an existing node', async (t) => {
  const srv = await startInProcessServer();
  t.after(() => srv.stop());
  const client = srv.client('kubelet');
  const dir = mkdtempSync(join(tmpdir(), 'kts-ns-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new FakeClock(Date.now());
  const rt = new FakeRuntime({ images: [{ name: 'busybox', size: 1000 }, { name: 'registry.k8s.io/pause:3.10', size: 500 }] });
  rt.setCondition('NetworkReady', false, 'NetworkPluginNotReady', 'Network plugin returns error: cni plugin not initialized');
  const nodes = client.resource('nodes');
  const cidrs: string[] = [];
  const ac = new AbortController();
  const opts = { client, nodeName: 'node-a', runtime: rt, nodeIP: '192.0.2.10', kubeletPort: 10250, dataDir: dir, clock, labels: { 'kts.io/role': 'worker' }, taints: [{ metadata: {}, key: 'k', value: 'v', effect: 'NoSchedule' }] };
  const run = runNodeStatus({ ...opts, signal: ac.signal, onPodCIDR: (c) => cidrs.push(c) });

  const node = await waitFor('node status', async () => {
    const n = await nodes.get('node-a');
    return (n.status as { conditions?: unknown[] } | undefined)?.conditions ? n : undefined;
  });
  const labels = node.metadata.labels!;
  assert.equal(labels['kubernetes.io/hostname'], 'node-a');
  assert.equal(labels['kubernetes.io/os'], 'linux');
  assert.equal(labels['kubernetes.io/arch'], process.arch === 'x64' ? 'amd64' : process.arch);
  assert.equal(labels['beta.kubernetes.io/os'], 'linux');
  assert.equal(labels['kts.io/role'], 'worker');
  assert.deepEqual((node.spec as { taints: unknown[] }).taints, [{ key: 'k', value: 'v', effect: 'NoSchedule' }]);
  const st = node.status as Record<string, any>;
  assert.equal(st.capacity.cpu, String(availableParallelism()));
  assert.equal(st.capacity.pods, '110');
  assert.match(st.capacity.memory, /^\d+Ki$/);
  assert.equal(BigInt(st.capacity.memory.slice(0, -2)) - BigInt(st.allocatable.memory.slice(0, -2)), 100n * 1024n);
  assert.ok(st.capacity['ephemeral-storage']);
  assert.equal(st.capacity['hugepages-2Mi'], '0');
  assert.deepEqual(st.addresses, [{ type: 'InternalIP', address: '192.0.2.10' }, { type: 'Hostname', address: 'node-a' }]);
  assert.deepEqual(st.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  assert.equal(st.nodeInfo.kubeletVersion, KUBE_GIT_VERSION);
  assert.equal(st.nodeInfo.operatingSystem, 'linux');
  const v = await rt.version();
  assert.equal(st.nodeInfo.containerRuntimeVersion, `${v.runtimeName}://${v.runtimeVersion}`);
  assert.equal(st.images.length, 2);
  assert.equal(st.images[0].sizeBytes, 1000);
  assert.ok(st.images[0].names.includes('docker.io/library/busybox:latest'));
  const ready = (st.conditions as Condition[]).find((c) => c.type === 'Ready')!;
  assert.equal(ready.status, 'False');
  assert.equal(ready.reason, 'KubeletNotReady');
  assert.equal(ready.message, 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized');
  const mem = (st.conditions as Condition[]).find((c) => c.type === 'MemoryPressure')!;
  assert.equal(mem.reason, 'KubeletHasSufficientMemory');

  // node-ipam assigns a pod CIDR; the network becomes ready.
  await nodes.patch('node-a', { spec: { podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'] } });
  await clock.advance(1000);
  await waitFor('onPodCIDR', async () => cidrs.length > 0);
  assert.deepEqual(cidrs, ['10.244.3.0/24']);
  rt.setCondition('NetworkReady', true);
  const readyNode = await waitFor('Ready=True', async () => {
    await clock.advance(1000);
    const n = await nodes.get('node-a');
    const r = ((n.status as { conditions: Condition[] }).conditions).find((c) => c.type === 'Ready')!;
    return r.status === 'True' ? r : undefined;
  });
  assert.equal(readyNode.reason, 'KubeletReady');
  assert.equal(readyNode.message, 'kubelet is posting ready status');

  // Unchanged status is not posted again within the report frequency …
  const rv = (await nodes.get('node-a')).metadata.resourceVersion;
  for (let i = 0; i < 6; i++) await clock.advance(10_000);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await nodes.get('node-a')).metadata.resourceVersion, rv);
  // … but at least every 5 minutes.
  for (let i = 0; i < 30; i++) await clock.advance(10_000);
  await waitFor('periodic report', async () => (await nodes.get('node-a')).metadata.resourceVersion !== rv);

  const events = await waitFor('events', async () => {
    const l = await client.resource('events', 'default').list();
    const reasons = l.items.filter((e) => (e.involvedObject as { kind: string; name: string }).name === 'node-a').map((e) => e.reason as string);
    return ['Starting', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeNotReady', 'NodeReady'].every((r) => reasons.includes(r)) ? l.items : undefined;
  });
  const readyEvent = events.find((e) => e.reason === 'NodeReady')!;
  assert.equal(readyEvent.message, 'Node node-a status is now: NodeReady');
  assert.deepEqual((readyEvent.involvedObject as Record<string, string>).kind, 'Node');
  ac.abort();
  await run;

  // A restarted kubelet adopts the node: a removed default label comes back, other labels stay.
  const cur = await nodes.get('node-a');
  const uid = cur.metadata.uid;
  const transition = ((cur.status as { conditions: Condition[] }).conditions).find((c) => c.type === 'Ready')!.lastTransitionTime;
  await nodes.patch('node-a', { metadata: { labels: { 'kubernetes.io/os': null, custom: 'x' } } });
  const ac2 = new AbortController();
  const cidrs2: string[] = [];
  const run2 = runNodeStatus({ ...opts, signal: ac2.signal, onPodCIDR: (c) => cidrs2.push(c) });
  const adopted: KubeObject = await waitFor('adoption', async () => {
    const n = await nodes.get('node-a');
    return n.metadata.labels?.['kubernetes.io/os'] === 'linux' && cidrs2.length ? n : undefined;
  });
  assert.equal(adopted.metadata.uid, uid);
  assert.equal(adopted.metadata.labels?.custom, 'x');
  assert.deepEqual(cidrs2, ['10.244.3.0/24']);
  await clock.advance(1000);
  const after = await nodes.get('node-a');
  assert.equal(((after.status as { conditions: Condition[] }).conditions).find((c) => c.type === 'Ready')!.lastTransitionTime, transition);
  ac2.abort();
  await run2;
});
