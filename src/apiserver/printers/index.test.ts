import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPrinter, hasPrinter, printerFor } from './index.js';
import { NOW } from './testutil.test.js';

const SERVED: [string, string][] = [
  ['', 'Pod'], ['', 'PodTemplate'], ['', 'ReplicationController'], ['', 'Service'], ['', 'Endpoints'], ['', 'Node'],
  ['', 'Namespace'], ['', 'Event'], ['', 'ResourceQuota'], ['', 'PersistentVolume'], ['', 'PersistentVolumeClaim'],
  ['', 'ConfigMap'], ['', 'Secret'], ['', 'ServiceAccount'], ['', 'ComponentStatus'],
  ['apps', 'Deployment'], ['apps', 'ReplicaSet'], ['apps', 'StatefulSet'], ['apps', 'DaemonSet'], ['apps', 'ControllerRevision'],
  ['batch', 'Job'], ['batch', 'CronJob'], ['autoscaling', 'HorizontalPodAutoscaler'], ['autoscaling', 'Scale'],
  ['coordination.k8s.io', 'Lease'], ['discovery.k8s.io', 'EndpointSlice'], ['events.k8s.io', 'Event'],
  ['rbac.authorization.k8s.io', 'RoleBinding'], ['rbac.authorization.k8s.io', 'ClusterRoleBinding'],
  ['storage.k8s.io', 'StorageClass'], ['certificates.k8s.io', 'CertificateSigningRequest'], ['policy', 'PodDisruptionBudget'],
  ['networking.k8s.io', 'Ingress'], ['networking.k8s.io', 'IngressClass'], ['networking.k8s.io', 'NetworkPolicy'],
  ['scheduling.k8s.io', 'PriorityClass'],
];

test('every served kind with an upstream printer has one', () => {
  for (const [group, kind] of SERVED) assert.ok(hasPrinter(group, kind), `${group}/${kind}`);
});

test('kinds without a printer fall back to NAME / CREATED AT', () => {
  for (const [group, kind] of [
    ['', 'LimitRange'],
    ['rbac.authorization.k8s.io', 'Role'],
    ['rbac.authorization.k8s.io', 'ClusterRole'],
    ['example.com', 'Widget'],
    ['apps', 'Pod'],
  ] as const) {
    assert.equal(printerFor(group, kind), defaultPrinter, `${group}/${kind}`);
  }
  assert.deepEqual(defaultPrinter.cells({ metadata: { name: 'w', creationTimestamp: '2024-01-02T03:04:05Z' } }, NOW), ['w', '2024-01-02T03:04:05Z']);
  assert.deepEqual(defaultPrinter.cells({ metadata: { name: 'w', creationTimestamp: '2024-01-02T03:04:05.999+02:00' } }, NOW), ['w', '2024-01-02T01:04:05Z']);
  assert.deepEqual(defaultPrinter.cells({ metadata: { name: 'w' } }, NOW), ['w', '0001-01-01T00:00:00Z']);
});

test('every printer has exactly one name-format column (Scale excepted) and survives an empty object', () => {
  for (const [group, kind] of SERVED) {
    const p = printerFor(group, kind);
    const named = p.columns.filter((c) => c.format === 'name');
    assert.equal(named.length, kind === 'Scale' ? 0 : 1, `${group}/${kind}`);
    if (kind !== 'Event') assert.equal(p.columns[0]!.name, 'Name', `${group}/${kind}`);
    for (const c of p.columns) assert.ok(c.description.length > 0, `${group}/${kind} ${c.name}`);
    const cells = p.cells({ metadata: { name: 'x' } }, NOW);
    assert.equal(cells.length, p.columns.length, `${group}/${kind}`);
    const nameAt = kind === 'Event' ? cells.length - 1 : 0;
    assert.equal(cells[nameAt], 'x', `${group}/${kind}`);
    assert.doesNotThrow(() => p.cells({}, NOW), `${group}/${kind}`);
  }
});

test('cells are JSON-serializable values only', () => {
  for (const [group, kind] of SERVED) {
    for (const cell of printerFor(group, kind).cells({ metadata: { name: 'x', creationTimestamp: '2024-05-01T00:00:00Z' } }, NOW)) {
      assert.ok(['string', 'number', 'boolean'].includes(typeof cell), `${group}/${kind}: ${String(cell)}`);
    }
  }
});
