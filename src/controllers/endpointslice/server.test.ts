// The endpoints and endpointslice controllers against a real API server (in process): a Service
// and its pods — whose IPs and readiness the test sets through pods/status, as a kubelet would —
// become an Endpoints object and EndpointSlices that follow readiness and named ports.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/clock.js';
import type { ControllerContext } from '../../machinery/controller/index.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { descriptor as endpointsDescriptor, type Endpoints } from '../endpoints/index.js';
import { descriptor as sliceDescriptor } from './index.js';
import type { EndpointSlice, Pod } from './util/index.js';

async function eventually<T>(get: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await get();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('endpoints and endpointslice controllers against an API server', () => {
  let server: InProcessServer;
  let client: Client;
  const ac = new AbortController();
  let informers: SharedInformerFactory;
  let running: Promise<unknown>;
  const recorders: EventRecorder[] = [];

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test');
    const cm = server.client('kube-controller-manager');
    informers = new SharedInformerFactory(cm);
    const ctx: ControllerContext = {
      client: cm,
      informers,
      recorder: (component) => {
        const r = new EventRecorder(cm, { component });
        recorders.push(r);
        return r;
      },
      clock: realClock,
      signal: ac.signal,
      log: () => {},
      options: {},
    };
    running = Promise.all([endpointsDescriptor.start(ctx), sliceDescriptor.start(ctx)]);
    informers.start(ac.signal);
    await client.resource('namespaces').create({ metadata: { name: 'web' } });
    await client.resource('nodes').create({ metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } } });
  });

  after(async () => {
    ac.abort();
    await running;
    await informers.shutdown();
    for (const r of recorders) await r.shutdown();
    await server.stop();
  });

  const pods = () => client.resource<Pod>('pods', 'web');

  async function runPod(name: string, ip: string, o: { ready: boolean; portName?: string }): Promise<void> {
    const manifest: KubeObject = {
      metadata: { name, labels: { app: 'web' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx', ports: [{ name: o.portName ?? 'http', containerPort: 8080 }] }] },
    };
    const p = await pods().create(manifest as Pod);
    await setReady(p, ip, o.ready);
  }

  async function setReady(p: Pod, ip: string, ready: boolean): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await pods().updateStatus({
      ...p,
      status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }] },
    } as Pod);
  }

  it('publishes ready and not-ready pods by resolved named port, and follows readiness', async () => {
    await client.resource('services', 'web').create({
      metadata: { name: 'web', labels: { tier: 'front' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    } as KubeObject);
    await runPod('a', '10.244.0.11', { ready: true });
    await runPod('b', '10.244.0.12', { ready: false });
    await runPod('c', '10.244.0.13', { ready: true, portName: 'metrics' });

    const eps = client.resource<Endpoints>('endpoints', 'web');
    const ep = await eventually(async () => {
      const e = await eps.get('web');
      const s = e.subsets?.[0];
      return s?.addresses?.length === 1 && s.notReadyAddresses?.length === 1 ? e : undefined;
    }, 'Endpoints with one ready and one not-ready address');
    assert.equal(ep.subsets!.length, 1);
    assert.equal(ep.subsets![0]!.addresses![0]!.ip, '10.244.0.11');
    assert.equal(ep.subsets![0]!.addresses![0]!.targetRef?.name, 'a');
    assert.equal(ep.subsets![0]!.notReadyAddresses![0]!.ip, '10.244.0.12');
    assert.deepEqual(ep.subsets![0]!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.equal(ep.metadata.labels?.tier, 'front');
    assert.ok(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']);

    const slicesApi = client.resource<EndpointSlice>('endpointslices.discovery.k8s.io', 'web');
    const sliceEndpoints = async () => {
      const list = await slicesApi.list({ labelSelector: 'kubernetes.io/service-name=web' });
      return list.items;
    };
    const slices = await eventually(async () => {
      const items = await sliceEndpoints();
      return items.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0) === 3 ? items : undefined;
    }, 'slices with 3 endpoints');
    const withHttp = slices.find((s) => s.ports?.some((p) => p.name === 'http'))!;
    const without = slices.find((s) => !s.ports?.length)!;
    assert.deepEqual(withHttp.endpoints!.map((e) => [e.targetRef?.name, e.conditions?.ready, e.zone]).sort(), [['a', true, 'zone-a'], ['b', false, 'zone-a']]);
    assert.deepEqual(without.endpoints!.map((e) => e.targetRef?.name), ['c']);
    assert.equal(withHttp.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(withHttp.metadata.ownerReferences?.[0]?.name, 'web');

    // b becomes ready.
    await setReady(await pods().get('b'), '10.244.0.12', true);
    await eventually(async () => (await eps.get('web')).subsets?.[0]?.addresses?.length === 2, 'two ready addresses');
    await eventually(async () => {
      const items = await sliceEndpoints();
      return items.flatMap((s) => s.endpoints ?? []).find((e) => e.targetRef?.name === 'b')?.conditions?.ready === true;
    }, 'b ready in its slice');

    // a is deleted (it has a node: it is marked terminating first, then goes).
    await pods().delete('a', { gracePeriodSeconds: 30 });
    await eventually(async () => {
      const e = await sliceEndpoints();
      const a = e.flatMap((s) => s.endpoints ?? []).find((x) => x.targetRef?.name === 'a');
      return a?.conditions?.terminating === true && a.conditions.ready === false && a.conditions.serving === true;
    }, 'a terminating in its slice');
    await eventually(async () => !(await eps.get('web')).subsets?.[0]?.addresses?.some((x) => x.targetRef?.name === 'a'), 'a out of the Endpoints');
  });
});
