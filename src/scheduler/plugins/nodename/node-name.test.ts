import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code } from '../../framework/status.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { NodeName } from './node-name.js';

describe('NodeName', () => {
  const pl = new NodeName();
  const state = new CycleState();
  it('passes when no node name is requested or it matches', () => {
    assert.equal(pl.filter(state, new PodInfo(makePod('p')), new NodeInfo(makeNode('n1'))), null);
    assert.equal(pl.filter(state, new PodInfo(makePod('p', { nodeName: 'n1' })), new NodeInfo(makeNode('n1'))), null);
  });
  it('rejects other nodes', () => {
    const s = pl.filter(state, new PodInfo(makePod('p', { nodeName: 'n1' })), new NodeInfo(makeNode('n2')));
    assert.equal(s?.code, Code.UnschedulableAndUnresolvable);
    assert.equal(s?.message(), "node(s) didn't match the requested node name");
  });
});
