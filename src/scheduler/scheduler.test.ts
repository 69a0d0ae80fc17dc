import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../machinery/clock/index.js';
import { numFeasibleNodesToFind, selectHost } from './algorithm.js';
import { FakeCluster } from './testing/fake-cluster.js';
import { makeNode, makePod, onNode } from './testing/wrappers.js';

const node = (name: string, cpu = '4', extra: Parameters<typeof makeNode>[1] = {}) =>
  makeNode(name, { allocatable: { cpu, memory: '32Gi', pods: '110' }, ...extra });

function cluster(nodes: number, opts: ConstructorParameters<typeof FakeCluster>[0] = {}) {
  const clock = new FakeClock();
  let seed = 7;
  const c = new FakeCluster({
    clock,
    random: () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    },
    ...opts,
  });
  for (let i = 1; i <= nodes; i++) c.addNode(node(`n${i}`));
  return { c, clock };
}

describe('numFeasibleNodesToFind', () => {
  it('follows the adaptive percentage with the 100-node and 5% floors', () => {
    assert.equal(numFeasibleNodesToFind(0, 50), 50);
    assert.equal(numFeasibleNodesToFind(0, 100), 100);
    assert.equal(numFeasibleNodesToFind(0, 1000), 420);
    assert.equal(numFeasibleNodesToFind(0, 5000), 500);
    assert.equal(numFeasibleNodesToFind(0, 10000), 500);
    assert.equal(numFeasibleNodesToFind(0, 20000), 1000);
    assert.equal(numFeasibleNodesToFind(30, 1000), 300);
    assert.equal(numFeasibleNodesToFind(1, 1000), 100);
  });
});

