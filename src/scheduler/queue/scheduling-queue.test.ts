import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../machinery/clock/index.js';
import type { QueuedPodInfo } from '../framework/interface.js';
import { Events } from '../framework/events.js';
import { Fit } from '../plugins/noderesources/fit.js';
import { prioritySortLess } from '../plugins/queuesort/priority-sort.js';
import { SchedulingGates } from '../plugins/schedulinggates/scheduling-gates.js';
import { makeNode, makePod, onNode } from '../testing/wrappers.js';
import { SchedulingQueue } from './scheduling-queue.js';

function newQueue(clock = new FakeClock()) {
  const gates = new SchedulingGates();
  const q = new SchedulingQueue({
    less: prioritySortLess,
    clock,
    profiles: new Map([
      [
        'default-scheduler',
        {
          preEnqueue: (pi) => gates.preEnqueue(pi.pod)?.withPlugin(gates.name) ?? null,
          hints: new Map([
            ['NodeResourcesFit', new Fit().eventsToRegister()],
            ['SchedulingGates', gates.eventsToRegister()],
          ]),
        },
      ],
    ]),
  });
  return { q, clock };
}

async function popName(q: SchedulingQueue): Promise<string | undefined> {
  const p = await q.pop();
  return p?.podInfo.pod.metadata.name;
}

/** Pops the pod and reports it unschedulable by NodeResourcesFit. */
async function fail(q: SchedulingQueue, plugin = 'NodeResourcesFit'): Promise<QueuedPodInfo> {
  const p = (await q.pop())!;
  if (plugin) p.unschedulablePlugins.add(plugin);
  return p;
}

describe('SchedulingQueue', () => {
  it('pops by priority, then by queue time', async () => {
    const { q, clock } = newQueue();
    q.add(makePod('low', { priority: 1 }));
    await clock.advance(10);
    q.add(makePod('high', { priority: 10 }));
    await clock.advance(10);
    q.add(makePod('low2', { priority: 1 }));
    assert.equal(await popName(q), 'high');
    assert.equal(await popName(q), 'low');
    assert.equal(await popName(q), 'low2');
    assert.equal(q.schedulingCycle(), 3);
  });
  it('pop waits for a pod and returns null when aborted', async () => {
    const { q } = newQueue();
    const waiting = q.pop();
    q.add(makePod('a'));
    assert.equal((await waiting)?.podInfo.pod.metadata.name, 'a');
    const ac = new AbortController();
    const p = q.pop(ac.signal);
    ac.abort();
    assert.equal(await p, null);
  });
  it('backs off 1s, 2s, 4s, 8s, then 10s', () => {
    const { q } = newQueue();
    const qi = q.newQueuedPodInfo(makePod('a'));
    const durations = [1, 2, 3, 4, 5, 6].map((attempts) => q.backoffDuration({ ...qi, attempts }));
    assert.deepEqual(durations, [1000, 2000, 4000, 8000, 10000, 10000]);
  });
  it('parks an unschedulable pod until a relevant event, then backs it off', async () => {
    const { q, clock } = newQueue();
    const pod = makePod('a', { requests: { cpu: '2' } });
    q.add(pod);
    const p = await fail(q);
    q.addUnschedulableIfNotPresent(p);
    q.done(p.podInfo.key);
    assert.equal(q.whereIs(pod), 'unschedulablePods');
    // A node too small for the pod: the Fit hint skips it.
    q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, undefined, makeNode('small', { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } }));
    assert.equal(q.whereIs(pod), 'unschedulablePods');
    // An event no rejecting plugin registered for: stays.
    q.assignedPodAdded(onNode(makePod('other'), 'n1'));
    assert.equal(q.whereIs(pod), 'unschedulablePods');
    // A big enough node: back to the queue, via backoff while the backoff lasts.
    q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, undefined, makeNode('big'));
    assert.equal(q.whereIs(pod), 'backoffQ');
    await clock.advance(1001);
    q.flushBackoffQCompleted();
    assert.equal(q.whereIs(pod), 'activeQ');
  });
  it('requeues a pod that failed when a relevant event arrived during its attempt', async () => {
    const { q } = newQueue();
    const pod = makePod('a');
    q.add(pod);
    const p = await fail(q);
    q.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete, onNode(makePod('gone', { requests: { cpu: '1' } }), 'n1'), undefined);
    q.addUnschedulableIfNotPresent(p);
    q.done(p.podInfo.key);
    assert.equal(q.whereIs(pod), 'backoffQ');
  });
  it('sends pods that failed with an error (no rejecting plugin) to backoffQ', async () => {
    const { q } = newQueue();
    const pod = makePod('a');
    q.add(pod);
    const p = await fail(q, '');
    q.addUnschedulableIfNotPresent(p);
    assert.equal(q.whereIs(pod), 'backoffQ');
  });
  it('flushes pods left in unschedulablePods for more than 5 minutes', async () => {
    const { q, clock } = newQueue();
    const pod = makePod('a');
    q.add(pod);
    const p = await fail(q);
    q.addUnschedulableIfNotPresent(p);
    q.done(p.podInfo.key);
    await clock.advance(4 * 60_000);
    q.flushUnschedulablePodsLeftover();
    assert.equal(q.whereIs(pod), 'unschedulablePods');
    await clock.advance(60_001);
    q.flushUnschedulablePodsLeftover();
    assert.equal(q.whereIs(pod), 'activeQ');
  });
  it('runs the flushes on its own with run(signal)', async () => {
    const { q, clock } = newQueue();
    const ac = new AbortController();
    q.run(ac.signal);
    const pod = makePod('a');
    q.add(pod);
    const p = await fail(q, '');
    q.addUnschedulableIfNotPresent(p);
    q.done(p.podInfo.key);
    assert.equal(q.whereIs(pod), 'backoffQ');
    await clock.advance(1000);
    assert.equal(q.whereIs(pod), 'activeQ');
    ac.abort();
    assert.equal(await q.pop(), null, 'closed after abort');
  });
  it('keeps gated pods out of activeQ until their gates are removed', async () => {
    const { q } = newQueue();
    const gated = makePod('g', { schedulingGates: ['wait'] });
    q.add(gated);
    assert.equal(q.whereIs(gated), 'unschedulablePods');
    assert.equal(q.get(gated)?.gated, true);
    q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, undefined, makeNode('n'));
    assert.equal(q.whereIs(gated), 'unschedulablePods');
    q.update(gated, makePod('g'));
    assert.equal(q.whereIs(gated), 'activeQ');
  });
  it('updates and deletes pods in place', async () => {
    const { q } = newQueue();
    const a = makePod('a', { priority: 1 });
    const b = makePod('b', { priority: 2 });
    q.add(a);
    q.add(b);
    q.update(a, makePod('a', { priority: 5 }));
    assert.equal(await popName(q), 'a');
    q.delete(b);
    assert.equal(q.sizes().active, 0);
  });
  it('tracks nominated pods', () => {
    const { q } = newQueue();
    q.add(makePod('a', { nominatedNodeName: 'n1' }));
    assert.deepEqual(q.nominator.nominatedPodsForNode('n1').map((p) => p.pod.metadata.name), ['a']);
    q.delete(makePod('a'));
    assert.equal(q.nominator.nominatedPodsForNode('n1').length, 0);
  });
  it('refuses to re-add a pod that is already queued', async () => {
    const { q } = newQueue();
    const pod = makePod('a');
    q.add(pod);
    const p = await fail(q);
    q.addUnschedulableIfNotPresent(p);
    assert.throws(() => q.addUnschedulableIfNotPresent(p), /already present/);
  });
});
