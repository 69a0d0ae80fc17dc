import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PodInfo } from '../framework/pod-info.js';
import { makeNode, makePod, onNode } from '../testing/wrappers.js';
import { Cache } from './cache.js';
import { Snapshot } from './snapshot.js';

const pod = (name: string, node: string, cpu = '1') => onNode(makePod(name, { requests: { cpu, memory: '1Gi' } }), node);

describe('Cache', () => {
  it('sums requests per node and reflects changes in the snapshot', () => {
    const c = new Cache();
    c.addNode(makeNode('n1'));
    c.addNode(makeNode('n2'));
    c.addPod(pod('a', 'n1'));
    c.addPod(pod('b', 'n1', '500m'));
    const s = new Snapshot();
    c.updateSnapshot(s);
    assert.equal(s.numNodes(), 2);
    const n1 = s.get('n1')!;
    assert.equal(n1.requested.milliCPU, 1500);
    assert.equal(n1.pods.length, 2);
    c.removePod(pod('a', 'n1'));
    c.updateSnapshot(s);
    assert.equal(s.get('n1'), n1, 'snapshot NodeInfo keeps its identity');
    assert.equal(n1.requested.milliCPU, 500);
  });
  it('counts assumed pods until confirmed or forgotten', () => {
    const c = new Cache();
    c.addNode(makeNode('n1'));
    const p = pod('a', 'n1');
    c.assumePod(new PodInfo(p));
    assert.equal(c.isAssumedPod(p), true);
    assert.equal(c.nodeInfo('n1')!.requested.milliCPU, 1000);
    assert.throws(() => c.assumePod(new PodInfo(p)), /can't be assumed/);
    c.addPod(p); // the informer confirms
    assert.equal(c.isAssumedPod(p), false);
    assert.equal(c.nodeInfo('n1')!.requested.milliCPU, 1000);
    const q = pod('b', 'n1');
    c.assumePod(new PodInfo(q));
    c.forgetPod(q);
    assert.equal(c.nodeInfo('n1')!.pods.length, 1);
  });
  it('moves a confirmed pod when it landed on another node', () => {
    const c = new Cache();
    c.addNode(makeNode('n1'));
    c.addNode(makeNode('n2'));
    c.assumePod(new PodInfo(pod('a', 'n1')));
    c.addPod(pod('a', 'n2'));
    assert.equal(c.nodeInfo('n1')!.pods.length, 0);
    assert.equal(c.nodeInfo('n2')!.pods.length, 1);
  });
  it('expires assumed pods after the TTL once binding finished', () => {
    let now = 0;
    const c = new Cache({ assumedPodTTLMs: 1000, clock: { now: () => now, setTimeout: () => ({ cancel() {} }), sleep: async () => true } });
    c.addNode(makeNode('n1'));
    const p = pod('a', 'n1');
    c.assumePod(new PodInfo(p));
    assert.deepEqual(c.cleanupAssumedPods(), []);
    c.finishBinding(p);
    now = 1001;
    assert.equal(c.cleanupAssumedPods().length, 1);
    assert.equal(c.podCount(), 0);
  });
  it('keeps a removed node while pods remain, excluding it from the snapshot', () => {
    const c = new Cache();
    const n1 = makeNode('n1');
    c.addNode(n1);
    c.addPod(pod('a', 'n1'));
    c.removeNode(n1);
    const s = new Snapshot();
    c.updateSnapshot(s);
    assert.equal(s.numNodes(), 0);
    c.removePod(pod('a', 'n1'));
    assert.equal(c.nodeInfo('n1'), undefined);
  });
  it('interleaves zones in the node list', () => {
    const c = new Cache();
    for (const [n, z] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b'], ['b2', 'b'], ['c1', 'c']] as const)
      c.addNode(makeNode(n, { labels: { 'topology.kubernetes.io/zone': z } }));
    const s = new Snapshot();
    c.updateSnapshot(s);
    assert.deepEqual(s.list().map((n) => n.name), ['a1', 'b1', 'c1', 'a2', 'b2']);
  });
  it('tracks image spread across nodes', () => {
    const c = new Cache();
    const img = { names: ['nginx:1.25'], sizeBytes: 100 };
    c.addNode(makeNode('n1', { images: [img] }));
    c.addNode(makeNode('n2', { images: [img] }));
    assert.deepEqual(c.nodeInfo('n1')!.imageStates.get('nginx:1.25'), { size: 100, numNodes: 2 });
    c.removeNode(makeNode('n2', { images: [img] }));
    assert.equal(c.nodeInfo('n1')!.imageStates.get('nginx:1.25')!.numNodes, 1);
  });
  it('lists nodes with affinity pods', () => {
    const c = new Cache();
    c.addNode(makeNode('n1'));
    c.addNode(makeNode('n2'));
    const s = new Snapshot();
    c.updateSnapshot(s);
    assert.equal(s.havePodsWithAffinityList().length, 0);
    const affine = onNode(
      makePod('x', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: {} }] } } }),
      'n2',
    );
    c.addPod(affine);
    c.updateSnapshot(s);
    assert.deepEqual(s.havePodsWithAffinityList().map((n) => n.name), ['n2']);
    assert.deepEqual(s.havePodsWithRequiredAntiAffinityList().map((n) => n.name), ['n2']);
  });
});
