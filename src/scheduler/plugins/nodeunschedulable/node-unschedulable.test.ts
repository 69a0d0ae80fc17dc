import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code } from '../../framework/status.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { NodeUnschedulable } from './node-unschedulable.js';

describe('NodeUnschedulable', () => {
  const pl = new NodeUnschedulable();
  const state = new CycleState();
  it('passes schedulable nodes', () => {
    assert.equal(pl.filter(state, new PodInfo(makePod('p')), new NodeInfo(makeNode('n'))), null);
  });
  it('rejects unschedulable nodes as unresolvable', () => {
    const s = pl.filter(state, new PodInfo(makePod('p')), new NodeInfo(makeNode('n', { unschedulable: true })));
    assert.equal(s?.code, Code.UnschedulableAndUnresolvable);
    assert.equal(s?.message(), 'node(s) were unschedulable');
  });
  it('lets pods tolerating the unschedulable taint through', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    assert.equal(pl.filter(state, new PodInfo(pod), new NodeInfo(makeNode('n', { unschedulable: true }))), null);
  });
});
