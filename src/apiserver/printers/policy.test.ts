import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  certificateSigningRequestPrinter as csrPrinter,
  leasePrinter,
  podDisruptionBudgetPrinter as pdbPrinter,
  priorityClassPrinter,
  storageClassPrinter,
} from './cluster-policy.js';
import { printerFor } from './index.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';
import { headers, meta, NOW } from './testutil.test.js';
import type { KubeObject } from './types.js';

test('role bindings list subjects by kind in wide output', () => {
  assert.deepEqual(headers(roleBindingPrinter), ['Name', 'Role', 'Age', 'Users', 'Groups', 'ServiceAccounts']);
  assert.deepEqual(roleBindingPrinter.columns.map((c) => c.priority), [0, 0, 0, 1, 1, 1]);
  const rb: KubeObject = {
    metadata: meta('read-pods'),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    subjects: [
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'bot', namespace: 'ci' },
      { kind: 'User', name: 'bob' },
    ],
  };
  assert.deepEqual(roleBindingPrinter.cells(rb, NOW), ['read-pods', 'Role/pod-reader', '2d', 'jane, bob', 'devs', 'ci/bot']);
  const crb: KubeObject = { metadata: meta('view-all'), roleRef: { kind: 'ClusterRole', name: 'view' } };
  assert.deepEqual(headers(clusterRoleBindingPrinter), headers(roleBindingPrinter));
  assert.deepEqual(clusterRoleBindingPrinter.cells(crb, NOW), ['view-all', 'ClusterRole/view', '2d', '', '', '']);
});

test('roles and cluster roles use the default table', () => {
  for (const kind of ['Role', 'ClusterRole']) {
    const p = printerFor('rbac.authorization.k8s.io', kind);
    assert.deepEqual(headers(p), ['Name', 'Created At']);
    assert.deepEqual(p.cells({ metadata: { name: 'admin', creationTimestamp: '2024-05-08T12:00:00Z' } }, NOW), ['admin', '2024-05-08T12:00:00Z']);
  }
});

test('lease', () => {
  assert.deepEqual(headers(leasePrinter), ['Name', 'Holder', 'Age']);
  const lease = (holder?: string): KubeObject => ({
    metadata: meta('kube-controller-manager'),
    spec: holder === undefined ? {} : { holderIdentity: holder, leaseDurationSeconds: 15 },
  });
  assert.deepEqual(leasePrinter.cells(lease('cp-1_0b5c7e'), NOW), ['kube-controller-manager', 'cp-1_0b5c7e', '2d']);
  assert.deepEqual(leasePrinter.cells(lease(), NOW), ['kube-controller-manager', '', '2d']);
});

test('certificate signing requests', () => {
  assert.deepEqual(headers(csrPrinter), ['Name', 'Age', 'SignerName', 'Requestor', 'RequestedDuration', 'Condition']);
  const csr = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({ metadata: meta('csr-1'), spec, status });
  const approved = csr(
    { signerName: 'kubernetes.io/kube-apiserver-client', username: 'jane', expirationSeconds: 86400, request: 'LS0t' },
    { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved' }], certificate: 'LS0tLS1' },
  );
  assert.deepEqual(csrPrinter.cells(approved, NOW), ['csr-1', '2d', 'kubernetes.io/kube-apiserver-client', 'jane', '24h', 'Approved,Issued']);
  const pending = csr({ signerName: 'kubernetes.io/kubelet-serving', username: 'system:node:n1' });
  assert.deepEqual(csrPrinter.cells(pending, NOW), ['csr-1', '2d', 'kubernetes.io/kubelet-serving', 'system:node:n1', '<none>', 'Pending']);
  const denied = csr({ username: 'x', expirationSeconds: 600 }, { conditions: [{ type: 'Approved' }, { type: 'Denied' }, { type: 'Failed' }] });
  assert.deepEqual(csrPrinter.cells(denied, NOW).slice(2), ['<none>', 'x', '10m', 'Denied,Failed']);
});

test('pod disruption budget', () => {
  assert.deepEqual(headers(pdbPrinter), ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
  const pdb = (spec: Record<string, unknown>, allowed: number): KubeObject => ({
    metadata: meta('web-pdb'),
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    status: { disruptionsAllowed: allowed, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
  });
  assert.deepEqual(pdbPrinter.cells(pdb({ minAvailable: 2 }, 1), NOW), ['web-pdb', '2', 'N/A', 1, '2d']);
  assert.deepEqual(pdbPrinter.cells(pdb({ maxUnavailable: '25%' }, 0), NOW), ['web-pdb', 'N/A', '25%', 0, '2d']);
});

test('priority class', () => {
  assert.deepEqual(headers(priorityClassPrinter), ['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy']);
  assert.deepEqual(priorityClassPrinter.columns.map((c) => [c.type, c.priority]), [
    ['string', 0], ['integer', 0], ['boolean', 0], ['string', 0], ['string', 0],
  ]);
  const pc: KubeObject = { metadata: meta('system-cluster-critical'), value: 2000000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' };
  assert.deepEqual(priorityClassPrinter.cells(pc, NOW), ['system-cluster-critical', 2000000000, false, '2d', 'PreemptLowerPriority']);
  const batch: KubeObject = { metadata: meta('batch'), value: 100, globalDefault: true, preemptionPolicy: 'Never' };
  assert.deepEqual(priorityClassPrinter.cells(batch, NOW), ['batch', 100, true, '2d', 'Never']);
  assert.deepEqual(priorityClassPrinter.cells({ metadata: meta('low'), value: -5 }, NOW), ['low', -5, false, '2d', 'PreemptLowerPriority']);
});

test('storage class marks the default class in its name', () => {
  assert.deepEqual(headers(storageClassPrinter), ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age']);
  const standard: KubeObject = {
    metadata: { ...meta('standard'), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
  assert.deepEqual(storageClassPrinter.cells(standard, NOW), ['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '2d']);
  const legacy: KubeObject = {
    metadata: { ...meta('gold'), annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'ebs.csi.aws.com',
    reclaimPolicy: 'Retain',
    allowVolumeExpansion: true,
  };
  assert.deepEqual(storageClassPrinter.cells(legacy, NOW), ['gold (default)', 'ebs.csi.aws.com', 'Retain', 'Immediate', true, '2d']);
  const plain: KubeObject = {
    metadata: { ...meta('slow'), annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } },
    provisioner: 'example.com/nfs',
  };
  assert.deepEqual(storageClassPrinter.cells(plain, NOW), ['slow', 'example.com/nfs', 'Delete', 'Immediate', false, '2d']);
});
