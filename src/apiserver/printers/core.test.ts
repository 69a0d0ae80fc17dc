import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentStatusPrinter, namespacePrinter, nodePrinter } from './core-cluster.js';
import { configMapPrinter, resourceQuotaPrinter, secretPrinter, serviceAccountPrinter } from './core-config.js';
import { endpointsPrinter, servicePrinter } from './core-network.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter } from './core-storage.js';
import { podTemplatePrinter, replicationControllerPrinter } from './core-workloads.js';
import { printerFor } from './index.js';
import { ago, headers, meta, narrow, NOW } from './testutil.test.js';
import type { KubeObject } from './types.js';

const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(name),
  spec,
  status,
});

test('service columns', () => {
  assert.deepEqual(headers(servicePrinter), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']);
  assert.deepEqual(servicePrinter.columns.map((c) => c.priority), [0, 0, 0, 0, 0, 0, 1]);
});

test('ClusterIP service', () => {
  const s = svc('kube-dns', {
    type: 'ClusterIP',
    clusterIP: '10.96.0.10',
    clusterIPs: ['10.96.0.10'],
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ],
    selector: { 'k8s-app': 'kube-dns' },
  });
  assert.deepEqual(servicePrinter.cells(s, NOW), ['kube-dns', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP,9153/TCP', '2d', 'k8s-app=kube-dns']);
});

test('NodePort service with external IPs; defaults for a bare spec', () => {
  const s = svc('web', {
    type: 'NodePort',
    clusterIPs: ['10.96.4.20', 'fd00::20'],
    externalIPs: ['192.0.2.7', '192.0.2.8'],
    ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
    selector: { app: 'web', tier: 'frontend' },
  });
  assert.deepEqual(servicePrinter.cells(s, NOW), ['web', 'NodePort', '10.96.4.20', '192.0.2.7,192.0.2.8', '80:30080/TCP', '2d', 'app=web,tier=frontend']);
  const bare = svc('bare', { clusterIP: '10.96.0.9', ports: [{ port: 8080 }] });
  assert.deepEqual(servicePrinter.cells(bare, NOW), ['bare', 'ClusterIP', '10.96.0.9', '<none>', '8080/TCP', '2d', '<none>']);
});

test('LoadBalancer service: pending, assigned, with external IPs, never clipped', () => {
  const spec = { type: 'LoadBalancer', clusterIPs: ['10.96.1.1'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] };
  assert.deepEqual(narrow(servicePrinter, svc('lb', spec)), ['lb', 'LoadBalancer', '10.96.1.1', '<pending>', '443:31443/TCP', '2d']);
  const ingress = { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { ip: '203.0.113.10' }, { ip: '203.0.113.10' }] } };
  assert.equal(narrow(servicePrinter, svc('lb', spec, ingress))[3], '203.0.113.10,lb.example.com');
  const both = svc('lb', { ...spec, externalIPs: ['198.51.100.1'] }, ingress);
  assert.equal(narrow(servicePrinter, both)[3], '203.0.113.10,lb.example.com,198.51.100.1');
  const onlyExternal = svc('lb', { ...spec, externalIPs: ['198.51.100.1'] });
  assert.equal(narrow(servicePrinter, onlyExternal)[3], '198.51.100.1');
  const long = svc('lb', spec, { loadBalancer: { ingress: [{ hostname: 'a1b2c3d4e5f6.elb.us-east-1.amazonaws.com' }] } });
  assert.equal(narrow(servicePrinter, long)[3], 'a1b2c3d4e5f6.elb.us-east-1.amazonaws.com');
});

test('ExternalName and headless services', () => {
  const ext = svc('db', { type: 'ExternalName', externalName: 'db.example.com' });
  assert.deepEqual(servicePrinter.cells(ext, NOW), ['db', 'ExternalName', '<none>', 'db.example.com', '<none>', '2d', '<none>']);
  const headless = svc('web-hl', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80, protocol: 'TCP' }] });
  assert.deepEqual(narrow(servicePrinter, headless), ['web-hl', 'ClusterIP', 'None', '<none>', '80/TCP', '2d']);
});

