import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container } from '../../framework/api.js';
import { CycleState } from '../../framework/cycle-state.js';
import { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makeNode, makePod, onNode } from '../../testing/wrappers.js';
import { BalancedAllocation } from './balanced-allocation.js';

const c = (name: string, cpu: string, memory: string): Container => ({ name, resources: { requests: { cpu, memory } } });

describe('NodeResourcesBalancedAllocation', () => {
  const pl = new BalancedAllocation();
  function score(pod: PodInfo, ni: NodeInfo): number {
    const state = new CycleState();
    pl.preScore(state, pod);
    return pl.score(state, pod, ni) as number;
  }
  it('scores (1 - std of cpu/memory fractions) × 100 (upstream cases)', () => {
    const pod = new PodInfo(makePod('p', { containers: [c('a', '1000m', '2000'), c('b', '2000m', '3000')] }));
    // node1: cpu 3000/4000 = 0.75, memory 5000/10000 = 0.5 → std 0.125 → 87.
    assert.equal(score(pod, new NodeInfo(makeNode('n1', { allocatable: { cpu: '4000m', memory: '10000', pods: '32' } }))), 87);
    // node2: 0.5 and 0.5 → 100.
    assert.equal(score(pod, new NodeInfo(makeNode('n2', { allocatable: { cpu: '6000m', memory: '10000', pods: '32' } }))), 100);
  });
  it('counts existing pods by their requests (not the non-zero defaults)', () => {
    const existing = new PodInfo(onNode(makePod('e', { containers: [c('a', '3000m', '0')] }), 'n'));
    const ni = new NodeInfo(makeNode('n', { allocatable: { cpu: '10000m', memory: '20000', pods: '32' } }), existing);
    // cpu (3000+0)/10000 = 0.3, memory 0/20000 = 0 → std 0.15 → 85.
    assert.equal(score(new PodInfo(makePod('p')), ni), 85);
  });
  it('caps fractions at 1', () => {
    const pod = new PodInfo(makePod('p', { requests: { cpu: '8', memory: '1' } }));
    const ni = new NodeInfo(makeNode('n', { allocatable: { cpu: '4', memory: '2', pods: '32' } }));
    // cpu 1 (capped), memory 0.5 → std 0.25 → 75.
    assert.equal(score(pod, ni), 75);
  });
});
