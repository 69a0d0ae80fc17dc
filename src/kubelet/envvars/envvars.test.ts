import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/types.js';
import { startInProcessServer } from '../../machinery/client/testenv.js';
import { expand } from './expand.js';
import { EnvError, makeEnvironment } from './index.js';
import { serviceEnv } from './services.js';

test('expand follows upstream $(VAR) rules', () => {
  const m = (n: string) => ({ A: 'a', B: 'b' } as Record<string, string>)[n];
  assert.equal(expand('$(A)-$(B)', m), 'a-b');
  assert.equal(expand('$(C)', m), '$(C)');
  assert.equal(expand('$$(A)', m), '$(A)');
  assert.equal(expand('$A $(', m), '$A $(');
  assert.equal(expand('x$', m), 'x$');
});

test('serviceEnv makes host/port and docker link variables', () => {
  const env = serviceEnv([
    { metadata: { name: 'my-svc' }, spec: { clusterIP: '10.0.0.5', ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }] } },
    { metadata: { name: 'headless' }, spec: { clusterIP: 'None', ports: [{ port: 1 }] } },
  ]);
  const m = Object.fromEntries(env.map((e) => [e.key, e.value]));
  assert.equal(m.MY_SVC_SERVICE_HOST, '10.0.0.5');
  assert.equal(m.MY_SVC_SERVICE_PORT, '80');
  assert.equal(m.MY_SVC_SERVICE_PORT_HTTP, '80');
  assert.equal(m.MY_SVC_SERVICE_PORT_DNS, '53');
  assert.equal(m.MY_SVC_PORT, 'tcp://10.0.0.5:80');
  assert.equal(m.MY_SVC_PORT_53_UDP, 'udp://10.0.0.5:53');
  assert.equal(m.MY_SVC_PORT_53_UDP_PROTO, 'udp');
  assert.equal(m.MY_SVC_PORT_80_TCP_ADDR, '10.0.0.5');
  assert.equal(m.HEADLESS_SERVICE_HOST, undefined);
});

test('makeEnvironment against the API server', async (t) => {
  const srv = await startInProcessServer();
  t.after(() => srv.stop());
  const client = srv.client('kubelet-test');
  await client.resource('namespaces').create({ metadata: { name: 'ns1' } });
  await client.resource('configmaps', 'ns1').create({ metadata: { name: 'cm' }, data: { K1: 'v1', color: 'red' } });
  await client.resource('secrets', 'ns1').create({ metadata: { name: 'sec' }, data: { pw: Buffer.from('s3cret').toString('base64') } });
  await client.resource('services', 'ns1').create({ metadata: { name: 'web' }, spec: { ports: [{ port: 8080, protocol: 'TCP' }] } });
  const container: KubeObject = {
    metadata: {},
    name: 'c',
    resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } },
    envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'CM_' }, { secretRef: { name: 'missing', optional: true } }],
    env: [
      { name: 'A', value: 'x' },
      { name: 'B', value: '$(A)-$(CM_K1)-$(WEB_SERVICE_PORT)-$(NOPE)' },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
      { name: 'CPU_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
      { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cm', key: 'color' } } },
      { name: 'PW', valueFrom: { secretKeyRef: { name: 'sec', key: 'pw' } } },
      { name: 'OPT', valueFrom: { secretKeyRef: { name: 'sec', key: 'nope', optional: true } } },
      { name: 'CM_K1', value: 'overridden' },
    ],
  };
  const pod: KubeObject = { metadata: { name: 'p', namespace: 'ns1', uid: 'u1', labels: { app: 'demo' } }, spec: { nodeName: 'n1', containers: [container] } };
  const env = await makeEnvironment({ client, pod, container, nodeName: 'n1', hostIP: '192.0.2.1', podIP: '10.1.0.7', podIPs: ['10.1.0.7'], nodeAllocatable: { cpu: '2', memory: '1Gi' } });
  const m = Object.fromEntries(env.map((e) => [e.key, e.value]));
  assert.equal(m.B, 'x-v1-8080-$(NOPE)');
  assert.equal(m.CM_K1, 'overridden');
  assert.equal(m.CM_color, 'red');
  assert.equal(m.POD, 'p');
  assert.equal(m.APP, 'demo');
  assert.equal(m.NODE, 'n1');
  assert.equal(m.IP, '10.1.0.7');
  assert.equal(m.HOST, '192.0.2.1');
  assert.equal(m.MEM, '64');
  assert.equal(m.CPU, '1');
  assert.equal(m.CPU_M, '250');
  assert.equal(m.CPU_LIMIT, '2');
  assert.equal(m.COLOR, 'red');
  assert.equal(m.PW, 's3cret');
  assert.equal('OPT' in m, false);
  assert.equal(m.WEB_SERVICE_HOST !== undefined && m.WEB_SERVICE_HOST !== '', true);
  assert.equal(m.KUBERNETES_SERVICE_HOST, '10.96.0.1');
  assert.equal(m.KUBERNETES_SERVICE_PORT, '443');
  // Declared variables come first, in order; service variables after.
  assert.deepEqual(env.slice(0, 2).map((e) => e.key), ['CM_K1', 'CM_color']);

  // enableServiceLinks: false keeps only the master service.
  const noLinks = await makeEnvironment({ client, pod: { ...pod, spec: { ...(pod.spec as object), enableServiceLinks: false } }, container: { metadata: {}, name: 'c' }, nodeName: 'n1', hostIP: '', podIP: '', podIPs: [] });
  const keys = noLinks.map((e) => e.key);
  assert.ok(keys.includes('KUBERNETES_SERVICE_HOST'));
  assert.ok(!keys.some((k) => k.startsWith('WEB_')));

  const fail = (c: KubeObject) => makeEnvironment({ client, pod, container: c, nodeName: 'n1', hostIP: '', podIP: '', podIPs: [] });
  await assert.rejects(fail({ metadata: {}, name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }), (e: Error) => e instanceof EnvError && e.message === 'configmap "nope" not found');
  await assert.rejects(fail({ metadata: {}, name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }] }), { message: "couldn't find key k in ConfigMap ns1/cm" });
  await assert.rejects(fail({ metadata: {}, name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'sec', key: 'k' } } }] }), { message: "couldn't find key k in Secret ns1/sec" });
  await assert.rejects(fail({ metadata: {}, name: 'c', envFrom: [{ secretRef: { name: 'gone' } }] }), { message: 'secret "gone" not found' });
  const ok = await fail({ metadata: {}, name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } }] });
  assert.ok(!ok.some((e) => e.key === 'X'));
});
