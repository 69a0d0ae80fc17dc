import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod, PodDisruptionBudget } from '../../framework/api.js';
import { CycleState } from '../../framework/cycle-state.js';
import { NodeToStatus } from '../../framework/diagnosis.js';
import { PodInfo } from '../../framework/pod-info.js';
import { testFramework } from '../../testing/handle.js';
import { makeNode, makePod, onNode } from '../../testing/wrappers.js';

const plugins = [{ name: 'TaintToleration' }, { name: 'NodeResourcesFit' }, { name: 'DefaultPreemption' }];

async function preempt(nodes: Node[], existing: Pod[], pod: Pod, pdbs?: PodDisruptionBudget[]) {
  const t = testFramework({ nodes, pods: existing, plugins, ...(pdbs ? { pdbs } : {}) });
  const state = new CycleState();
  const pi = new PodInfo(pod);
  const pre = t.fwk.runPreFilterPlugins(state, pi, t.snapshot.list());
  assert.equal(pre.status, null);
  const m = new NodeToStatus();
  for (const ni of t.snapshot.list()) {
    const s = t.fwk.runFilterPlugins(state, pi, ni);
    if (s) m.set(ni.name, s);
  }
  const out = await t.fwk.runPostFilterPlugins(state, pi, m);
  return { ...out, deleted: t.deleted.map((d) => d.pod.metadata.name), t };
}

const node = (name: string) => makeNode(name, { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } });
const cpuPod = (name: string, cpu: string, priority: number, extra: Parameters<typeof makePod>[1] = {}) =>
  makePod(name, { requests: { cpu }, priority, ...extra });

describe('DefaultPreemption', () => {
  it('evicts lower-priority pods and nominates the node', async () => {
    const r = await preempt([node('n1'), node('n2')], [onNode(cpuPod('low', '2', 0), 'n1'), onNode(cpuPod('high', '2', 200), 'n2')], cpuPod('p', '3', 100));
    assert.equal(r.status, null);
    assert.deepEqual(r.result?.nominatingInfo, { mode: 'Override', nominatedNodeName: 'n1' });
    assert.deepEqual(r.deleted, ['low']);
    const cond = r.t.deleted[0]!.condition;
    assert.deepEqual(cond, {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: 'default-scheduler: preempting to accommodate a higher priority pod',
    });
    assert.equal(r.t.events[0]?.reason, 'Preempted');
    assert.equal(r.t.events[0]?.message, 'Preempted by pod uid-default-p on node n1');
  });
  it('reports "No preemption victims found" when nothing has lower priority', async () => {
    const r = await preempt(
      [node('n1'), node('n2'), node('n3')],
      ['n1', 'n2', 'n3'].map((n) => onNode(cpuPod(`e-${n}`, '2', 100), n)),
      cpuPod('p', '3', 100),
    );
    assert.equal(r.status?.message(), 'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    assert.deepEqual(r.result?.nominatingInfo, { mode: 'Override', nominatedNodeName: '' });
  });
  it('says preemption is not helpful on unresolvable nodes', async () => {
    const tainted = makeNode('n1', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] });
    const r = await preempt([tainted, node('n2')], [onNode(cpuPod('low', '2', 0), 'n2'), onNode(cpuPod('low2', '2', 500), 'n2')], cpuPod('p', '3', 100));
    // n2 still has the 500-priority pod: removing the low one is not enough? 4 − 2 = 2 < 3 → no fit → Insufficient cpu.
    assert.equal(r.status?.message(), 'preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 Preemption is not helpful for scheduling.');
  });
  it('respects preemptionPolicy Never', async () => {
    const r = await preempt([node('n1')], [onNode(cpuPod('low', '2', 0), 'n1')], cpuPod('p', '3', 100, { preemptionPolicy: 'Never' }));
    assert.equal(r.status?.message(), 'preemption: not eligible due to preemptionPolicy=Never.');
    assert.deepEqual(r.deleted, []);
  });
  it('picks the node whose highest-priority victim has the lowest priority', async () => {
    const r = await preempt([node('n1'), node('n2')], [onNode(cpuPod('a', '2', 10), 'n1'), onNode(cpuPod('b', '2', 5), 'n2')], cpuPod('p', '3', 100));
    assert.equal(r.result?.nominatingInfo.nominatedNodeName, 'n2');
    assert.deepEqual(r.deleted, ['b']);
  });
  it('picks the node with fewer victims when priorities tie, and reprieves what it can', async () => {
    const r = await preempt(
      [node('n1'), node('n2')],
      [
        onNode(cpuPod('a1', '1', 5), 'n1'),
        onNode(cpuPod('a2', '1', 5), 'n1'),
        onNode(cpuPod('a3', '1', 5), 'n1'),
        onNode(cpuPod('b1', '3', 5), 'n2'),
      ],
      cpuPod('p', '2', 100),
    );
    // n1: free 1, needs 2 → 1 victim after reprieving two (sum of priorities tie with n2's single victim, so fewest victims decides… both 1).
    assert.equal(r.deleted.length, 1);
  });
  it('prefers nodes where evictions do not violate a PodDisruptionBudget', async () => {
    const pdb: PodDisruptionBudget = {
      metadata: { name: 'pdb', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'guarded' } } },
      status: { disruptionsAllowed: 0 },
    };
    const r = await preempt(
      [node('n1'), node('n2')],
      [onNode(cpuPod('guarded', '2', 0, { labels: { app: 'guarded' } }), 'n1'), onNode(cpuPod('free', '2', 10), 'n2')],
      cpuPod('p', '3', 100),
      [pdb],
    );
    assert.equal(r.result?.nominatingInfo.nominatedNodeName, 'n2');
    assert.deepEqual(r.deleted, ['free']);
  });
});
