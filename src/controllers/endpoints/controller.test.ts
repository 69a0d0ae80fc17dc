import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { realClock } from '../../machinery/clock/clock.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import type { Pod, Service } from '../endpointslice/util/index.js';
import { EndpointsController, type Endpoints } from './controller.js';

async function eventually<T>(get: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function setup(...seed: Array<[string, KubeObject]>) {
  const fake = new FakeTransport();
  for (const [r, o] of seed) {
    const [stored] = fake.seed(r, o);
    // The fake's create clears deletionTimestamp; put it back for "terminating" fixtures.
    if (o.metadata.deletionTimestamp) fake.tracker.put(`/${r}`, { ...stored!, metadata: { ...stored!.metadata, deletionTimestamp: o.metadata.deletionTimestamp } });
  }
  const client = new Client({ transport: fake, retry: false });
  const informers = new SharedInformerFactory(client);
  const recorder = new EventRecorder(client, { component: 'endpoint-controller' });
  const ctrl = new EndpointsController({ client, informers, recorder, clock: realClock, workers: 2 });
  const ac = new AbortController();
  informers.start(ac.signal);
  const running = ctrl.run(ac.signal);
  const endpoints = (name: string) => fake.tracker.get('/endpoints', 'ns', name) as Endpoints | undefined;
  return {
    fake,
    client,
    endpoints,
    stop: async () => {
      ac.abort();
      await running;
      await informers.shutdown();
      await recorder.shutdown();
    },
  };
}

const ready = (t = '2024-01-01T00:00:05Z') => [{ type: 'Ready', status: 'True', lastTransitionTime: t }];
const notReady = [{ type: 'Ready', status: 'False', lastTransitionTime: '2024-01-01T00:00:03Z' }];

function pod(name: string, ip: string, o: { labels?: Record<string, string>; conditions?: unknown[]; ports?: Array<{ name: string; containerPort: number }>; deleting?: boolean; phase?: string } = {}): Pod {
  return {
    metadata: { name, namespace: 'ns', labels: o.labels ?? { app: 'web' }, ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:01:00Z' } : {}) },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', ports: o.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: o.phase ?? 'Running', ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}), conditions: (o.conditions ?? ready()) as never },
  };
}

function service(name: string, o: { selector?: Record<string, string> | null; publish?: boolean; labels?: Record<string, string>; ports?: unknown[]; clusterIP?: string } = {}): Service {
  return {
    metadata: { name, namespace: 'ns', ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      ...(o.selector === null ? {} : { selector: o.selector ?? { app: 'web' } }),
      clusterIP: o.clusterIP ?? '10.96.0.10',
      ports: (o.ports ?? [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }, { name: 'raw', port: 81, protocol: 'TCP', targetPort: 9000 }]) as never,
      ...(o.publish ? { publishNotReadyAddresses: true } : {}),
    },
  };
}

