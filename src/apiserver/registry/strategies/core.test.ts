import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { configMapStrategy } from './configmaps.js';
import { endpointsStrategy } from './endpoints.js';
import { eventStrategy } from './events.js';
import { limitRangeStrategy } from './limitranges.js';
import { namespaceStrategy } from './namespaces.js';
import { nodeStrategy } from './nodes.js';
import { persistentVolumeClaimStrategy } from './persistentvolumeclaims.js';
import { persistentVolumeStrategy } from './persistentvolumes.js';
import { podTemplateStrategy } from './podtemplates.js';
import { resourceQuotaStrategy } from './resourcequotas.js';
import { secretStrategy } from './secrets.js';
import { create, ctx, update } from './testing.js';
import { RESOURCES } from '../../../api/resources.js';

const meta = (name = 'x', namespace: string | undefined = 'default') => ({ name, ...(namespace ? { namespace } : {}) });
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('ConfigMaps: keys, size, immutability', () => {
  const s = configMapStrategy();
  assert.deepEqual(create(s, { metadata: meta(), data: { 'good.key': 'v', 'bad key': 'v' } }).errs, [
    "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]);
  assert.deepEqual(create(s, { metadata: meta(), data: { a: 'x'.repeat(1024 * 1024 + 1) } }).errs, ['[]: Too long: may not be more than 1048576 bytes']);
  const { obj: old } = create(s, { metadata: meta(), data: { a: '1' }, immutable: true });
  assert.deepEqual(update(s, old, { metadata: meta(), data: { a: '2' }, immutable: true }).errs, ['data: Forbidden: field is immutable when `immutable` is set']);
  assert.equal(create(s, { metadata: meta(), data: {} }).obj.data, undefined);
});

test('Secrets: type Opaque, stringData, type-specific keys, immutable type', () => {
  const s = secretStrategy();
  const { obj, errs } = create(s, { metadata: meta(), stringData: { user: 'admin' } });
  assert.deepEqual(errs, []);
  assert.equal(obj.type, 'Opaque');
  assert.deepEqual(obj.data, { user: b64('admin') });
  assert.equal(obj.stringData, undefined);
  assert.deepEqual(create(s, { metadata: meta(), type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } }).errs, ['data[tls.key]: Required value']);
  assert.deepEqual(create(s, { metadata: meta(), type: 'kubernetes.io/dockerconfigjson', data: {} }).errs, ['data[.dockerconfigjson]: Required value']);
  assert.deepEqual(create(s, { metadata: meta(), type: 'kubernetes.io/basic-auth', data: {} }).errs, ['data[username]: Required value', 'data[password]: Required value']);
  assert.deepEqual(create(s, { metadata: meta(), type: 'kubernetes.io/ssh-auth', data: {} }).errs, ['data[ssh-privatekey]: Required value']);
  assert.deepEqual(create(s, { metadata: meta(), type: 'kubernetes.io/service-account-token' }).errs, ['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
  const { obj: old } = create(s, { metadata: meta(), data: { a: b64('1') } });
  assert.deepEqual(update(s, old, { metadata: meta(), type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }).errs, ['type: Invalid value: "kubernetes.io/tls": field is immutable']);
  const { obj: frozen } = create(s, { metadata: meta(), data: { a: b64('1') }, immutable: true });
  assert.deepEqual(update(s, frozen, { metadata: meta(), data: { a: b64('2') }, immutable: true }).errs, ['data: Forbidden: field is immutable when `immutable` is set']);
  assert.deepEqual(s.selectableFields!(obj), { type: 'Opaque' });
});

test('Namespaces: label, finalizer, status phase, finalize and status rules', () => {
  const s = namespaceStrategy();
  const { obj, errs } = create(s, { metadata: meta('team-a', undefined), spec: { finalizers: ['example.com/x'] } });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.metadata.labels, { 'kubernetes.io/metadata.name': 'team-a' });
  assert.deepEqual(obj.spec, { finalizers: ['example.com/x', 'kubernetes'] });
  assert.deepEqual(obj.status, { phase: 'Active' });
  assert.deepEqual(update(s, obj, { ...obj, spec: { finalizers: ['bogus'] } }, ctx('finalize')).errs, [
    'spec.finalizers[0]: Invalid value: "bogus": name is neither a standard finalizer name nor is it fully qualified',
  ]);
  assert.deepEqual(update(s, obj, { ...obj, status: { phase: 'Terminating' } }, ctx('status')).errs, ["status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty"]);
  assert.deepEqual(s.selectableFields!(obj), { 'status.phase': 'Active' });
});

test('Nodes: podCIDRs, taints, allocatable, podCIDR immutability', () => {
  const s = nodeStrategy();
  const { obj, errs } = create(s, { metadata: meta('n1', undefined), spec: { podCIDR: '10.244.0.0/24' }, status: { capacity: { cpu: '4', memory: '8192Mi' } } });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.spec, { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] });
  assert.deepEqual(obj.status, { capacity: { cpu: '4', memory: '8Gi' }, allocatable: { cpu: '4', memory: '8Gi' } });
  assert.deepEqual(create(s, { metadata: meta('n1', undefined), spec: { taints: [{ key: 'k', effect: 'Sometimes' }] } }).errs, [
    'metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
  ]);
  assert.deepEqual(update(s, obj, { ...obj, spec: { podCIDR: '10.245.0.0/24' } }).errs, ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid']);
  assert.deepEqual(s.selectableFields!({ metadata: {} }), { 'spec.unschedulable': 'false' });
});

test('PersistentVolumes and claims', () => {
  const pv = persistentVolumeStrategy();
  const { obj, errs } = create(pv, { metadata: meta('pv1', undefined), spec: { capacity: { storage: '1024Mi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.spec, { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data', type: '' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
  assert.deepEqual(obj.status, { phase: 'Pending', lastPhaseTransitionTime: '2024-01-02T03:04:05Z' });
  assert.deepEqual(create(pv, { metadata: meta('pv1', undefined), spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } }).errs, ['spec: Required value: must specify a volume type']);
  const pvc = persistentVolumeClaimStrategy();
  const c = create(pvc, { metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  assert.deepEqual(c.errs, []);
  assert.equal((c.obj.spec as { volumeMode: string }).volumeMode, 'Filesystem');
  assert.deepEqual(c.obj.status, { phase: 'Pending' });
  assert.deepEqual(create(pvc, { metadata: meta('data'), spec: { accessModes: ['ReadWriteMany', 'Sometimes'] } }).errs, [
    'spec.accessModes: Unsupported value: "Sometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    'spec.resources[storage]: Required value',
  ]);
  const u = update(pvc, c.obj, { ...c.obj, spec: { ...(c.obj.spec as object), storageClassName: 'fast' } });
  assert.equal(u.errs.length, 0);
  const v = update(pvc, c.obj, { ...c.obj, spec: { ...(c.obj.spec as object), accessModes: ['ReadWriteMany'] } });
  assert.ok(v.errs[0]!.startsWith('spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
});

test('LimitRanges: container defaults and ordering checks', () => {
  const s = limitRangeStrategy();
  const { obj, errs } = create(s, { metadata: meta(), spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] } });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.spec, { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '64Mi' } }] });
  const bad = create(s, { metadata: meta(), spec: { limits: [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }] } }).errs;
  assert.ok(bad[0]!.startsWith('spec.limits[0].min[cpu]: Invalid value: resource.Quantity{'));
  assert.ok(bad[0]!.endsWith('min value 2 is greater than max value 1'));
});

test('ResourceQuotas: names, integer counts, immutable scopes', () => {
  const s = resourceQuotaStrategy();
  const { obj, errs } = create(s, { metadata: meta(), spec: { hard: { pods: '10', 'requests.memory': '1024Mi' } } });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.spec, { hard: { pods: '10', 'requests.memory': '1Gi' } });
  assert.deepEqual(create(s, { metadata: meta(), spec: { hard: { pods: '1.5', foo: '1' } } }).errs, [
    'spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
    'spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota',
    'spec.hard[pods]: Invalid value: 1500m: must be an integer',
  ]);
  assert.deepEqual(update(s, obj, { ...obj, spec: { hard: { pods: '10' }, scopes: ['BestEffort'] } }).errs, [
    'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: field is immutable',
  ]);
});

