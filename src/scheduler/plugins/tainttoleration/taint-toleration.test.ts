import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Taint, Toleration } from '../../framework/api.js';
import { CycleState } from '../../framework/cycle-state.js';
import { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code } from '../../framework/status.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { TaintToleration } from './taint-toleration.js';

const pl = new TaintToleration();

function filter(tolerations: Toleration[], taints: Taint[]) {
  return pl.filter(new CycleState(), new PodInfo(makePod('p', { tolerations })), new NodeInfo(makeNode('n', { taints })));
}

function scores(tolerations: Toleration[], nodesTaints: Taint[][]): number[] {
  const state = new CycleState();
  const pod = new PodInfo(makePod('p', { tolerations }));
  const nodes = nodesTaints.map((t, i) => new NodeInfo(makeNode(`n${i}`, { taints: t })));
  pl.preScore(state, pod);
  const s = new Float64Array(nodes.map((n) => pl.score(state, pod, n) as number));
  pl.normalizeScore(state, pod, nodes, s);
  return [...s];
}

describe('TaintToleration filter', () => {
  it('rejects an untolerated NoSchedule taint with upstream message', () => {
    const s = filter([], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]);
    assert.equal(s?.code, Code.UnschedulableAndUnresolvable);
    assert.equal(s?.message(), 'node(s) had untolerated taint {dedicated: user1}');
  });
  it('accepts a tolerated taint (Equal and Exists)', () => {
    assert.equal(filter([{ key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' }], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]), null);
    assert.equal(filter([{ key: 'dedicated', operator: 'Exists' }], [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }]), null);
    assert.equal(filter([{ operator: 'Exists' }], [{ key: 'any', value: 'x', effect: 'NoSchedule' }]), null);
  });
  it('rejects when the value or effect differs', () => {
    assert.notEqual(filter([{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]), null);
    assert.notEqual(filter([{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]), null);
  });
  it('ignores PreferNoSchedule taints', () => {
    assert.equal(filter([], [{ key: 'a', value: 'b', effect: 'PreferNoSchedule' }]), null);
  });
});

describe('TaintToleration score', () => {
  it('prefers nodes with fewer intolerable PreferNoSchedule taints', () => {
    // Upstream case: a node with no taints scores 100, one with 1 of 2 intolerable 50, with 2 of 2 → 0.
    const t1: Taint = { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' };
    const t2: Taint = { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' };
    assert.deepEqual(scores([{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }], [[], [t1], [t1, t2]]), [100, 50, 0]);
  });
  it('counts only taints not tolerated by PreferNoSchedule or effect-less tolerations', () => {
    const t1: Taint = { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' };
    const tolNoSchedule: Toleration = { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' };
    const tolAny: Toleration = { key: 'cpu-type', operator: 'Equal', value: 'arm64' };
    assert.deepEqual(scores([tolNoSchedule], [[t1], []]), [0, 100]);
    assert.deepEqual(scores([tolAny], [[t1], []]), [100, 100]);
  });
});
