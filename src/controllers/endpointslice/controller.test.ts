import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { realClock } from '../../machinery/clock/clock.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { EndpointSliceController } from './controller.js';
import type { EndpointSlice, Pod } from './util/index.js';

async function eventually<T>(get: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function setup(...seed: Array<[string, KubeObject]>) {
  const fake = new FakeTransport();
  for (const [r, o] of seed) fake.seed(r, o);
  const client = new Client({ transport: fake, retry: false });
  const informers = new SharedInformerFactory(client);
  const recorder = new EventRecorder(client, { component: 'endpoint-slice-controller' });
  const ctrl = new EndpointSliceController({ client, informers, recorder, clock: realClock, maxEndpointsPerSlice: 2 });
  const ac = new AbortController();
  informers.start(ac.signal);
  const running = ctrl.run(ac.signal);
  const slices = () => fake.tracker.list('discovery.k8s.io/endpointslices', 'ns') as EndpointSlice[];
  return {
    fake,
    client,
    slices,
    stop: async () => {
      ac.abort();
      await running;
      await informers.shutdown();
      await recorder.shutdown();
    },
  };
}

const pod = (name: string, ip: string): Pod => ({
  metadata: { name, namespace: 'ns', labels: { app: 'web' } },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] },
  status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:05Z' }] },
});

describe('endpointslice controller', () => {
  it('writes slices for a service, follows its pods, and leaves selector-less services alone', async () => {
    const env = setup(
      ['nodes', { metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'z1' } } }],
      ['services', { metadata: { name: 'web', namespace: 'ns' }, spec: { selector: { app: 'web' }, clusterIP: '10.96.0.5', ipFamilies: ['IPv4'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] } }],
      ['services', { metadata: { name: 'manual', namespace: 'ns' }, spec: { clusterIP: '10.96.0.6', ports: [{ port: 80 }] } }],
      ['pods', pod('a', '10.1.0.1')],
      ['pods', pod('b', '10.1.0.2')],
      ['pods', pod('c', '10.1.0.3')],
    );
    try {
      const count = () => env.slices().reduce((n, s) => n + (s.endpoints?.length ?? 0), 0);
      await eventually(() => count() === 3, '3 endpoints');
      const slices = env.slices();
      assert.equal(slices.length, 2);
      for (const s of slices) {
        assert.match(s.metadata.name!, /^web-/);
        assert.equal(s.metadata.labels?.['kubernetes.io/service-name'], 'web');
        assert.equal(s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
        assert.equal(s.metadata.ownerReferences?.[0]?.kind, 'Service');
        assert.ok(s.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']);
        assert.ok(s.endpoints!.every((e) => e.zone === 'z1' && e.nodeName === 'node-1'));
      }
      assert.equal(env.slices().filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'manual').length, 0);
      const writes = () => env.fake.actions.filter((a) => a.resource === 'endpointslices' && a.verb !== 'list' && a.verb !== 'watch').length;
      const before = writes();
      await env.client.resource('pods', 'ns').delete('c');
      await eventually(() => count() === 2, '2 endpoints');
      await new Promise((r) => setTimeout(r, 100));
      // One write: the slice that held c (rewritten, or deleted when c was alone in it).
      assert.equal(writes() - before, 1);
      // Someone deletes a slice: it comes back.
      const victim = env.slices()[0]!.metadata.name!;
      await env.client.resource('endpointslices.discovery.k8s.io', 'ns').delete(victim);
      await eventually(() => count() === 2 && !env.slices().some((s) => s.metadata.name === victim), 'the slice to be replaced');
    } finally {
      await env.stop();
    }
  });
});
