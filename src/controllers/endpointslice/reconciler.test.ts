import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcile, CONTROLLER_NAME } from './reconciler.js';
import type { EndpointSlice, Node, Pod, Service } from './util/index.js';

const svc: Service = {
  metadata: { name: 'web', namespace: 'ns', uid: 'svc-uid', labels: { tier: 'front' } },
  spec: { selector: { app: 'web' }, clusterIP: '10.96.0.10', ipFamilies: ['IPv4'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] },
};

const nodes: Record<string, Node> = {
  'node-1': { metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } } },
  'node-2': { metadata: { name: 'node-2' } },
};

function pod(i: number, o: { ready?: boolean; deleting?: boolean; node?: string; port?: string } = {}): Pod {
  return {
    metadata: { name: `p${String(i).padStart(3, '0')}`, namespace: 'ns', uid: `uid-${i}`, labels: { app: 'web' }, ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: o.node ?? 'node-1', containers: [{ name: 'c', ports: [{ name: o.port ?? 'http', containerPort: 8080 }] }] },
    status: { phase: 'Running', podIP: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}

let seq = 0;
/** What the API server would store for a planned slice. */
function stored(s: EndpointSlice): EndpointSlice {
  const c = structuredClone(s);
  c.metadata.name ??= `${c.metadata.generateName}${seq++}`;
  c.metadata.uid ??= `slice-${seq++}`;
  return c;
}

function plan(pods: Pod[], existing: EndpointSlice[] = [], max = 100) {
  return reconcile({ service: svc, pods, existing, nodeOf: (n) => nodes[n], maxEndpointsPerSlice: max });
}

describe('endpointslice reconciler', () => {
  it('creates one labelled, owned slice with an endpoint per pod', () => {
    const p = plan([pod(1), pod(2, { ready: false }), pod(3, { deleting: true, node: 'node-2' })]);
    assert.equal(p.create.length, 1);
    assert.equal(p.update.length + p.delete.length, 0);
    const s = p.create[0]!;
    assert.equal(s.metadata.generateName, 'web-');
    assert.deepEqual(s.metadata.labels, { tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': CONTROLLER_NAME });
    assert.deepEqual(s.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }]);
    assert.equal(s.addressType, 'IPv4');
    assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(s.endpoints, [
      { addresses: ['10.1.0.2'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'ns', name: 'p001', uid: 'uid-1' }, nodeName: 'node-1', zone: 'zone-a' },
      { addresses: ['10.1.0.3'], conditions: { ready: false, serving: false, terminating: false }, targetRef: { kind: 'Pod', namespace: 'ns', name: 'p002', uid: 'uid-2' }, nodeName: 'node-1', zone: 'zone-a' },
      { addresses: ['10.1.0.4'], conditions: { ready: false, serving: true, terminating: true }, targetRef: { kind: 'Pod', namespace: 'ns', name: 'p003', uid: 'uid-3' }, nodeName: 'node-2' },
    ]);
  });

  it('keeps an empty placeholder slice for a service without endpoints, and reuses it', () => {
    const p = plan([]);
    assert.equal(p.create.length, 1);
    assert.deepEqual(p.create[0]!.endpoints, []);
    assert.deepEqual(p.create[0]!.ports, []);
    const placeholder = stored(p.create[0]!);
    const again = plan([], [placeholder]);
    assert.deepEqual([again.create.length, again.update.length, again.delete.length], [0, 0, 0]);
    // Pods arrive: the placeholder is turned into the real slice rather than replaced.
    const filled = plan([pod(1)], [placeholder]);
    assert.deepEqual([filled.create.length, filled.update.length, filled.delete.length], [0, 1, 0]);
    assert.equal(filled.update[0]!.metadata.name, placeholder.metadata.name);
    assert.equal(filled.update[0]!.endpoints!.length, 1);
  });

  it('spreads endpoints over slices of at most maxEndpointsPerSlice and changes only what it must', () => {
    const pods = Array.from({ length: 250 }, (_, i) => pod(i));
    const first = plan(pods);
    assert.deepEqual(first.create.map((s) => s.endpoints!.length), [100, 100, 50]);
    const slices = first.create.map(stored);
    assert.deepEqual([plan(pods, slices).create.length, plan(pods, slices).update.length], [0, 0]);
    // One pod goes: only its slice is rewritten.
    const fewer = pods.filter((p) => p.metadata.name !== 'p010');
    const p1 = plan(fewer, slices);
    assert.deepEqual([p1.create.length, p1.update.length, p1.delete.length], [0, 1, 0]);
    assert.equal(p1.update[0]!.metadata.name, slices[0]!.metadata.name);
    assert.equal(p1.update[0]!.endpoints!.length, 99);
    // Two pods arrive: they fit in the half-full slice (the fullest fit).
    const more = [...pods, pod(300), pod(301)];
    const p2 = plan(more, slices);
    assert.deepEqual([p2.create.length, p2.update.length, p2.delete.length], [0, 1, 0]);
    assert.equal(p2.update[0]!.metadata.name, slices[2]!.metadata.name);
    assert.equal(p2.update[0]!.endpoints!.length, 52);
    // A readiness change rewrites the endpoint in place.
    const changed = pods.map((p) => (p.metadata.name === 'p200' ? pod(200, { ready: false }) : p));
    const p3 = plan(changed, slices);
    assert.deepEqual([p3.create.length, p3.update.length, p3.delete.length], [0, 1, 0]);
    assert.equal(p3.update[0]!.endpoints!.find((e) => e.targetRef?.name === 'p200')?.conditions?.ready, false);
  });

  it('groups pods by resolved ports, leaves out pods whose node is unknown, and follows service label changes', () => {
    const p = plan([pod(1), pod(2, { port: 'other' }), pod(3, { node: 'gone' })]);
    assert.equal(p.create.length, 2);
    const byPorts = Object.fromEntries(p.create.map((s) => [JSON.stringify(s.ports), s.endpoints!.map((e) => e.targetRef?.name)]));
    assert.deepEqual(byPorts, { '[{"name":"http","port":8080,"protocol":"TCP"}]': ['p001'], '[]': ['p002'] });
    assert.deepEqual(p.missingNodes, ['p003@gone']);
    const slices = p.create.map(stored);
    const relabelled = reconcile({ service: { ...svc, metadata: { ...svc.metadata, labels: { tier: 'back' } } }, pods: [pod(1), pod(2, { port: 'other' })], existing: slices, nodeOf: (n) => nodes[n], maxEndpointsPerSlice: 100 });
    assert.equal(relabelled.update.length, 2);
    assert.ok(relabelled.update.every((s) => s.metadata.labels?.tier === 'back'));
  });

  it('deletes slices owned by another service of the same name', () => {
    const [s] = plan([pod(1)]).create.map(stored);
    const foreign = { ...s!, metadata: { ...s!.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'old-uid' }] } };
    const p = plan([pod(1)], [foreign]);
    assert.deepEqual([p.create.length, p.update.length, p.delete.length], [1, 0, 1]);
    assert.equal(p.delete[0]!.metadata.name, s!.metadata.name);
  });
});
