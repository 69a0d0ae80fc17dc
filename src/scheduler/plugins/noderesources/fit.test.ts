import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from '../../framework/api.js';
import { CycleState } from '../../framework/cycle-state.js';
import { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { podRequests } from '../../framework/resource.js';
import { Code } from '../../framework/status.js';
import { makeNode, makePod, onNode } from '../../testing/wrappers.js';
import { Fit } from './fit.js';

const c = (name: string, cpu: string, memory: string, restartPolicy?: string): Container => ({
  name,
  resources: { requests: { cpu, memory } },
  ...(restartPolicy ? { restartPolicy } : {}),
});

function filter(pod: Pod, existing: Pod[], allocatable = { cpu: '10', memory: '20', pods: '32' }, args = {}) {
  const pl = new Fit(args);
  const state = new CycleState();
  const pi = new PodInfo(pod);
  pl.preFilter(state, pi);
  const ni = new NodeInfo(makeNode('n', { allocatable }), ...existing.map((p) => new PodInfo(onNode(p, 'n'))));
  return pl.filter(state, pi, ni);
}

describe('podRequests (resourcehelper.PodRequests)', () => {
  it('takes max(sum of containers, largest init container) plus overhead', () => {
    const pod = makePod('p', { containers: [c('a', '2', '1G'), c('b', '1', '1G')], initContainers: [c('i1', '2', '1G'), c('i2', '2', '3G')] });
    const r = podRequests(pod);
    assert.equal(r.milliCPU, 3000);
    assert.equal(r.memory, 3e9);
    const withOverhead = podRequests({ ...pod, spec: { ...pod.spec, overhead: { cpu: '500m', memory: '1G' } } });
    assert.equal(withOverhead.milliCPU, 3500);
    assert.equal(withOverhead.memory, 4e9);
  });
  it('keeps restartable init containers (sidecars) running alongside later ones', () => {
    const pod = makePod('p', {
      containers: [c('a', '1', '1')],
      initContainers: [c('sidecar', '1', '1', 'Always'), c('init', '3', '1')],
    });
    // init step: 3 + sidecar 1 = 4; running: 1 + sidecar 1 = 2.
    assert.equal(podRequests(pod).milliCPU, 4000);
  });
  it('counts 100m / 200Mi for containers without requests in the non-zero view', () => {
    const pi = new PodInfo(makePod('p'));
    assert.equal(pi.nonZeroCPU, 100);
    assert.equal(pi.nonZeroMemory, 200 * 1024 * 1024);
    assert.equal(pi.requests.milliCPU, 0);
  });
});

describe('NodeResourcesFit filter', () => {
  it('fits when requests are within allocatable minus requested', () => {
    assert.equal(filter(makePod('p', { requests: { cpu: '1', memory: '1' } }), [makePod('e', { requests: { cpu: '5', memory: '5' } })]), null);
  });
  it('reports "Insufficient cpu"', () => {
    const s = filter(makePod('p', { requests: { cpu: '8', memory: '1' } }), [makePod('e', { requests: { cpu: '5', memory: '5' } })]);
    assert.equal(s?.code, Code.Unschedulable);
    assert.deepEqual(s?.reasons, ['Insufficient cpu']);
  });
  it('reports every insufficient resource in upstream order', () => {
    const s = filter(makePod('p', { requests: { cpu: '8', memory: '16' } }), [makePod('e', { requests: { cpu: '5', memory: '5' } })]);
    assert.deepEqual(s?.reasons, ['Insufficient cpu', 'Insufficient memory']);
  });
  it('applies the init-container max rule', () => {
    const pod = makePod('p', { containers: [c('a', '1', '1')], initContainers: [c('i', '6', '1')] });
    const s = filter(pod, [makePod('e', { requests: { cpu: '5', memory: '5' } })]);
    assert.deepEqual(s?.reasons, ['Insufficient cpu']);
  });
  it('reports "Too many pods"', () => {
    const s = filter(makePod('p'), [makePod('e')], { cpu: '10', memory: '20', pods: '1' });
    assert.deepEqual(s?.reasons, ['Too many pods']);
  });
  it('checks extended resources unless ignored', () => {
    const pod = makePod('p', { requests: { 'example.com/foo': '2' } });
    const alloc = { cpu: '10', memory: '20', pods: '32', 'example.com/foo': '1' };
    assert.deepEqual(filter(pod, [], alloc)?.reasons, ['Insufficient example.com/foo']);
    assert.equal(filter(pod, [], alloc, { ignoredResources: ['example.com/foo'] }), null);
    assert.equal(filter(pod, [], alloc, { ignoredResourceGroups: ['example.com'] }), null);
  });
});

describe('NodeResourcesFit score (LeastAllocated)', () => {
  function scores(pod: Pod, nodes: NodeInfo[]): number[] {
    const pl = new Fit();
    const state = new CycleState();
    const pi = new PodInfo(pod);
    pl.preScore(state, pi);
    return nodes.map((n) => pl.score(state, pi, n) as number);
  }
  it('scores (free / allocatable) averaged over cpu and memory', () => {
    // Upstream: "nothing scheduled, resources requested, differently sized nodes" → 37, 50.
    const pod = makePod('p', { containers: [c('a', '1000m', '2000'), c('b', '2000m', '3000')] });
    const n1 = new NodeInfo(makeNode('n1', { allocatable: { cpu: '4000m', memory: '10000', pods: '32' } }));
    const n2 = new NodeInfo(makeNode('n2', { allocatable: { cpu: '6000m', memory: '10000', pods: '32' } }));
    assert.deepEqual(scores(pod, [n1, n2]), [37, 50]);
  });
  it('counts existing pods with the non-zero defaults', () => {
    // An empty pod counts as 100m / 200Mi; a node of 1 cpu / 1000Mi with one such pod: cpu (1000-200)/1000 = 80,
    // memory (1000-400)/1000 = 60 → 70.
    const ni = new NodeInfo(makeNode('n', { allocatable: { cpu: '1', memory: '1000Mi', pods: '32' } }), new PodInfo(onNode(makePod('e'), 'n')));
    assert.deepEqual(scores(makePod('p'), [ni]), [70]);
  });
});
