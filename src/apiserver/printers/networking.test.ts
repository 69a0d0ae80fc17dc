import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointSlicePrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking.js';
import { headers, meta, NOW } from './testutil.test.js';
import type { KubeObject } from './types.js';

const ingress = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: meta('web'),
  spec,
  status,
});
const rules = (...hosts: string[]) => hosts.map((host) => (host === '' ? { http: { paths: [] } } : { host }));

test('ingress', () => {
  assert.deepEqual(headers(ingressPrinter), ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
  const ing = ingress(
    { ingressClassName: 'nginx', rules: rules('foo.example.com', 'bar.example.com'), tls: [{ hosts: ['foo.example.com'], secretName: 'tls' }] },
    { loadBalancer: { ingress: [{ ip: '192.0.2.10' }, { hostname: 'edge.example.com' }] } },
  );
  assert.deepEqual(ingressPrinter.cells(ing, NOW), ['web', 'nginx', 'foo.example.com,bar.example.com', '192.0.2.10,edge.example.com', '80, 443', '2d']);
  assert.deepEqual(ingressPrinter.cells(ingress({ defaultBackend: {} }), NOW), ['web', '<none>', '*', '', '80', '2d']);
});

test('ingress hosts: three at most, counted over all rules', () => {
  const hosts = (...h: string[]) => ingressPrinter.cells(ingress({ rules: rules(...h) }), NOW)[2];
  assert.equal(hosts('a', 'b', '', 'c', 'd'), 'a,b,c + 2 more...');
  assert.equal(hosts('a', 'b', 'c'), 'a,b,c');
  assert.equal(hosts('', 'a', 'b', 'c'), 'a,b,c');
  assert.equal(hosts('', ''), '*');
});

test('ingress class', () => {
  assert.deepEqual(headers(ingressClassPrinter), ['Name', 'Controller', 'Parameters', 'Age']);
  const ic = (parameters?: Record<string, unknown>): KubeObject => ({
    metadata: { name: 'nginx', creationTimestamp: meta('x').creationTimestamp },
    spec: { controller: 'k8s.io/ingress-nginx', ...(parameters ? { parameters } : {}) },
  });
  assert.deepEqual(ingressClassPrinter.cells(ic(), NOW), ['nginx', 'k8s.io/ingress-nginx', '<none>', '2d']);
  const grouped = ic({ apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' });
  assert.equal(ingressClassPrinter.cells(grouped, NOW)[2], 'IngressParameters.k8s.example.com/external-lb');
  const core = ic({ kind: 'ConfigMap', name: 'cfg', scope: 'Namespace', namespace: 'ingress' });
  assert.equal(ingressClassPrinter.cells(core, NOW)[2], 'ConfigMap/cfg');
});

test('network policy', () => {
  assert.deepEqual(headers(networkPolicyPrinter), ['Name', 'Pod-Selector', 'Age']);
  const np = (podSelector?: unknown): KubeObject => ({ metadata: meta('db'), spec: podSelector === undefined ? {} : { podSelector } });
  assert.deepEqual(networkPolicyPrinter.cells(np({ matchLabels: { role: 'db' } }), NOW), ['db', 'role=db', '2d']);
  assert.deepEqual(networkPolicyPrinter.cells(np({}), NOW), ['db', '<none>', '2d']);
  assert.deepEqual(networkPolicyPrinter.cells(np(), NOW), ['db', '<none>', '2d']);
  const expr = np({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }, { key: 'app', operator: 'Exists' }] });
  assert.equal(networkPolicyPrinter.cells(expr, NOW)[1], 'app,tier notin (web)');
});

test('endpoint slice', () => {
  assert.deepEqual(headers(endpointSlicePrinter), ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
  const slice = (ports: unknown[], endpoints: unknown[]): KubeObject => ({
    metadata: { ...meta('web-abc12'), labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    ...(ports.length ? { ports } : {}),
    endpoints,
  });
  const eps = (...ips: string[]) => ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } }));
  assert.deepEqual(endpointSlicePrinter.cells(slice([{ name: 'http', port: 80, protocol: 'TCP' }], eps('10.244.1.5', '10.244.2.7')), NOW), [
    'web-abc12', 'IPv4', '80', '10.244.1.5,10.244.2.7', '2d',
  ]);
  assert.deepEqual(endpointSlicePrinter.cells(slice([], []), NOW).slice(2, 4), ['<unset>', '<unset>']);
  const ports = [{ port: 1 }, { port: 2 }, { name: 'named' }, {}];
  assert.deepEqual(endpointSlicePrinter.cells(slice(ports, eps('a', 'b', 'c', 'd', 'e')), NOW).slice(2, 4), ['1,2,named + 1 more...', 'a,b,c + 2 more...']);
  assert.equal(endpointSlicePrinter.cells(slice([{}], []), NOW)[2], '*');
});
