import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../machinery/client/testenv.js';
import { nodeIpamController } from '../controllers/nodeipam/index.js';
import { nodeLifecycleController, taintEvictionController } from '../controllers/nodelifecycle/index.js';
import { eventually, runControllers, type RunningController } from '../machinery/controller/testing.js';
import { runSimNodes, type SimNodes } from './index.js';
import { parseAddress, parseRange } from './ip.js';

type Obj = Record<string, unknown>;
const status = (o: KubeObject | undefined) => (o?.status ?? {}) as Obj & { phase?: string; conditions?: Array<{ type: string; status: string; reason?: string }> };
const cond = (o: KubeObject | undefined, type: string) => status(o).conditions?.find((c) => c.type === type);

function inCIDR(ip: string, cidr: string): boolean {
  const r = parseRange(cidr)!;
  const a = parseAddress(ip)!;
  return a.v >= r.base && a.v < r.base + r.size;
}

describe('simulated nodes against the apiserver', () => {
  let s: InProcessServer;
  let client: Client;
  let controllers: RunningController;
  let sim: SimNodes;
  const ac = new AbortController();

  before(async () => {
    s = await startInProcessServer();
    client = s.client('sim');
    controllers = runControllers(s.client('kube-controller-manager'), [nodeIpamController, nodeLifecycleController, taintEvictionController], {
      options: { 'node-monitor-period': '200ms', 'node-monitor-grace-period': '2s', 'node-startup-grace-period': '5s' },
    });
    sim = runSimNodes({ client, count: 3, signal: ac.signal, leaseIntervalMs: 500, statusIntervalMs: 2000, exitAfterMs: 300 });
    await sim.ready;
  });
  after(async () => {
    ac.abort();
    await sim?.done;
    await controllers?.stop();
    await s?.stop();
  });

  it('registers Ready nodes with capacity, nodeInfo and a renewed Lease', async () => {
    const node = await client.resource('nodes').get('sim-0');
    assert.equal(cond(node, 'Ready')?.status, 'True');
    assert.equal(cond(node, 'MemoryPressure')?.status, 'False');
    const st = status(node) as { capacity: Obj; nodeInfo: Obj; addresses: Array<{ type: string; address: string }> };
    assert.deepEqual({ cpu: st.capacity.cpu, memory: st.capacity.memory, pods: st.capacity.pods }, { cpu: '32', memory: '256Gi', pods: '110' });
    assert.equal(st.nodeInfo.kubeletVersion, 'v1.32.0-kts');
    assert.equal(st.nodeInfo.containerRuntimeVersion, 'sim://1.0');
    assert.equal(st.addresses.find((a) => a.type === 'InternalIP')?.address, '198.18.0.1');
    const leases = client.resource('leases.coordination.k8s.io', 'kube-node-lease');
    const first = ((await leases.get('sim-0')).spec as { renewTime: string }).renewTime;
    await eventually(async () => ((await leases.get('sim-0')).spec as { renewTime: string }).renewTime !== first, { what: 'lease renewal' });
    // Still Ready well past the grace period.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(cond(await client.resource('nodes').get('sim-0'), 'Ready')?.status, 'True');
    assert.deepEqual(((await client.resource('nodes').get('sim-0')).spec as { taints?: unknown }).taints, undefined);
  });

  it('runs a bound pod with an address from the node pod CIDR', async () => {
    const pods = client.resource('pods', 'default');
    await pods.create({ metadata: { name: 'web' }, spec: { nodeName: 'sim-1', containers: [{ name: 'nginx', image: 'nginx:1.25' }] } });
    const pod = await eventually(async () => {
      const p = await pods.get('web');
      return status(p).phase === 'Running' ? p : undefined;
    }, { what: 'Running pod' });
    const node = await client.resource('nodes').get('sim-1');
    const cidr = (node.spec as { podCIDR: string }).podCIDR;
    const st = status(pod) as Obj & { podIP: string; hostIP: string; containerStatuses: Obj[] };
    assert.ok(inCIDR(st.podIP, cidr), `${st.podIP} in ${cidr}`);
    assert.equal(st.hostIP, '198.18.0.2');
    for (const t of ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready']) assert.equal(cond(pod, t)?.status, 'True', t);
    const cs = st.containerStatuses[0]!;
    assert.equal(cs.ready, true);
    assert.equal(cs.restartCount, 0);
    assert.equal(cs.image, 'docker.io/library/nginx:1.25');
    assert.match(String(cs.containerID), /^sim:\/\/[0-9a-f]{64}$/);
    assert.ok((cs.state as { running?: unknown }).running);
    // Deleting it: the kubelet finishes the graceful deletion at once.
    await pods.delete('web');
    await eventually(async () => !(await pods.list()).items.some((p) => p.metadata.name === 'web'), { what: 'pod gone' });
  });

  it('ends containers with the exit annotation: Succeeded, Failed, or restarted', async () => {
    const pods = client.resource('pods', 'default');
    const mk = (name: string, code: string, restartPolicy: string) =>
      pods.create({ metadata: { name, annotations: { 'sim.kts.io/exit': code } }, spec: { nodeName: 'sim-2', restartPolicy, containers: [{ name: 'c', image: 'busybox' }] } });
    await mk('ok', '0', 'Never');
    await mk('bad', '3', 'Never');
    await mk('again', '1', 'Always');
    await eventually(async () => status(await pods.get('ok')).phase === 'Succeeded', { what: 'Succeeded' });
    const bad = await eventually(async () => {
      const p = await pods.get('bad');
      return status(p).phase === 'Failed' ? p : undefined;
    }, { what: 'Failed' });
    const term = ((status(bad).containerStatuses as Obj[])[0]!.state as { terminated: Obj }).terminated;
    assert.equal(term.exitCode, 3);
    assert.equal(term.reason, 'Error');
    assert.equal(cond(bad, 'Ready')?.reason, 'PodFailed');
    const again = await eventually(async () => {
      const p = await pods.get('again');
      const cs = (status(p).containerStatuses as Obj[] | undefined)?.[0];
      return cs && Number(cs.restartCount) >= 1 ? cs : undefined;
    }, { what: 'restart' });
    assert.equal(((again.lastState as { terminated: Obj }).terminated).exitCode, 1);
    assert.equal(status(await pods.get('again')).phase, 'Running');
  });

  it('a node whose heartbeats stop becomes Unknown, is tainted, and its pods are evicted after their toleration', async () => {
    const pods = client.resource('pods', 'default');
    const tol = (secs: number) => [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: secs }];
    await pods.create({ metadata: { name: 'brief' }, spec: { nodeName: 'sim-0', tolerations: tol(1), containers: [{ name: 'c', image: 'x' }] } });
    await pods.create({ metadata: { name: 'patient' }, spec: { nodeName: 'sim-0', containers: [{ name: 'c', image: 'x' }] } });
    await eventually(async () => status(await pods.get('patient')).phase === 'Running' && status(await pods.get('brief')).phase === 'Running', { what: 'pods running' });
    await client.resource('nodes').patch('sim-0', { metadata: { annotations: { 'sim.kts.io/heartbeat': 'stop' } } });
    const node = await eventually(async () => {
      const n = await client.resource('nodes').get('sim-0');
      return cond(n, 'Ready')?.status === 'Unknown' ? n : undefined;
    }, { what: 'Ready=Unknown', timeoutMs: 10_000 });
    assert.equal(cond(node, 'Ready')?.reason, 'NodeStatusUnknown');
    const taints = await eventually(async () => {
      const t = ((await client.resource('nodes').get('sim-0')).spec as { taints?: Array<{ key: string; effect: string }> }).taints ?? [];
      return t.some((x) => x.effect === 'NoExecute') ? t : undefined;
    }, { what: 'NoExecute taint' });
    assert.ok(taints.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute'));
    assert.equal(cond(await pods.get('patient'), 'Ready')?.status, 'False');
    // brief tolerates 1 s: evicted (Terminating: the dead node never confirms). patient tolerates 300 s.
    const evicted = await eventually(async () => {
      const p = await pods.get('brief');
      return p.metadata.deletionTimestamp ? p : undefined;
    }, { what: 'eviction', timeoutMs: 8000 });
    assert.equal(cond(evicted, 'DisruptionTarget')?.reason, 'DeletionByTaintManager');
    assert.equal((await pods.get('patient')).metadata.deletionTimestamp, undefined);
    // Heartbeats resume: Ready again, taints gone, the terminating pod is finished off.
    await client.resource('nodes').patch('sim-0', { metadata: { annotations: { 'sim.kts.io/heartbeat': null } } });
    await eventually(async () => {
      const n = await client.resource('nodes').get('sim-0');
      return cond(n, 'Ready')?.status === 'True' && !((n.spec as { taints?: unknown[] }).taints ?? []).length;
    }, { what: 'recovery', timeoutMs: 10_000 });
    await eventually(async () => !(await pods.list()).items.some((p) => p.metadata.name === 'brief'), { what: 'evicted pod removed' });
  });
});

describe('a restarted simulator', () => {
  it('takes its nodes over and keeps the addresses of running pods', async () => {
    const s = await startInProcessServer();
    const client = s.client('sim');
    const ipam = runControllers(s.client('kcm'), [nodeIpamController]);
    try {
      const first = new AbortController();
      let sim = runSimNodes({ client, count: 1, signal: first.signal, leaseIntervalMs: 500 });
      await sim.ready;
      const pods = client.resource('pods', 'default');
      const mk = (name: string) => pods.create({ metadata: { name }, spec: { nodeName: 'sim-0', containers: [{ name: 'c', image: 'x' }] } });
      const ipOf = async (name: string) => eventually(async () => status(await pods.get(name)).podIP as string | undefined, { what: `${name} IP` });
      await mk('a');
      await mk('b');
      const before = [await ipOf('a'), await ipOf('b')];
      first.abort();
      await sim.done;
      await pods.create({ metadata: { name: 'c' }, spec: { nodeName: 'sim-0', containers: [{ name: 'c', image: 'x' }] } });
      const second = new AbortController();
      sim = runSimNodes({ client, count: 1, signal: second.signal, leaseIntervalMs: 500 });
      await sim.ready;
      const c = await ipOf('c');
      assert.ok(!before.includes(c), `${c} is not one of ${before.join(', ')}`);
      assert.equal(cond(await client.resource('nodes').get('sim-0'), 'Ready')?.status, 'True');
      second.abort();
      await sim.done;
    } finally {
      await ipam.stop();
      await s.stop();
    }
  });
});
