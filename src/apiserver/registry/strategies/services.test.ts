import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { serviceStrategy } from './services.js';
import { create, ctx, update } from './testing.js';

const env = { serviceCIDR: '10.96.0.0/12', nodePortRange: '30000-32767', lookup: () => undefined };
const svc = (spec: Record<string, unknown>, name = 'web') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });

test('a ClusterIP service gets upstream defaults and an IP', () => {
  const { obj, errs } = create(serviceStrategy(env), svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
  assert.deepEqual(errs, []);
  const spec = obj.spec as Record<string, unknown>;
  assert.match(String(spec.clusterIP), /^10\.(9[6-9]|10[0-9]|11[01])\./);
  assert.deepEqual(spec.clusterIPs, [spec.clusterIP]);
  assert.deepEqual({ ...spec, clusterIP: 'x', clusterIPs: ['x'] }, {
    selector: { app: 'web' },
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    sessionAffinity: 'None',
    type: 'ClusterIP',
    internalTrafficPolicy: 'Cluster',
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
    clusterIP: 'x',
    clusterIPs: ['x'],
  });
  assert.deepEqual(obj.status, { loadBalancer: {} });
});

test('NodePort and LoadBalancer defaults and allocation', () => {
  const np = create(serviceStrategy(env), svc({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] }));
  assert.deepEqual(np.errs, []);
  const spec = np.obj.spec as { externalTrafficPolicy: string; ports: Array<{ nodePort: number }> };
  assert.equal(spec.externalTrafficPolicy, 'Cluster');
  assert.ok(spec.ports[0]!.nodePort >= 30000 && spec.ports[0]!.nodePort <= 32767);
  const lb = create(serviceStrategy(env), svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 443 }] }));
  assert.deepEqual(lb.errs, []);
  const ls = lb.obj.spec as { allocateLoadBalancerNodePorts: boolean; healthCheckNodePort: number };
  assert.equal(ls.allocateLoadBalancerNodePorts, true);
  assert.ok(ls.healthCheckNodePort >= 30000);
});

test('ExternalName services keep only the type-independent defaults', () => {
  const { obj, errs } = create(serviceStrategy(env), svc({ type: 'ExternalName', externalName: 'example.com' }));
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.spec, { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
});

test('service validation messages', () => {
  const s = serviceStrategy(env);
  assert.deepEqual(create(s, svc({})).errs, ['spec.ports: Required value']);
  assert.deepEqual(create(s, svc({ ports: [{ port: 80 }, { port: 0, name: 'b' }] })).errs, [
    'spec.ports[0].name: Required value',
    'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    'spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
  ]);
  assert.deepEqual(create(s, svc({ ports: [{ port: 80, nodePort: 30080 }] })).errs, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
  assert.deepEqual(create(s, svc({ type: 'Fancy', ports: [{ port: 80 }] })).errs, ['spec.type: Unsupported value: "Fancy": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']);
  assert.deepEqual(create(s, svc({ type: 'ExternalName', externalName: 'bad_name' })).errs, [
    "spec.externalName: Invalid value: \"bad_name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.deepEqual(create(s, svc({ clusterIP: '1.2.3.4', ports: [{ port: 80 }] })).errs, [
    'spec.clusterIPs: Invalid value: []string{"1.2.3.4"}: failed to allocate IP 1.2.3.4: the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
  ]);
  assert.deepEqual(create(s, svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })).errs, [
    'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
  ]);
});

test('updates keep allocated values, clusterIP is immutable, type changes drop node ports', () => {
  const s = serviceStrategy(env);
  const { obj: old } = create(s, svc({ type: 'NodePort', ports: [{ port: 80 }] }));
  const oldSpec = old.spec as { clusterIP: string; ports: Array<{ nodePort: number }> };
  const kept = update(s, old, svc({ type: 'NodePort', ports: [{ port: 80 }] }));
  assert.deepEqual(kept.errs, []);
  assert.equal((kept.obj.spec as { clusterIP: string }).clusterIP, oldSpec.clusterIP);
  assert.equal((kept.obj.spec as { ports: Array<{ nodePort: number }> }).ports[0]!.nodePort, oldSpec.ports[0]!.nodePort);
  const changed = update(s, old, { ...old, spec: { ...(old.spec as object), clusterIP: '10.96.0.77', clusterIPs: ['10.96.0.77'] } });
  assert.deepEqual(changed.errs, ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.77"}: may not change once set']);
  const toClusterIP = update(s, old, { ...old, spec: { ...(old.spec as object), type: 'ClusterIP' } });
  assert.deepEqual(toClusterIP.errs, []);
  assert.equal((toClusterIP.obj.spec as { ports: Array<{ nodePort?: number }> }).ports[0]!.nodePort, undefined);
  assert.equal((toClusterIP.obj.spec as { externalTrafficPolicy?: string }).externalTrafficPolicy, undefined);
});

test('status writes validate the load balancer status', () => {
  const s = serviceStrategy(env);
  const { obj: old } = create(s, svc({ ports: [{ port: 80 }] }));
  const r = update(s, old, { ...old, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }, ctx('status'));
  assert.deepEqual(r.errs, ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"]);
  assert.deepEqual(s.selectableFields!(old), { 'spec.clusterIP': (old.spec as { clusterIP: string }).clusterIP, 'spec.type': 'ClusterIP' });
});