describe('selectHost', () => {
  it('returns the best score and spreads ties evenly', () => {
    assert.equal(selectHost(new Float64Array([1, 5, 3]), Math.random), 1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[selectHost(new Float64Array([9, 1, 9, 9]), Math.random)]!++;
    assert.equal(counts[1], 0);
    for (const i of [0, 2, 3]) assert.ok(counts[i]! > 1100 && counts[i]! < 1600, `tie ${i} chosen ${counts[i]} times`);
  });
});

describe('Scheduler', () => {
  it('binds a pod, records "Scheduled", and confirms the assumed pod', async () => {
    const { c } = cluster(3);
    c.addPod(makePod('p', { requests: { cpu: '1' } }));
    const r = await c.scheduler.scheduleOne();
    assert.equal(r.kind, 'scheduled');
    await c.scheduler.waitForBindings();
    const host = c.nodeOf('p')!;
    assert.ok(host);
    assert.deepEqual(c.events, [{ pod: 'p', type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/p to ${host}` }]);
    assert.equal(c.scheduler.cache.isAssumedPod(c.pods.get('uid-default-p')!), false);
    assert.equal(c.scheduler.cache.nodeInfo(host)!.requested.milliCPU, 1000);
  });

  it('prefers the least allocated node', async () => {
    const { c } = cluster(2);
    c.addPod(onNode(makePod('busy', { requests: { cpu: '3', memory: '16Gi' } }), 'n1'));
    c.addPod(makePod('p', { requests: { cpu: '1', memory: '1Gi' } }));
    await c.drain();
    assert.equal(c.nodeOf('p'), 'n2');
  });

  it('reports upstream FitError text with the preemption outcome (3 nodes, insufficient cpu)', async () => {
    const { c } = cluster(3);
    for (let i = 1; i <= 3; i++) c.addPod(onNode(makePod(`e${i}`, { requests: { cpu: '3' } }), `n${i}`));
    c.addPod(makePod('p', { requests: { cpu: '2' } }));
    const r = await c.scheduler.scheduleOne();
    const msg = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    assert.equal(r.kind, 'failed');
    assert.equal(r.kind === 'failed' && r.message, msg);
    assert.deepEqual(c.events.at(-1), { pod: 'p', type: 'Warning', reason: 'FailedScheduling', message: msg });
    const patch = c.statusPatches.at(-1)!;
    assert.equal(patch.patch.condition?.type, 'PodScheduled');
    assert.equal(patch.patch.condition?.status, 'False');
    assert.equal(patch.patch.condition?.reason, 'Unschedulable');
    assert.equal(patch.patch.condition?.message, msg);
    assert.equal(c.scheduler.queue.whereIs(c.pods.get('uid-default-p')!), 'unschedulablePods');
  });

  it('lists mixed reasons sorted, as upstream', async () => {
    const { c } = cluster(0);
    c.addNode(node('a', '4', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }));
    c.addNode(node('b', '1'));
    c.addNode(node('c', '1'));
    c.addPod(makePod('p', { requests: { cpu: '2' } }));
    const r = await c.scheduler.scheduleOne();
    assert.equal(
      r.kind === 'failed' && r.message,
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: infra}, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('reports PreFilter rejections once, without per-node reasons', async () => {
    const { c } = cluster(3);
    c.addPod(
      makePod('p', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchFields: [
                    { key: 'metadata.name', operator: 'In', values: ['n1'] },
                    { key: 'metadata.name', operator: 'In', values: ['n2'] },
                  ],
                },
              ],
            },
          },
        },
      }),
    );
    const r = await c.scheduler.scheduleOne();
    assert.equal(
      r.kind === 'failed' && r.message,
      '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('reports "no nodes available to schedule pods" (reason Unschedulable)', async () => {
    const { c } = cluster(0);
    c.addPod(makePod('p'));
    const r = await c.scheduler.scheduleOne();
    assert.equal(r.kind === 'failed' && r.message, 'no nodes available to schedule pods');
    assert.equal(c.statusPatches.at(-1)!.patch.condition?.reason, 'Unschedulable');
  });

  it('preempts a lower-priority pod, nominates the node, and schedules there once the victim is gone', async () => {
    const { c, clock } = cluster(2);
    const victim = onNode(makePod('victim', { requests: { cpu: '3' }, priority: 0 }), 'n1');
    c.addPod(victim);
    c.addPod(onNode(makePod('keeper', { requests: { cpu: '3' }, priority: 1000 }), 'n2'));
    c.addPod(makePod('p', { requests: { cpu: '2' }, priority: 100 }));
    const r = await c.scheduler.scheduleOne();
    assert.equal(r.kind, 'failed');
    assert.deepEqual(
      c.deleted.map((d) => d.pod),
      ['victim'],
    );
    assert.equal(c.pods.get('uid-default-p')!.status?.nominatedNodeName, 'n1');
    assert.deepEqual(c.scheduler.queue.nominator.nominatedPodsForNode('n1').map((p) => p.pod.metadata.name), ['p']);
    // A lower-priority pod may not take the room reserved for the nominated pod.
    c.addPod(makePod('sneaky', { requests: { cpu: '3' }, priority: 1 }));
    c.deletePod(victim);
    await c.drain();
    assert.equal(c.nodeOf('sneaky'), undefined);
    // The preemptor waits out its backoff, then lands on n1.
    await clock.advance(1500);
    c.scheduler.queue.flushBackoffQCompleted();
    await c.drain();
    assert.equal(c.nodeOf('p'), 'n1');
  });

  it('forgets the assumed pod and requeues it when binding fails', async () => {
    const { c } = cluster(1);
    c.failBinds = new Error('etcdserver: request timed out');
    c.addPod(makePod('p', { requests: { cpu: '1' } }));
    await c.scheduler.scheduleOne();
    await c.scheduler.waitForBindings();
    const pod = c.pods.get('uid-default-p')!;
    assert.equal(c.scheduler.cache.isAssumedPod(pod), false);
    assert.equal(c.scheduler.cache.nodeInfo('n1')!.requested.milliCPU, 0);
    assert.equal(c.scheduler.queue.whereIs(pod), 'backoffQ');
    const last = c.statusPatches.at(-1)!.patch.condition!;
    assert.equal(last.reason, 'SchedulerError');
    assert.match(last.message!, /etcdserver: request timed out/);
  });

  it('retries an unschedulable pod when a node that fits appears', async () => {
    const { c, clock } = cluster(1);
    c.addPod(makePod('p', { requests: { cpu: '8' } }));
    await c.scheduler.scheduleOne();
    const pod = c.pods.get('uid-default-p')!;
    assert.equal(c.scheduler.queue.whereIs(pod), 'unschedulablePods');
    c.addNode(node('big', '16'));
    await clock.advance(1001);
    c.scheduler.queue.flushBackoffQCompleted();
    await c.drain();
    assert.equal(c.nodeOf('p'), 'big');
  });

  it('rotates the starting node between cycles', async () => {
    const { c } = cluster(200, { percentageOfNodesToScore: 10 });
    c.addPod(makePod('a'));
    await c.scheduler.scheduleOne();
    // 200 nodes at 10% → at least 100 to find: the next cycle starts after the 100 evaluated.
    assert.equal(c.scheduler.algorithm.nextStartNodeIndex, 100);
    c.addPod(makePod('b'));
    await c.scheduler.scheduleOne();
    assert.equal(c.scheduler.algorithm.nextStartNodeIndex, 0);
  });

  it('skips pods being deleted and holds gated pods', async () => {
    const { c } = cluster(1);
    c.addPod(makePod('gated', { schedulingGates: ['example.com/wait'] }));
    assert.equal(c.scheduler.queue.sizes().active, 0);
    c.addPod(makePod('deleting', { deletionTimestamp: '2024-01-01T00:00:00Z' }));
    const r = await c.scheduler.scheduleOne();
    assert.equal(r.kind, 'skipped');
  });

  it('runs until aborted, consuming pods as they arrive', async () => {
    const c = new FakeCluster();
    for (let i = 0; i < 3; i++) c.addNode(node(`n${i}`));
    const ac = new AbortController();
    const done = c.scheduler.run(ac.signal);
    for (let i = 0; i < 20; i++) c.addPod(makePod(`p${i}`, { requests: { cpu: '100m' } }));
    for (let i = 0; i < 100 && c.bindCount < 20; i++) await new Promise((r) => setImmediate(r));
    ac.abort();
    await done;
    assert.equal(c.bindCount, 20);
  });
});
