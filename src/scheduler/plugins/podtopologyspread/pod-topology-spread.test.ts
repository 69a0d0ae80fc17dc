import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TopologySpreadConstraint } from '../../framework/api.js';
import { filterAll, scoreAll, testFramework } from '../../testing/handle.js';
import { makeNode, makePod, onNode } from '../../testing/wrappers.js';

const plugins = [{ name: 'PodTopologySpread' }];
const spread = (maxSkew: number, topologyKey: string, whenUnsatisfiable: string, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew,
  topologyKey,
  whenUnsatisfiable,
  labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] },
  ...extra,
});
const nodes = [
  makeNode('node-a', { labels: { zone: 'zone1' } }),
  makeNode('node-b', { labels: { zone: 'zone1' } }),
  makeNode('node-x', { labels: { zone: 'zone2' } }),
  makeNode('node-y', { labels: { zone: 'zone2' } }),
];
const foo = (name: string, node: string) => onNode(makePod(name, { labels: { foo: '' } }), node);

describe('PodTopologySpread filter', () => {
  it('rejects nodes whose zone would exceed maxSkew (upstream: 3/1 spread, maxSkew 1)', () => {
    const t = testFramework({ nodes, plugins, pods: [foo('p-a1', 'node-a'), foo('p-a2', 'node-a'), foo('p-b1', 'node-b'), foo('p-y1', 'node-y')] });
    const pod = makePod('p', { labels: { foo: '' }, topologySpreadConstraints: [spread(1, 'zone', 'DoNotSchedule')] });
    const msg = "node(s) didn't match pod topology spread constraints";
    assert.deepEqual(filterAll(t, pod), { 'node-a': msg, 'node-b': msg, 'node-x': '', 'node-y': '' });
  });
  it('rejects nodes missing the topology label as unresolvable', () => {
    const t = testFramework({ nodes: [...nodes, makeNode('node-z')], plugins });
    const pod = makePod('p', { labels: { foo: '' }, topologySpreadConstraints: [spread(1, 'zone', 'DoNotSchedule')] });
    assert.equal(filterAll(t, pod)['node-z'], "node(s) didn't match pod topology spread constraints (missing required label)");
  });
  it('treats the global minimum as 0 below minDomains', () => {
    const t = testFramework({ nodes, plugins, pods: [foo('p-a1', 'node-a'), foo('p-x1', 'node-x')] });
    const pod = makePod('p', { labels: { foo: '' }, topologySpreadConstraints: [spread(1, 'zone', 'DoNotSchedule', { minDomains: 3 })] });
    const msg = "node(s) didn't match pod topology spread constraints";
    assert.deepEqual(filterAll(t, pod), { 'node-a': msg, 'node-b': msg, 'node-x': msg, 'node-y': msg });
  });
  it('only counts nodes matching the pod node affinity (nodeAffinityPolicy Honor)', () => {
    const t = testFramework({ nodes, plugins, pods: [foo('p-a1', 'node-a'), foo('p-a2', 'node-b')] });
    const pod = makePod('p', {
      labels: { foo: '' },
      nodeSelector: { zone: 'zone1' },
      topologySpreadConstraints: [spread(1, 'zone', 'DoNotSchedule')],
    });
    // zone2 is excluded from the domains, so zone1 is the global minimum: skew 2 + 1 − 2 = 1.
    assert.equal(filterAll(t, pod)['node-a'], '');
  });
  it('skips pods without constraints', () => {
    const t = testFramework({ nodes, plugins });
    assert.deepEqual(filterAll(t, makePod('p')), { 'node-a': '', 'node-b': '', 'node-x': '', 'node-y': '' });
  });
});

describe('PodTopologySpread score', () => {
  it('prefers the less crowded zone (upstream: ScheduleAnyway, zone spread)', () => {
    const t = testFramework({ nodes, plugins, pods: [foo('p-a1', 'node-a'), foo('p-a2', 'node-a'), foo('p-b1', 'node-b'), foo('p-y1', 'node-y')] });
    const pod = makePod('p', { labels: { foo: '' }, topologySpreadConstraints: [spread(1, 'zone', 'ScheduleAnyway')] });
    // zone1 has 3 matching pods, zone2 one; weight log(2+2): zone1 round(3×1.386) = 4, zone2 round(1.386) = 1;
    // normalized 100×(4+1−s)/4: zone1 25, zone2 100.
    assert.deepEqual(scoreAll(t, pod), { 'node-a': 25, 'node-b': 25, 'node-x': 100, 'node-y': 100 });
  });
  it('counts per node for hostname spreading', () => {
    const hostNodes = ['n1', 'n2', 'n3'].map((n) => makeNode(n));
    const t = testFramework({ nodes: hostNodes, plugins, pods: [foo('a', 'n1'), foo('b', 'n1'), foo('c', 'n2')] });
    const pod = makePod('p', { labels: { foo: '' }, topologySpreadConstraints: [spread(1, 'kubernetes.io/hostname', 'ScheduleAnyway')] });
    // weight log(3+2) = 1.609: n1 round(3.22) = 3, n2 round(1.61) = 2, n3 0 → 100×(3+0−s)/3 = 0, 33, 100.
    assert.deepEqual(scoreAll(t, pod), { n1: 0, n2: 33, n3: 100 });
  });
});
