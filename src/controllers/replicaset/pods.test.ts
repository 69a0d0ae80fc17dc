import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deletionCost, isPodActive, isPodAvailable, metaTime, msUntilAvailable, podFromTemplate, podsToDelete } from './pods.js';
import type { Pod } from './types.js';
import { podStatus } from './testutil.js';

const NOW = Date.parse('2024-01-01T01:00:00Z');

function pod(name: string, o: { node?: string; ready?: boolean; readyAgoS?: number; phase?: string; restarts?: number; createdAgoS?: number; cost?: string } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      creationTimestamp: metaTime(NOW - (o.createdAgoS ?? 3600) * 1000),
      ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
    },
    spec: o.node ? { nodeName: o.node } : {},
    status: podStatus({ ready: o.ready ?? true, readySince: NOW - (o.readyAgoS ?? 3000) * 1000, ...(o.phase ? { phase: o.phase } : {}), ...(o.restarts ? { restarts: o.restarts } : {}) }),
  };
}

function order(pods: Pod[], related: Pod[] = pods): string[] {
  return podsToDelete(pods, related, pods.length - 1, NOW).map((p) => p.metadata.name!);
}

describe('pod helpers', () => {
  it('counts terminating and finished pods as inactive', () => {
    assert.equal(isPodActive(pod('a')), true);
    assert.equal(isPodActive(pod('a', { phase: 'Failed' })), false);
    assert.equal(isPodActive(pod('a', { phase: 'Succeeded' })), false);
    assert.equal(isPodActive({ ...pod('a'), metadata: { ...pod('a').metadata, deletionTimestamp: metaTime(NOW) } }), false);
  });

  it('is available once ready for longer than minReadySeconds', () => {
    const p = pod('a', { readyAgoS: 10 });
    assert.equal(isPodAvailable(p, 0, NOW), true);
    assert.equal(isPodAvailable(p, 5, NOW), true);
    assert.equal(isPodAvailable(p, 10, NOW), false);
    assert.equal(isPodAvailable(p, 10, NOW + 1), true);
    assert.equal(msUntilAvailable(p, 30, NOW), 20_001);
    assert.equal(msUntilAvailable(p, 5, NOW), undefined);
    assert.equal(isPodAvailable(pod('b', { ready: false }), 0, NOW), false);
  });

  it('builds a pod from a template with generateName and the controller reference', () => {
    const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true };
    const p = podFromTemplate({ metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } }, { metadata: { name: 'web', namespace: 'ns' } }, ref);
    assert.equal(p.metadata.generateName, 'web-');
    assert.deepEqual(p.metadata.labels, { app: 'web' });
    assert.deepEqual(p.metadata.annotations, { a: 'b' });
    assert.deepEqual(p.metadata.ownerReferences, [ref]);
    assert.deepEqual(p.spec, { containers: [{ name: 'c', image: 'i' }] });
  });

  it('reads the pod-deletion-cost annotation as an int32', () => {
    assert.equal(deletionCost(pod('a', { cost: '-5' })), -5);
    assert.equal(deletionCost(pod('a', { cost: 'x' })), 0);
    assert.equal(deletionCost(pod('a', { cost: '9999999999' })), 0);
  });
});

describe('which pods to delete first (ActivePodsWithRanks)', () => {
  it('unscheduled before scheduled', () => {
    assert.deepEqual(order([pod('sched', { node: 'n1' }), pod('unsched')]), ['unsched']);
  });
  it('pending before unknown before running', () => {
    const pods = [pod('run', { node: 'n' }), pod('unknown', { node: 'n', phase: 'Unknown' }), pod('pending', { node: 'n', phase: 'Pending', ready: false })];
    assert.deepEqual(podsToDelete(pods, pods, 2, NOW).map((p) => p.metadata.name), ['pending', 'unknown']);
  });
  it('not ready before ready', () => {
    assert.deepEqual(order([pod('ready', { node: 'n' }), pod('notready', { node: 'n', ready: false, phase: 'Running' })]), ['notready']);
  });
  it('lower deletion cost first', () => {
    assert.deepEqual(order([pod('cheap', { node: 'n', cost: '-1' }), pod('dear', { node: 'n', cost: '10' })]), ['cheap']);
  });
  it('doubled-up pods first', () => {
    const a = pod('alone', { node: 'n1' });
    const b = pod('crowded', { node: 'n2' });
    const other = pod('sibling', { node: 'n2' });
    assert.deepEqual(order([a, b], [a, b, other]), ['crowded']);
  });
  it('ready for less time first (log scale), then more restarts, then newer', () => {
    assert.deepEqual(order([pod('old', { node: 'n', readyAgoS: 3000 }), pod('fresh', { node: 'n', readyAgoS: 10 })]), ['fresh']);
    assert.deepEqual(order([pod('calm', { node: 'n' }), pod('crashy', { node: 'n', restarts: 4 })]), ['crashy']);
    assert.deepEqual(order([pod('older', { node: 'n', createdAgoS: 7200 }), pod('newer', { node: 'n', createdAgoS: 60 })]), ['newer']);
  });
});