test('Endpoints: protocol default and address checks', () => {
  const s = endpointsStrategy();
  const { obj, errs } = create(s, { metadata: meta(), subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80 }] }] });
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.subsets, [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
  assert.deepEqual(create(s, { metadata: meta(), subsets: [{ addresses: [{ ip: '127.0.0.1' }] }, {}] }).errs, [
    'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    'subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`',
  ]);
});

test('Events: legacy and events.k8s.io validation', () => {
  const core = eventStrategy(RESOURCES.find((r) => r.group === '' && r.plural === 'events')!);
  assert.deepEqual(create(core, { metadata: meta('e1'), involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'Started' }).errs, []);
  assert.deepEqual(create(core, { metadata: meta('e1'), involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } }).errs, [
    'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
  ]);
  const v1 = eventStrategy(RESOURCES.find((r) => r.group === 'events.k8s.io')!);
  assert.deepEqual(create(v1, { metadata: meta('e1'), regarding: { namespace: 'default' }, reason: 'R', action: 'A', type: 'Normal' }).errs, ['eventTime: Required value']);
  assert.deepEqual(
    create(v1, { metadata: meta('e1'), eventTime: '2024-01-01T00:00:00.000000Z', regarding: { namespace: 'default' }, reason: 'R', action: 'A', reportingController: 'c', reportingInstance: 'i', type: 'Bad' }).errs,
    ['type: Invalid value: "": has invalid value: Bad'],
  );
  assert.equal(core.ttlSeconds, 3600);
});

test('PodTemplates default and validate their template', () => {
  const s = podTemplateStrategy();
  const { obj, errs } = create(s, { metadata: meta(), template: { spec: { containers: [{ name: 'c', image: 'x:1' }] } } });
  assert.deepEqual(errs, []);
  assert.equal((obj.template as { spec: { restartPolicy: string } }).spec.restartPolicy, 'Always');
  assert.deepEqual(create(s, { metadata: meta(), template: { spec: {} } }).errs, ['template.spec.containers: Required value']);
});
