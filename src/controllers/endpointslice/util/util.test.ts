import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPort, podEndpointsChanged, rfc3339Nano, shouldPodBeInEndpoints, shouldSetHostname } from './pods.js';
import { TriggerTimeTracker } from './trigger-time.js';
import type { Pod, Service } from './types.js';

const pod = (o: Partial<Pod['status']> & { deleting?: boolean; readyAt?: string } = {}): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u', ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
  spec: {
    hostname: 'h',
    subdomain: 'svc',
    containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }],
    initContainers: [{ name: 'side', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001 }] }, { name: 'init', ports: [{ name: 'once', containerPort: 1 }] }],
  },
  status: { phase: o.phase ?? 'Running', podIP: o.podIP ?? '10.0.0.1', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: o.readyAt ?? '2024-01-01T00:00:10Z' }] },
});

const svc: Service = { metadata: { name: 'svc', namespace: 'ns', creationTimestamp: '2024-01-01T00:00:00Z' }, spec: {} };

describe('endpoint helpers', () => {
  it('resolves service ports on a pod', () => {
    const p = pod();
    assert.equal(findPort(p, { port: 80, targetPort: 'http' }), 8080);
    assert.equal(findPort(p, { port: 80, targetPort: 'http', protocol: 'UDP' }), undefined);
    assert.equal(findPort(p, { port: 53, targetPort: 'dns', protocol: 'UDP' }), 53);
    assert.equal(findPort(p, { port: 80, targetPort: 'proxy' }), 15001);
    assert.equal(findPort(p, { port: 80, targetPort: 'once' }), undefined);
    assert.equal(findPort(p, { port: 80, targetPort: 9000 }), 9000);
    assert.equal(findPort(p, { port: 80 }), 80);
  });

  it('decides which pods belong in endpoints', () => {
    assert.equal(shouldPodBeInEndpoints(pod(), false), true);
    assert.equal(shouldPodBeInEndpoints(pod({ podIP: '' }), true), false);
    assert.equal(shouldPodBeInEndpoints(pod({ phase: 'Failed' }), true), false);
    assert.equal(shouldPodBeInEndpoints(pod({ deleting: true }), false), false);
    assert.equal(shouldPodBeInEndpoints(pod({ deleting: true }), true), true);
    assert.equal(shouldSetHostname(pod(), svc), true);
    assert.equal(shouldSetHostname(pod(), { ...svc, metadata: { ...svc.metadata, name: 'other' } }), false);
  });

  it('tells endpoint-relevant pod changes from others', () => {
    assert.deepEqual(podEndpointsChanged(pod(), pod()), { podChanged: false, labelsChanged: false });
    assert.equal(podEndpointsChanged(pod(), pod({ podIP: '10.0.0.2' })).podChanged, true);
    assert.equal(podEndpointsChanged(pod(), pod({ deleting: true })).podChanged, true);
    const relabelled = pod();
    relabelled.metadata.labels = { a: 'b' };
    assert.deepEqual(podEndpointsChanged(pod(), relabelled), { podChanged: false, labelsChanged: true });
  });

  it('computes the last-change trigger time as upstream', () => {
    const t = new TriggerTimeTracker();
    // First sync: the service's creation time.
    assert.equal(t.compute(svc, [pod()]), Date.parse('2024-01-01T00:00:00Z'));
    // Nothing changed since: no trigger time.
    assert.equal(t.compute(svc, [pod()]), 0);
    // The pod's readiness changed: its transition time.
    assert.equal(t.compute(svc, [pod({ readyAt: '2024-01-01T00:05:00Z' })]), Date.parse('2024-01-01T00:05:00Z'));
    assert.equal(rfc3339Nano(Date.parse('2024-01-01T00:05:00Z')), '2024-01-01T00:05:00Z');
    assert.equal(rfc3339Nano(Date.parse('2024-01-01T00:05:00.120Z')), '2024-01-01T00:05:00.12Z');
  });
});
