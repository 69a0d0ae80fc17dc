// VolumeBinding inside the whole scheduler (default profile, FakeCluster, FakeVolumeAPI): placement by
// volume node affinity, WaitForFirstConsumer binding through PreBind, FailedScheduling messages, and
// requeueing when a claim changes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../machinery/clock/index.js';
import { FakeCluster } from '../../testing/fake-cluster.js';
import { FakeVolumeAPI, makePV, makePVC, makeStorageClass, withClaims } from '../../testing/volumes.js';
import { makeNode, makePod } from '../../testing/wrappers.js';

function cluster(api: FakeVolumeAPI) {
  const clock = new FakeClock();
  let seed = 11;
  const c = new FakeCluster({
    clock,
    random: () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    },
    volumeLister: api,
    volumeBinder: api,
  });
  api.connect(c.scheduler);
  for (const n of ['sim-0', 'sim-1', 'sim-2']) c.addNode(makeNode(n));
  return { c, clock };
}

/** Schedules what is active, letting PreBind's polls run on the fake clock. */
async function settle(c: FakeCluster, clock: FakeClock, onTick?: () => void): Promise<void> {
  c.scheduler.queue.flushBackoffQCompleted();
  while (c.scheduler.queue.sizes().active > 0) await c.scheduler.scheduleOne();
  for (let i = 0; i < 5; i++) {
    onTick?.();
    await clock.advance(1000);
  }
  await c.scheduler.waitForBindings();
}

const failures = (c: FakeCluster, pod: string) => c.events.filter((e) => e.pod === pod && e.reason === 'FailedScheduling').map((e) => e.message);

describe('VolumeBinding in the scheduler', () => {
  it('puts every pod of a claim bound to a local volume on that volume\'s node', async () => {
    const api = new FakeVolumeAPI({ pvs: [makePV('local-sim-1', { hostnames: ['sim-1'], phase: 'Bound' })], pvcs: [makePVC('data', { boundTo: 'local-sim-1' })] });
    const { c, clock } = cluster(api);
    for (let i = 0; i < 8; i++) c.addPod(withClaims(makePod(`p${i}`), 'data'));
    await settle(c, clock);
    for (let i = 0; i < 8; i++) assert.equal(c.nodeOf(`p${i}`), 'sim-1', `p${i}`);
    assert.equal(api.writes.length, 0, 'bound claims need no writes');
  });

  it('reports a volume node affinity conflict on every node in FailedScheduling', async () => {
    const api = new FakeVolumeAPI({ pvs: [makePV('far', { hostnames: ['elsewhere'], phase: 'Bound' })], pvcs: [makePVC('data', { boundTo: 'far' })] });
    const { c, clock } = cluster(api);
    c.addPod(withClaims(makePod('p'), 'data'));
    await settle(c, clock);
    assert.equal(c.nodeOf('p'), undefined);
    assert.deepEqual(failures(c, 'p'), [
      '0/3 nodes are available: 3 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    ]);
  });

  it('binds WaitForFirstConsumer claims to a volume on the chosen node, never one volume twice', async () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('local-wait')],
      pvs: [makePV('pv-sim-0', { storageClassName: 'local-wait', hostnames: ['sim-0'] }), makePV('pv-sim-2', { storageClassName: 'local-wait', hostnames: ['sim-2'] })],
      pvcs: ['a', 'b', 'c'].map((n) => makePVC(n, { storageClassName: 'local-wait' })),
    });
    const { c, clock } = cluster(api);
    for (const n of ['a', 'b', 'c']) c.addPod(withClaims(makePod(`pod-${n}`), n));
    // The PV controller completes bindings while PreBind waits.
    await settle(c, clock, () => api.completeBindings());
    const placed = ['a', 'b', 'c'].filter((n) => c.nodeOf(`pod-${n}`));
    assert.equal(placed.length, 2, 'two volumes for three claims');
    const nodes = placed.map((n) => c.nodeOf(`pod-${n}`)).sort();
    assert.deepEqual(nodes, ['sim-0', 'sim-2']);
    for (const n of placed) {
      const claim = api.pvcs.get(`default/${n}`)!;
      assert.equal(claim.status!.phase, 'Bound');
      assert.equal(claim.spec!.volumeName, `pv-${c.nodeOf(`pod-${n}`)}`);
    }
    const left = ['a', 'b', 'c'].find((n) => !c.nodeOf(`pod-${n}`))!;
    const msg = failures(c, `pod-${left}`).at(-1) ?? '';
    assert.ok(msg.startsWith("0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind. "), msg);
  });

  it('retries a pod whose immediate claim was unbound once the claim is bound', async () => {
    const api = new FakeVolumeAPI({ pvs: [makePV('pv', { hostnames: ['sim-2'] })], pvcs: [makePVC('data', { storageClassName: '' })] });
    const { c, clock } = cluster(api);
    c.addPod(withClaims(makePod('p'), 'data'));
    await settle(c, clock);
    assert.deepEqual(failures(c, 'p'), [
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    ]);
    assert.equal(c.scheduler.queue.whereIs(c.pods.get('uid-default-p')!), 'unschedulablePods');
    // An unrelated claim does not wake the pod; binding its own does.
    api.putPVC(makePVC('other', { storageClassName: '' }));
    assert.equal(c.scheduler.queue.whereIs(c.pods.get('uid-default-p')!), 'unschedulablePods');
    api.putPVC(makePVC('data', { storageClassName: '', boundTo: 'pv' }));
    assert.notEqual(c.scheduler.queue.whereIs(c.pods.get('uid-default-p')!), 'unschedulablePods');
    await clock.advance(10_000);
    await settle(c, clock);
    assert.equal(c.nodeOf('p'), 'sim-2');
  });

  it('reports a missing claim and schedules once it exists', async () => {
    const api = new FakeVolumeAPI({ pvs: [makePV('pv', { hostnames: ['sim-0'], phase: 'Bound' })] });
    const { c, clock } = cluster(api);
    c.addPod(withClaims(makePod('p'), 'nope'));
    await settle(c, clock);
    assert.match(failures(c, 'p')[0]!, /^0\/3 nodes are available: persistentvolumeclaim "nope" not found\. /);
    api.putPVC(makePVC('nope', { boundTo: 'pv' }));
    await clock.advance(10_000);
    await settle(c, clock);
    assert.equal(c.nodeOf('p'), 'sim-0');
  });

  it('retries a pod whose volume binding failed in PreBind, and frees the volume it had assumed', async () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('local-wait')],
      pvs: [makePV('pv-sim-1', { storageClassName: 'local-wait', hostnames: ['sim-1'] })],
      pvcs: [makePVC('a', { storageClassName: 'local-wait' })],
    });
    const { c, clock } = cluster(api);
    api.failWrites = new Error('etcdserver: request timed out');
    c.addPod(withClaims(makePod('p'), 'a'));
    await settle(c, clock);
    assert.equal(c.nodeOf('p'), undefined);
    assert.match(failures(c, 'p')[0]!, /running PreBind plugin "VolumeBinding": etcdserver: request timed out/);
    api.failWrites = null;
    await clock.advance(10_000);
    await settle(c, clock, () => api.completeBindings());
    assert.equal(c.nodeOf('p'), 'sim-1');
    assert.equal(api.pvcs.get('default/a')!.spec!.volumeName, 'pv-sim-1');
  });
});