test('endpoints', () => {
  const ep = (subsets?: unknown[]): KubeObject => ({ metadata: meta('web'), ...(subsets ? { subsets } : {}) });
  assert.deepEqual(headers(endpointsPrinter), ['Name', 'Endpoints', 'Age']);
  const four = [
    { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80, protocol: 'TCP' }] },
    { addresses: [{ ip: '10.0.0.3' }, { ip: '10.0.0.4' }], ports: [{ port: 80, protocol: 'TCP' }] },
  ];
  assert.deepEqual(endpointsPrinter.cells(ep(four), NOW), ['web', '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...', '2d']);
  assert.deepEqual(endpointsPrinter.cells(ep(), NOW), ['web', '<none>', '2d']);
  const twoPorts = [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }];
  assert.equal(endpointsPrinter.cells(ep(twoPorts), NOW)[1], '10.0.0.1:80,10.0.0.1:443');
  const headless = [{ addresses: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }] }];
  assert.equal(endpointsPrinter.cells(ep(headless), NOW)[1], '10.0.0.7,fd00::7');
  const v6 = [{ addresses: [{ ip: 'fd00::7' }], ports: [{ port: 8080 }] }];
  assert.equal(endpointsPrinter.cells(ep(v6), NOW)[1], '[fd00::7]:8080');
  const notReady = [{ notReadyAddresses: [{ ip: '10.0.0.9' }], ports: [{ port: 80 }] }];
  assert.equal(endpointsPrinter.cells(ep(notReady), NOW)[1], '');
});

function node(extra: { labels?: Record<string, string>; spec?: Record<string, unknown>; status?: Record<string, unknown> }): KubeObject {
  return {
    metadata: { ...meta('kind-control-plane'), namespace: undefined, labels: extra.labels ?? {} },
    spec: extra.spec ?? {},
    status: extra.status ?? {},
  };
}

test('node', () => {
  assert.deepEqual(headers(nodePrinter), [
    'Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime',
  ]);
  const n = node({
    labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'worker', 'kubernetes.io/hostname': 'x' },
    spec: { unschedulable: true },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
      addresses: [
        { type: 'InternalIP', address: '172.18.0.2' },
        { type: 'Hostname', address: 'kind-control-plane' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.0',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.8.0-45-generic',
        containerRuntimeVersion: 'containerd://1.7.24',
      },
    },
  });
  assert.deepEqual(nodePrinter.cells(n, NOW), [
    'kind-control-plane', 'Ready,SchedulingDisabled', 'control-plane,worker', '2d', 'v1.32.0',
    '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.8.0-45-generic', 'containerd://1.7.24',
  ]);
  const bare = node({});
  assert.deepEqual(nodePrinter.cells(bare, NOW), [
    'kind-control-plane', 'Unknown', '<none>', '2d', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>',
  ]);
  const notReady = node({ status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
  assert.equal(nodePrinter.cells(notReady, NOW)[1], 'NotReady');
});

test('namespace', () => {
  const ns = (phase?: string): KubeObject => ({ metadata: meta('team-a'), ...(phase ? { status: { phase } } : {}) });
  assert.deepEqual(headers(namespacePrinter), ['Name', 'Status', 'Age']);
  assert.deepEqual(namespacePrinter.cells(ns('Active'), NOW), ['team-a', 'Active', '2d']);
  assert.deepEqual(namespacePrinter.cells(ns('Terminating'), NOW), ['team-a', 'Terminating', '2d']);
  assert.deepEqual(namespacePrinter.cells(ns(), NOW), ['team-a', 'Active', '2d']);
});

test('configmap, secret and service account counts', () => {
  const cm: KubeObject = { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } };
  assert.deepEqual(headers(configMapPrinter), ['Name', 'Data', 'Age']);
  assert.deepEqual(configMapPrinter.cells(cm, NOW), ['cfg', 3, '2d']);
  assert.deepEqual(configMapPrinter.cells({ metadata: meta('empty') }, NOW), ['empty', 0, '2d']);
  const tls: KubeObject = { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } };
  assert.deepEqual(headers(secretPrinter), ['Name', 'Type', 'Data', 'Age']);
  assert.deepEqual(secretPrinter.cells(tls, NOW), ['tls', 'kubernetes.io/tls', 2, '2d']);
  assert.deepEqual(secretPrinter.cells({ metadata: meta('o'), type: 'Opaque' }, NOW), ['o', 'Opaque', 0, '2d']);
  assert.deepEqual(headers(serviceAccountPrinter), ['Name', 'Secrets', 'Age']);
  assert.deepEqual(serviceAccountPrinter.cells({ metadata: meta('default') }, NOW), ['default', 0, '2d']);
  assert.deepEqual(serviceAccountPrinter.cells({ metadata: meta('bot'), secrets: [{ name: 'bot-token' }] }, NOW), ['bot', 1, '2d']);
});

