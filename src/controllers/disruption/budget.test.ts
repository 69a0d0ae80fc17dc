// The budget arithmetic: expected and desired pods from minAvailable / maxUnavailable (ints and
// percentages over the controllers' scale), healthy pods, approved evictions and their timeout, and
// when a status needs writing.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodDisruptionBudget } from '../../api/poddisruptionbudget.js';
import { buildDisruptedPodMap, countHealthyPods, DELETION_TIMEOUT_MS, expectedPodCount, nextStatus, scaledValue, type Pod, type ScaleFinder } from './budget.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(name: string, o: { ready?: boolean; owner?: string; deleting?: boolean } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'ns',
      ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.owner, uid: `uid-${o.owner}`, controller: true }] } : {}),
      ...(o.deleting ? { deletionTimestamp: iso(NOW) } : {}),
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}

const pdb = (spec: PodDisruptionBudget['spec'], status: PodDisruptionBudget['status'] = {}): PodDisruptionBudget => ({
  metadata: { name: 'b', namespace: 'ns', generation: 2 },
  spec: { selector: { matchLabels: { app: 'x' } }, ...spec },
  status,
});

/** ReplicaSets by name with their replicas. */
const finder = (scales: Record<string, number>): ScaleFinder => async (ref) => (ref.name in scales ? { uid: ref.uid, scale: scales[ref.name]! } : null);

describe('scaledValue', () => {
  it('takes ints as they are and rounds percentages up', () => {
    assert.equal(scaledValue(3, 10), 3);
    assert.equal(scaledValue('50%', 5), 3);
    assert.equal(scaledValue('100%', 4), 4);
    assert.equal(scaledValue('0%', 4), 0);
    assert.throws(() => scaledValue('3', 4), /string is not a percentage/);
  });
});

describe('expectedPodCount', () => {
  it('minAvailable as an int: the matching pods are expected, the int is desired', async () => {
    const r = await expectedPodCount(pdb({ minAvailable: 2 }), [pod('a'), pod('b'), pod('c')], []);
    assert.deepEqual(r, { expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] });
  });

  it('minAvailable as a percentage: of the sum of the controllers\' scales, each counted once', async () => {
    const pods = [pod('a', { owner: 'rs1' }), pod('b', { owner: 'rs1' }), pod('c', { owner: 'rs2' })];
    const r = await expectedPodCount(pdb({ minAvailable: '50%' }), pods, [finder({ rs1: 4, rs2: 3 })]);
    assert.deepEqual(r, { expectedCount: 7, desiredHealthy: 4, unmanagedPods: [] });
  });

  it('maxUnavailable: scale minus the allowance, never below 0', async () => {
    const pods = [pod('a', { owner: 'rs1' })];
    assert.equal((await expectedPodCount(pdb({ maxUnavailable: 1 }), pods, [finder({ rs1: 5 })])).desiredHealthy, 4);
    assert.equal((await expectedPodCount(pdb({ maxUnavailable: '25%' }), pods, [finder({ rs1: 5 })])).desiredHealthy, 3);
    assert.equal((await expectedPodCount(pdb({ maxUnavailable: 9 }), pods, [finder({ rs1: 5 })])).desiredHealthy, 0);
  });

  it('reports pods without a controller, and fails for a controller nobody knows', async () => {
    const r = await expectedPodCount(pdb({ maxUnavailable: 1 }), [pod('lonely'), pod('a', { owner: 'rs1' })], [finder({ rs1: 2 })]);
    assert.deepEqual(r, { expectedCount: 2, desiredHealthy: 1, unmanagedPods: ['lonely'] });
    await assert.rejects(expectedPodCount(pdb({ maxUnavailable: 1 }), [pod('a', { owner: 'ghost' })], [finder({})]), /found no controllers for pod "a"/);
  });

  it('tries the finders in order until one knows the controller', async () => {
    const seen: string[] = [];
    const first: ScaleFinder = async (ref) => (seen.push(`first:${ref.name}`), null);
    const r = await expectedPodCount(pdb({ minAvailable: '100%' }), [pod('a', { owner: 'rs1' })], [first, finder({ rs1: 3 })]);
    assert.equal(r.expectedCount, 3);
    assert.deepEqual(seen, ['first:rs1']);
  });
});

describe('approved evictions and healthy pods', () => {
  it('keeps approvals younger than the timeout for pods not yet being deleted, and says when to look again', () => {
    const fresh = iso(NOW - 30_000);
    const old = iso(NOW - DELETION_TIMEOUT_MS - 1000);
    const b = pdb({ minAvailable: 1 }, { disruptedPods: { a: fresh, b: old, c: fresh, gone: fresh } });
    const pods = [pod('a'), pod('b'), pod('c', { deleting: true }), pod('d')];
    const r = buildDisruptedPodMap(pods, b, NOW);
    assert.deepEqual(r.disruptedPods, { a: fresh });
    assert.equal(r.recheckAtMs, Date.parse(fresh) + DELETION_TIMEOUT_MS);
    assert.deepEqual(r.expired.map((p) => p.metadata.name), ['b']);
    // a: approved, c: being deleted, d: unready.
    assert.equal(countHealthyPods([...pods.slice(0, 3), pod('d', { ready: false }), pod('e')], r.disruptedPods, NOW), 2);
  });
});

describe('nextStatus', () => {
  it('allows currentHealthy - desiredHealthy disruptions, with the condition and the generation', () => {
    const next = nextStatus(pdb({ minAvailable: 2 }), { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} }, NOW)!;
    assert.equal(next.status?.disruptionsAllowed, 1);
    assert.equal(next.status?.observedGeneration, 2);
    assert.equal(next.status?.disruptedPods, undefined);
    assert.deepEqual(next.status?.conditions, [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 2, lastTransitionTime: iso(NOW) }]);
    // Written once: the same numbers need no second write.
    assert.equal(nextStatus(next, { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} }, NOW + 5000), null);
  });

  it('allows none when short of healthy pods or when no pods are expected', () => {
    const short = nextStatus(pdb({ minAvailable: 3 }), { currentHealthy: 2, desiredHealthy: 3, expectedCount: 3, disruptedPods: {} }, NOW)!;
    assert.equal(short.status?.disruptionsAllowed, 0);
    assert.equal(short.status?.conditions?.[0]?.reason, 'InsufficientPods');
    assert.equal(short.status?.conditions?.[0]?.status, 'False');
    const none = nextStatus(pdb({ maxUnavailable: 1 }), { currentHealthy: 0, desiredHealthy: -1, expectedCount: 0, disruptedPods: {} }, NOW)!;
    assert.equal(none.status?.disruptionsAllowed, 0);
  });

  it('keeps the transition time while the condition status stays, and replaces SyncFailed', () => {
    const failed = pdb({ minAvailable: 1 }, {
      observedGeneration: 2,
      disruptionsAllowed: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'boom', lastTransitionTime: '2024-01-01T00:00:00Z', observedGeneration: 2 }],
    });
    const next = nextStatus(failed, { currentHealthy: 0, desiredHealthy: 1, expectedCount: 1, disruptedPods: {} }, NOW)!;
    assert.deepEqual(next.status?.conditions, [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', lastTransitionTime: '2024-01-01T00:00:00Z', observedGeneration: 2 }]);
  });
});