describe('endpoints controller', () => {
  it('lists ready and not-ready pods per resolved port, skipping pods that do not belong', async () => {
    const env = setup(
      ['namespaces', { metadata: { name: 'ns' } }],
      ['services', service('web', { labels: { tier: 'front' } })],
      ['pods', pod('a', '10.1.0.1')],
      ['pods', pod('b', '10.1.0.2', { conditions: notReady })],
      ['pods', pod('c', '10.1.0.3', { ports: [{ name: 'other', containerPort: 7000 }] })],
      ['pods', pod('noip', '')],
      ['pods', pod('dying', '10.1.0.4', { deleting: true })],
      ['pods', pod('done', '10.1.0.5', { phase: 'Succeeded' })],
      ['pods', pod('elsewhere', '10.1.0.6', { labels: { app: 'db' } })],
    );
    try {
      const ep = await eventually(() => env.endpoints('web'), 'the Endpoints');
      const uid = (n: string) => (env.fake.tracker.get('/pods', 'ns', n) as Pod).metadata.uid!;
      const a = (n: string, ip: string) => ({ ip, nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'ns', name: n, uid: uid(n) } });
      assert.deepEqual(ep.metadata.labels, { tier: 'front' });
      assert.equal(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], ep.metadata.creationTimestamp && (env.fake.tracker.get('/services', 'ns', 'web') as Service).metadata.creationTimestamp);
      const raw = { name: 'raw', port: 9000, protocol: 'TCP' };
      const http = { name: 'http', port: 8080, protocol: 'TCP' };
      // c lacks the named port: it is only behind the raw port, so the two ports' address sets differ.
      const byPorts = (x: { ports?: Array<{ name?: string }> }, y: { ports?: Array<{ name?: string }> }) => (JSON.stringify(x.ports) < JSON.stringify(y.ports) ? -1 : 1);
      assert.deepEqual(
        [...ep.subsets!].sort(byPorts),
        [
          { addresses: [a('a', '10.1.0.1')], notReadyAddresses: [a('b', '10.1.0.2')], ports: [http] },
          { addresses: [a('a', '10.1.0.1'), a('c', '10.1.0.3')], notReadyAddresses: [a('b', '10.1.0.2')], ports: [raw] },
        ].sort(byPorts),
      );
    } finally {
      await env.stop();
    }
  });

  it('publishes not-ready and terminating pods as ready when the service asks, and marks headless services', async () => {
    const env = setup(
      ['namespaces', { metadata: { name: 'ns' } }],
      ['services', service('hl', { publish: true, clusterIP: 'None', ports: [] })],
      ['pods', pod('b', '10.1.0.2', { conditions: notReady })],
      ['pods', pod('dying', '10.1.0.4', { deleting: true })],
    );
    try {
      const ep = await eventually(() => env.endpoints('hl'), 'the Endpoints');
      assert.deepEqual(ep.metadata.labels, { 'service.kubernetes.io/headless': '' });
      assert.deepEqual(ep.subsets?.length, 1);
      assert.deepEqual(ep.subsets![0]!.addresses!.map((x) => x.ip), ['10.1.0.2', '10.1.0.4']);
      assert.equal(ep.subsets![0]!.notReadyAddresses, undefined);
      assert.equal(ep.subsets![0]!.ports, undefined);
    } finally {
      await env.stop();
    }
  });

  it('tracks pod changes, does not rewrite an unchanged object, and deletes the Endpoints with the service', async () => {
    const env = setup(
      ['namespaces', { metadata: { name: 'ns' } }],
      ['services', service('web')],
      ['services', service('manual', { selector: null })],
      ['endpoints', { metadata: { name: 'manual', namespace: 'ns' }, subsets: [{ addresses: [{ ip: '192.168.0.1' }] }] }],
      ['endpoints', { metadata: { name: 'stale', namespace: 'ns' }, subsets: [] }],
      ['pods', pod('a', '10.1.0.1', { conditions: notReady })],
    );
    try {
      const pods = env.client.resource<Pod>('pods', 'ns');
      let ep = await eventually(() => env.endpoints('web'), 'the Endpoints');
      assert.equal(ep.subsets![0]!.notReadyAddresses!.length, 1);
      await eventually(() => !env.endpoints('stale'), 'the leftover Endpoints to go');
      const cur = await pods.get('a');
      await pods.updateStatus({ ...cur, status: { ...cur.status, conditions: ready('2024-01-01T00:02:00Z') } });
      ep = await eventually(() => (env.endpoints('web')?.subsets?.[0]?.addresses ? env.endpoints('web') : undefined), 'a ready address');
      assert.equal(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], '2024-01-01T00:02:00Z');
      const updates = env.fake.actionsFor('update', 'endpoints').length;
      // A change that matters to no endpoint (an annotation) writes nothing.
      await pods.patch('a', { metadata: { annotations: { x: 'y' } } });
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(env.fake.actionsFor('update', 'endpoints').length, updates);
      // The selector-less service's hand-made Endpoints is left alone.
      assert.equal(env.endpoints('manual')?.subsets?.[0]?.addresses?.[0]?.ip, '192.168.0.1');
      await env.client.resource('services', 'ns').delete('web');
      await eventually(() => !env.endpoints('web'), 'the Endpoints to go');
    } finally {
      await env.stop();
    }
  });
});