test('resource quota splits requests and limits', () => {
  const q: KubeObject = {
    metadata: meta('compute'),
    spec: { hard: { pods: '10' } },
    status: {
      hard: { pods: '10', 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', 'limits.memory': '2Gi' },
      used: { pods: '3', 'requests.cpu': '500m', 'requests.memory': '512Mi', 'limits.cpu': '1' },
    },
  };
  assert.deepEqual(headers(resourceQuotaPrinter), ['Name', 'Request', 'Limit', 'Age']);
  assert.deepEqual(resourceQuotaPrinter.cells(q, NOW), [
    'compute',
    'pods: 3/10, requests.cpu: 500m/1, requests.memory: 512Mi/1Gi',
    'limits.cpu: 1/2, limits.memory: 0/2Gi',
    '2d',
  ]);
  assert.deepEqual(resourceQuotaPrinter.cells({ metadata: meta('new') }, NOW), ['new', '', '', '2d']);
});

test('persistent volumes', () => {
  assert.deepEqual(headers(persistentVolumePrinter), [
    'Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode',
  ]);
  assert.equal(persistentVolumePrinter.columns.at(-1)!.priority, 1);
  const pv: KubeObject = {
    metadata: { ...meta('pv-1'), namespace: undefined },
    spec: {
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data-web-0' },
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound' },
  };
  assert.deepEqual(persistentVolumePrinter.cells(pv, NOW), [
    'pv-1', '10Gi', 'RWO,RWX', 'Delete', 'Bound', 'default/data-web-0', 'standard', '<unset>', '', '2d', 'Filesystem',
  ]);
  const bare: KubeObject = { metadata: meta('pv-2'), spec: {} };
  assert.deepEqual(persistentVolumePrinter.cells(bare, NOW), ['pv-2', '0', '', 'Retain', 'Pending', '', '', '<unset>', '', '2d', 'Filesystem']);
  const failing: KubeObject = {
    metadata: { ...meta('pv-3'), deletionTimestamp: ago('1m'), annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } },
    spec: { storageClassName: 'standard', accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'], volumeAttributesClassName: 'gold' },
    status: { phase: 'Failed', reason: 'VolumeFailedDelete' },
  };
  assert.deepEqual(persistentVolumePrinter.cells(failing, NOW).slice(2, 9), ['ROX,RWOP', 'Retain', 'Terminating', '', 'legacy', 'gold', 'VolumeFailedDelete']);
});

test('persistent volume claims', () => {
  assert.deepEqual(headers(persistentVolumeClaimPrinter), [
    'Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode',
  ]);
  const bound: KubeObject = {
    metadata: meta('data'),
    spec: { volumeName: 'pv-1', storageClassName: 'standard', volumeMode: 'Block', resources: { requests: { storage: '5Gi' } } },
    status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
  };
  assert.deepEqual(persistentVolumeClaimPrinter.cells(bound, NOW), ['data', 'Bound', 'pv-1', '10Gi', 'RWO', 'standard', '<unset>', '2d', 'Block']);
  const pending: KubeObject = {
    metadata: meta('data'),
    spec: { storageClassName: 'standard', volumeAttributesClassName: 'gold', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
    status: { phase: 'Pending' },
  };
  assert.deepEqual(persistentVolumeClaimPrinter.cells(pending, NOW), ['data', 'Pending', '', '', '', 'standard', 'gold', '2d', 'Filesystem']);
  const deleting: KubeObject = { metadata: { ...meta('x'), deletionTimestamp: ago('5s') }, spec: {} };
  assert.deepEqual(persistentVolumeClaimPrinter.cells(deleting, NOW), ['x', 'Terminating', '', '', '', '', '<unset>', '2d', 'Filesystem']);
});

test('component status', () => {
  assert.deepEqual(headers(componentStatusPrinter), ['Name', 'Status', 'Message', 'Error']);
  const ok: KubeObject = { metadata: { name: 'etcd-0' }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] };
  assert.deepEqual(componentStatusPrinter.cells(ok, NOW), ['etcd-0', 'Healthy', 'ok', '']);
  const bad: KubeObject = {
    metadata: { name: 'scheduler' },
    conditions: [{ type: 'Healthy', status: 'False', message: '', error: 'dial tcp 127.0.0.1:10251: connect: connection refused' }],
  };
  assert.deepEqual(componentStatusPrinter.cells(bad, NOW), ['scheduler', 'Unhealthy', '', 'dial tcp 127.0.0.1:10251: connect: connection refused']);
  assert.deepEqual(componentStatusPrinter.cells({ metadata: { name: 'x' } }, NOW), ['x', 'Unknown', '', '']);
});

test('pod template and replication controller', () => {
  const containers = [
    { name: 'nginx', image: 'nginx:1.27' },
    { name: 'sidecar', image: 'busybox' },
  ];
  const pt: KubeObject = { metadata: meta('tmpl'), template: { metadata: { labels: { tier: 'fe', app: 'web' } }, spec: { containers } } };
  assert.deepEqual(headers(podTemplatePrinter), ['Name', 'Containers', 'Images', 'Pod Labels']);
  assert.deepEqual(podTemplatePrinter.columns.map((c) => c.priority), [0, 0, 0, 0]);
  assert.deepEqual(podTemplatePrinter.cells(pt, NOW), ['tmpl', 'nginx,sidecar', 'nginx:1.27,busybox', 'app=web,tier=fe']);

  const rc: KubeObject = {
    metadata: meta('rc'),
    spec: { replicas: 3, selector: { app: 'web' }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } },
    status: { replicas: 3, readyReplicas: 2 },
  };
  assert.deepEqual(headers(replicationControllerPrinter), ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector']);
  assert.deepEqual(replicationControllerPrinter.cells(rc, NOW), ['rc', 3, 3, 2, '2d', 'nginx,sidecar', 'nginx:1.27,busybox', 'app=web']);
  assert.deepEqual(replicationControllerPrinter.cells({ metadata: meta('x'), spec: {} }, NOW), ['x', 1, 0, 0, '2d', '', '', '<none>']);
});

test('limit ranges have no printer: NAME and CREATED AT', () => {
  const p = printerFor('', 'LimitRange');
  assert.deepEqual(p.columns.map((c) => [c.name, c.type, c.format]), [
    ['Name', 'string', 'name'],
    ['Created At', 'date', ''],
  ]);
  assert.deepEqual(p.cells({ metadata: meta('limits') }, NOW), ['limits', '2024-05-08T12:00:00Z']);
});
