import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { RESOURCES } from '../../../api/resources.js';
import { csrStrategy } from './csr.js';
import { endpointSliceStrategy } from './endpointslices.js';
import { hpaStrategy } from './hpa.js';
import { ingressClassStrategy, ingressStrategy } from './ingresses.js';
import { leaseStrategy } from './leases.js';
import { networkPolicyStrategy } from './networkpolicies.js';
import { pdbStrategy } from './pdb.js';
import { priorityClassStrategy } from './priorityclasses.js';
import { rbacStrategies } from './rbac.js';
import { storageClassStrategy } from './storageclasses.js';
import { create, ctx, update } from './testing.js';
import { strategyFor } from './index.js';

const meta = (name = 'x', namespace: string | undefined = 'default') => ({ name, ...(namespace ? { namespace } : {}) });
const def = (group: string, plural: string, version?: string) => RESOURCES.find((r) => r.group === group && r.plural === plural && (!version || r.version === version))!;

test('HPA v2 defaults (minReplicas, CPU metric, behavior) and validation', () => {
  const s = hpaStrategy(def('autoscaling', 'horizontalpodautoscalers', 'v2'));
  const { obj, errs } = create(s, { metadata: meta(), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.spec, {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    maxReplicas: 5,
    minReplicas: 1,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    behavior: {
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    },
  });
  assert.deepEqual(obj.status, { desiredReplicas: 0 });
  assert.deepEqual(create(s, { metadata: meta(), spec: { scaleTargetRef: { kind: 'Deployment' }, minReplicas: 5, maxReplicas: 2 } }).errs, [
    'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
    'spec.scaleTargetRef.name: Required value',
  ]);
  const v1 = hpaStrategy(def('autoscaling', 'horizontalpodautoscalers', 'v1'));
  assert.deepEqual(create(v1, { metadata: meta(), spec: { scaleTargetRef: { kind: 'Deployment', name: 'w' }, maxReplicas: 3 } }).obj.spec, { scaleTargetRef: { kind: 'Deployment', name: 'w' }, maxReplicas: 3, minReplicas: 1 });
});

test('PDB: minAvailable xor maxUnavailable, percent limits', () => {
  const s = pdbStrategy();
  const ok = create(s, { metadata: meta(), spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
  assert.deepEqual(ok.errs, []);
  assert.deepEqual(ok.obj.status, { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
  const both = create(s, { metadata: meta(), spec: { minAvailable: 1, maxUnavailable: '150%' } }).errs;
  assert.equal(both.length, 2);
  assert.ok(both[0]!.endsWith(': minAvailable and maxUnavailable cannot be both set'));
  assert.equal(both[1], 'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%');
});

test('Ingress and IngressClass', () => {
  const s = ingressStrategy();
  assert.deepEqual(create(s, { metadata: meta(), spec: {} }).errs, ['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']);
  const rule = (p: Record<string, unknown>) => ({ metadata: meta(), spec: { rules: [{ host: 'example.com', http: { paths: [p] } }] } });
  assert.deepEqual(create(s, rule({ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } })).errs, ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']);
  assert.deepEqual(create(s, rule({ path: 'api', pathType: 'Prefix', backend: { service: { name: 'web', port: {} } } })).errs, [
    'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
    'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
  ]);
  const ok = create(s, rule({ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }));
  assert.deepEqual(ok.errs, []);
  assert.deepEqual(ok.obj.status, { loadBalancer: {} });
  const ic = ingressClassStrategy();
  const c = create(ic, { metadata: meta('nginx', undefined), spec: { controller: 'k8s.io/ingress-nginx', parameters: { kind: 'IngressParameters', name: 'p', apiGroup: 'k8s.example.com' } } });
  assert.deepEqual(c.errs, []);
  assert.equal((c.obj.spec as { parameters: { scope: string } }).parameters.scope, 'Cluster');
  assert.deepEqual(update(ic, c.obj, { ...c.obj, spec: { controller: 'example.com/other' } }).errs, ['spec.controller: Invalid value: "example.com/other": field is immutable']);
});

test('NetworkPolicy defaults policyTypes and port protocol', () => {
  const s = networkPolicyStrategy();
  const { obj, errs } = create(s, { metadata: meta(), spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.spec, { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }], policyTypes: ['Ingress', 'Egress'] });
  assert.deepEqual(create(s, { metadata: meta(), spec: { podSelector: {}, ingress: [{ from: [{}] }], policyTypes: ['Sideways'] } }).errs, [
    'spec.ingress[0].from[0]: Required value: must specify a peer',
    'spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
  ]);
  assert.deepEqual(create(s, { metadata: meta(), spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }] }] } }).errs, [
    'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`',
  ]);
});

