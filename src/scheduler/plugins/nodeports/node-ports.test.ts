import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code } from '../../framework/status.js';
import { makeNode, makePod, onNode } from '../../testing/wrappers.js';
import { NodePorts } from './node-ports.js';

type Ports = { port: number; protocol?: string; ip?: string }[];

function run(want: Ports, used: Ports) {
  const pl = new NodePorts();
  const state = new CycleState();
  const pod = new PodInfo(makePod('p', { hostPorts: want }));
  const existing = new PodInfo(onNode(makePod('e', { hostPorts: used }), 'n'));
  const pre = pl.preFilter(state, pod);
  if (pre?.code === Code.Skip) return 'skip';
  return pl.filter(state, pod, new NodeInfo(makeNode('n'), existing));
}

describe('NodePorts', () => {
  it('skips pods without host ports', () => {
    assert.equal(run([], [{ port: 80 }]), 'skip');
  });
  it('passes free ports', () => {
    assert.equal(run([{ port: 8080 }], [{ port: 80 }]), null);
    assert.equal(run([{ port: 80, protocol: 'UDP' }], [{ port: 80, protocol: 'TCP' }]), null);
    assert.equal(run([{ port: 80, ip: '127.0.0.1' }], [{ port: 80, ip: '127.0.0.2' }]), null);
  });
  it('rejects conflicts with upstream message', () => {
    const s = run([{ port: 80 }], [{ port: 80 }]);
    assert.ok(s && s !== 'skip');
    assert.equal(s.code, Code.Unschedulable);
    assert.equal(s.message(), "node(s) didn't have free ports for the requested pod ports");
    assert.notEqual(run([{ port: 80, ip: '127.0.0.1' }], [{ port: 80 }]), null, 'wildcard on the node collides');
    assert.notEqual(run([{ port: 80 }], [{ port: 80, ip: '127.0.0.1' }]), null, 'wildcard in the pod collides');
  });
});
