import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJSON, computeHash, safeEncode } from './hash.js';
import type { Deployment, ReplicaSet } from './types.js';
import {
  equalIgnoreHash,
  getProportion,
  intOrPercent,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
  REVISION,
  REVISION_HISTORY,
  setCondition,
  setNewReplicaSetAnnotations,
} from './util.js';
import type { DeploymentStatus } from './types.js';

function dep(replicas: number, surge: number | string, unavailable: number | string, annotations: Record<string, string> = {}): Deployment {
  return {
    metadata: { name: 'd', annotations },
    spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }, template: { metadata: { labels: { app: 'd' } } } },
  };
}

function rs(name: string, replicas: number, annotations: Record<string, string> = {}): ReplicaSet {
  return { metadata: { name, annotations, creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { replicas } };
}

describe('deployment util', () => {
  it('rounds surge up and unavailability down', () => {
    assert.equal(intOrPercent('25%', 10, true), 3);
    assert.equal(intOrPercent('25%', 10, false), 2);
    assert.equal(intOrPercent(2, 10, true), 2);
    assert.deepEqual(resolveFenceposts('25%', '25%', 3), { surge: 1, unavailable: 0 });
    assert.deepEqual(resolveFenceposts('0%', '1%', 10), { surge: 0, unavailable: 1 });
    assert.equal(maxSurge(dep(10, '25%', '25%')), 3);
    assert.equal(maxUnavailable(dep(10, '25%', '25%')), 2);
    assert.equal(maxUnavailable(dep(2, 0, 5)), 2);
    assert.equal(maxUnavailable(dep(0, 1, 1)), 0);
    assert.equal(maxSurge({ ...dep(10, 3, 3), spec: { ...dep(10, 3, 3).spec, strategy: { type: 'Recreate' } } }), 0);
    assert.throws(() => intOrPercent('25', 10, true), /not a percentage/);
  });

  it('lets the new ReplicaSet grow within replicas + maxSurge', () => {
    const d = dep(10, 3, 2);
    const old = rs('old', 10);
    const fresh = rs('new', 0);
    assert.equal(newRSNewReplicas(d, [old, fresh], fresh), 3);
    assert.equal(newRSNewReplicas(d, [rs('old', 8), rs('new', 3)], rs('new', 3)), 5);
    assert.equal(newRSNewReplicas(d, [rs('old', 10), rs('new', 3)], rs('new', 3)), 3);
  });

  it('estimates proportions from the max-replicas annotation', () => {
    const d = dep(15, '25%', 0);
    const old = rs('old', 6, { 'deployment.kubernetes.io/max-replicas': '13' });
    // 6 * 19 / 13 = 8.77 → 9: three more, within the 9 allowed.
    assert.equal(getProportion(old, d, 9, 0), 3);
    assert.equal(getProportion(old, d, 9, 8), 1);
    assert.equal(getProportion(old, d, 0, 0), 0);
    // Scaling to zero: the whole ReplicaSet.
    assert.equal(getProportion(old, dep(0, 1, 0), -10, 0), -6);
  });

  it('raises the revision of a ReplicaSet rolled back to and remembers the old one', () => {
    const d = dep(3, 1, 0, { 'kubernetes.io/change-cause': 'undo', [REVISION]: '4', 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
    const back = rs('back', 0, { [REVISION]: '1' });
    assert.equal(setNewReplicaSetAnnotations(d, back, 5, true), true);
    assert.equal(back.metadata.annotations![REVISION], '5');
    assert.equal(back.metadata.annotations![REVISION_HISTORY], '1');
    assert.equal(back.metadata.annotations!['kubernetes.io/change-cause'], 'undo');
    assert.equal(back.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration'], undefined);
    back.metadata.annotations![REVISION] = '5';
    assert.equal(setNewReplicaSetAnnotations(d, back, 7, true), true);
    assert.equal(back.metadata.annotations![REVISION_HISTORY], '1,5');
    assert.equal(setNewReplicaSetAnnotations(d, back, 7, true), false);
    const created = rs('new', 0);
    setNewReplicaSetAnnotations(d, created, 1, false);
    assert.deepEqual([created.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], created.metadata.annotations!['deployment.kubernetes.io/max-replicas']], ['3', '4']);
  });

  it('keeps lastTransitionTime when only the reason changes', () => {
    const s: DeploymentStatus = { conditions: [{ type: 'Progressing', status: 'True', reason: 'A', lastTransitionTime: 't0', lastUpdateTime: 't0' }] };
    setCondition(s, { type: 'Progressing', status: 'True', reason: 'B', lastTransitionTime: 't1', lastUpdateTime: 't1' });
    assert.deepEqual(s.conditions, [{ type: 'Progressing', status: 'True', reason: 'B', lastTransitionTime: 't0', lastUpdateTime: 't1' }]);
    setCondition(s, { type: 'Progressing', status: 'True', reason: 'B', lastTransitionTime: 't2', lastUpdateTime: 't2' });
    assert.equal(s.conditions![0]!.lastUpdateTime, 't1');
  });
});

describe('pod-template-hash', () => {
  const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', resources: {} }] } };

  it('is stable, ignores key order and empty values, and changes with the template and collisionCount', () => {
    const h = computeHash(t);
    assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(computeHash(structuredClone(t)), h);
    assert.equal(computeHash({ spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { app: 'web' }, annotations: {} } }), h);
    assert.notEqual(computeHash({ ...t, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } }), h);
    assert.notEqual(computeHash(t, 1), h);
    assert.notEqual(computeHash(t, 1), computeHash(t, 2));
    assert.equal(computeHash(t, 0), computeHash(t, 0));
  });

  it('writes decimal digits in the safe alphabet', () => {
    assert.equal(safeEncode('0123456789'), '456789bcdf');
  });

  it('compares templates ignoring the hash label', () => {
    const a = { metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec: { containers: [] } };
    assert.equal(equalIgnoreHash(a, t), false);
    assert.equal(equalIgnoreHash(a, { metadata: { labels: { app: 'web' } } }), true);
    assert.equal(canonicalJSON({ b: 1, a: [] }), '{"b":1}');
  });
});