test('RBAC: subject apiGroup defaults, roleRef rules, rules', () => {
  const rb = rbacStrategies.rolebindings();
  const { obj, errs } = create(rb, { metadata: meta('rb'), roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default' }] });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.roleRef, { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
  assert.deepEqual(obj.subjects, [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default', apiGroup: '' }]);
  assert.deepEqual(update(rb, obj, { ...obj, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' } }).errs, [
    'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"r"}: cannot change roleRef',
  ]);
  const crb = rbacStrategies.clusterrolebindings();
  assert.deepEqual(create(crb, { metadata: meta('crb', undefined), roleRef: { kind: 'Role', name: '' }, subjects: [{ kind: 'Robot', name: 'r2' }, { kind: 'ServiceAccount', name: 'sa' }] }).errs, [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    'roleRef.name: Required value',
    'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    'subjects[1].namespace: Required value',
  ]);
  assert.deepEqual(create(rbacStrategies.roles(), { metadata: meta('r'), rules: [{ verbs: [], nonResourceURLs: ['/healthz'] }] }).errs, [
    'rules[0].verbs: Required value: verbs must contain at least one value',
    'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
  ]);
  assert.equal(rbacStrategies.clusterroles().nameValidation, 'path-segment');
});

test('StorageClass defaults and immutability', () => {
  const s = storageClassStrategy();
  const { obj, errs } = create(s, { metadata: meta('fast', undefined), provisioner: 'example.com/csi' });
  assert.deepEqual(errs, []);
  assert.equal(obj.reclaimPolicy, 'Delete');
  assert.equal(obj.volumeBindingMode, 'Immediate');
  assert.deepEqual(create(s, { metadata: meta('fast', undefined) }).errs, ['provisioner: Required value']);
  assert.deepEqual(update(s, obj, { ...obj, provisioner: 'example.com/other' }).errs, ['provisioner: Forbidden: updates to provisioner are forbidden.']);
});

test('PriorityClass defaults and value rules', () => {
  const s = priorityClassStrategy();
  const { obj, errs } = create(s, { metadata: meta('high', undefined), value: 1000 });
  assert.deepEqual(errs, []);
  assert.equal(obj.preemptionPolicy, 'PreemptLowerPriority');
  assert.deepEqual(create(s, { metadata: meta('huge', undefined), value: 2000000000 }).errs, ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
  assert.deepEqual(create(s, { metadata: meta('system-mine', undefined), value: 1 }).errs, [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
  ]);
  assert.deepEqual(update(s, obj, { ...obj, value: 2 }).errs, ['value: Forbidden: may not be changed in an update.']);
});

test('Lease, EndpointSlice and CSR', () => {
  assert.deepEqual(create(leaseStrategy(), { metadata: meta('l'), spec: { leaseDurationSeconds: 0 } }).errs, ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
  assert.equal(leaseStrategy().allowCreateOnUpdate, true);
  const es = endpointSliceStrategy();
  const { obj, errs } = create(es, { metadata: meta('s'), addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.ports, [{ port: 80, name: '', protocol: 'TCP' }]);
  assert.deepEqual(create(es, { metadata: meta('s'), addressType: 'IPv4', endpoints: [{ addresses: ['fe80::1'] }] }).errs, ['endpoints[0].addresses[0]: Invalid value: "fe80::1": must be a valid IPv4 address']);
  assert.deepEqual(update(es, obj, { ...obj, addressType: 'IPv6', endpoints: [] }).errs, ['addressType: Invalid value: "IPv6": field is immutable']);
  const csr = csrStrategy();
  const c = create(csr, { metadata: meta('c', undefined), spec: { request: Buffer.from('nope').toString('base64'), signerName: 'example', usages: ['client auth', 'flying'] } });
  assert.equal(c.obj.spec && (c.obj.spec as { username: string }).username, 'alice');
  assert.deepEqual(c.errs, [
    'spec.request: Invalid value: []byte{...}: PEM block type must be CERTIFICATE REQUEST',
    'spec.usages[1]: Unsupported value: "flying": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"',
    "spec.signerName: Invalid value: \"example\": must be a fully qualified domain and path of the form 'example.com/signer-name'",
  ]);
  assert.deepEqual(csr.selectableFields!(c.obj), { 'spec.signerName': 'example' });
  void ctx;
});

test('strategyFor wires every served resource', () => {
  const env = { serviceCIDR: '10.96.0.0/12', nodePortRange: '30000-32767', lookup: () => undefined };
  for (const d of RESOURCES) assert.ok(strategyFor(d, env), `${d.group}/${d.plural}`);
  assert.equal(strategyFor(def('apps', 'deployments'), env).generation, true);
  assert.equal(strategyFor(def('', 'pods'), env).generation, undefined);
  assert.equal(strategyFor(def('', 'services'), env).nameValidation, 'dns1035');
});
