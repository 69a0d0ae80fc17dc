import { test } from 'node:test';
import assert from 'node:assert/strict';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps.js';
import { cronJobPrinter, jobPrinter } from './batch.js';
import { ago, headers, meta, NOW } from './testutil.test.js';
import type { KubeObject } from './types.js';

const template = (name: string, image: string, extra: Record<string, unknown> = {}) => ({
  metadata: { labels: { app: name } },
  spec: { containers: [{ name, image }], ...extra },
});

test('deployment', () => {
  assert.deepEqual(headers(deploymentPrinter), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
  assert.deepEqual(deploymentPrinter.columns.map((c) => [c.type, c.priority]), [
    ['string', 0], ['string', 0], ['string', 0], ['string', 0], ['string', 0], ['string', 1], ['string', 1], ['string', 1],
  ]);
  const d: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web'),
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template('nginx', 'nginx:1.27') },
    status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  };
  assert.deepEqual(deploymentPrinter.cells(d, NOW), ['web', '2/3', 3, 2, '2d', 'nginx', 'nginx:1.27', 'app=web']);
  const fresh: KubeObject = {
    metadata: meta('new'),
    spec: {
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      },
      template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }] } },
    },
  };
  assert.deepEqual(deploymentPrinter.cells(fresh, NOW), ['new', '0/1', 0, 0, '2d', 'a,b', 'a:1,b:2', 'app=web,!canary,env in (dev,prod)']);
  const bad: KubeObject = { metadata: meta('bad'), spec: { replicas: 0, selector: { matchExpressions: [{ key: 'x', operator: 'Near' }] } } };
  assert.deepEqual(deploymentPrinter.cells(bad, NOW), ['bad', '0/0', 0, 0, '2d', '', '', '<invalid>']);
  assert.equal(deploymentPrinter.cells({ metadata: meta('e'), spec: { selector: {} } }, NOW)[7], '');
});

test('replica set', () => {
  assert.deepEqual(headers(replicaSetPrinter), ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector']);
  assert.deepEqual(replicaSetPrinter.columns.slice(1, 4).map((c) => c.type), ['integer', 'integer', 'integer']);
  const rs: KubeObject = {
    metadata: meta('web-7d4b9c'),
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c' } }, template: template('nginx', 'nginx:1.27') },
    status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
  };
  assert.deepEqual(replicaSetPrinter.cells(rs, NOW), ['web-7d4b9c', 3, 3, 3, '2d', 'nginx', 'nginx:1.27', 'app=web,pod-template-hash=7d4b9c']);
  const old: KubeObject = { metadata: meta('web-1'), spec: { replicas: 0, selector: {} }, status: { replicas: 0 } };
  assert.deepEqual(replicaSetPrinter.cells(old, NOW), ['web-1', 0, 0, 0, '2d', '', '', '<none>']);
});

test('stateful set', () => {
  assert.deepEqual(headers(statefulSetPrinter), ['Name', 'Ready', 'Age', 'Containers', 'Images']);
  const ss: KubeObject = {
    metadata: meta('db'),
    spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('postgres', 'postgres:16') },
    status: { replicas: 2, readyReplicas: 1 },
  };
  assert.deepEqual(statefulSetPrinter.cells(ss, NOW), ['db', '1/3', '2d', 'postgres', 'postgres:16']);
});

test('daemon set', () => {
  assert.deepEqual(headers(daemonSetPrinter), [
    'Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers', 'Images', 'Selector',
  ]);
  const ds: KubeObject = {
    metadata: { ...meta('kube-proxy'), namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: template('kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.0', { nodeSelector: { 'kubernetes.io/os': 'linux' } }),
    },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
  };
  assert.deepEqual(daemonSetPrinter.cells(ds, NOW), [
    'kube-proxy', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '2d', 'kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.0', 'k8s-app=kube-proxy',
  ]);
  const empty: KubeObject = { metadata: meta('x'), spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: {} } } };
  assert.deepEqual(daemonSetPrinter.cells(empty, NOW).slice(1, 7), [0, 0, 0, 0, 0, '<none>']);
});

test('controller revision', () => {
  assert.deepEqual(headers(controllerRevisionPrinter), ['Name', 'Controller', 'Revision', 'Age']);
  const owner = (apiVersion: string, kind: string, controller: boolean) => ({ apiVersion, kind, name: 'kube-proxy', uid: 'u', controller });
  const cr = (refs: unknown[]): KubeObject => ({ metadata: { ...meta('kube-proxy-6d4b'), ownerReferences: refs }, revision: 2, data: {} });
  assert.deepEqual(controllerRevisionPrinter.cells(cr([owner('apps/v1', 'DaemonSet', true)]), NOW), ['kube-proxy-6d4b', 'daemonset.apps/kube-proxy', 2, '2d']);
  assert.deepEqual(controllerRevisionPrinter.cells(cr([owner('apps/v1', 'DaemonSet', false)]), NOW), ['kube-proxy-6d4b', '<none>', 2, '2d']);
  assert.equal(controllerRevisionPrinter.cells(cr([owner('v1', 'Pod', true)]), NOW)[1], 'pod/kube-proxy');
  assert.equal(controllerRevisionPrinter.cells(cr([owner('example.com/v1', 'MySet', true)]), NOW)[1], 'myset.example.com/kube-proxy');
});

const job = (name: string, spec: Record<string, unknown>, status: Record<string, unknown>, deleted = false): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { ...meta(name), ...(deleted ? { deletionTimestamp: ago('1s') } : {}) },
  spec: {
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'c0ffee' } },
    template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } },
    ...spec,
  },
  status,
});
const ok = (type: string, status = 'True') => ({ type, status });

test('job columns (1.32 has STATUS)', () => {
  assert.deepEqual(headers(jobPrinter), ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers', 'Images', 'Selector']);
  assert.deepEqual(jobPrinter.columns.map((c) => c.priority), [0, 0, 0, 0, 0, 1, 1, 1]);
});

test('finished, running and parallel jobs', () => {
  const done = job('pi', { completions: 1, parallelism: 1 }, {
    succeeded: 1,
    startTime: ago('2d'),
    completionTime: new Date(Date.parse(ago('2d')) + 8000).toISOString(),
    conditions: [ok('SuccessCriteriaMet'), ok('Complete')],
  });
  assert.deepEqual(jobPrinter.cells(done, NOW), ['pi', 'Complete', '1/1', '8s', '2d', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=c0ffee']);
  const running = job('batch', { completions: 5, parallelism: 2 }, { succeeded: 2, active: 2, startTime: ago('3m') });
  assert.deepEqual(jobPrinter.cells(running, NOW).slice(0, 5), ['batch', 'Running', '2/5', '3m', '2d']);
  const workQueue = job('queue', { parallelism: 3 }, { active: 3, startTime: ago('90s') });
  assert.deepEqual(jobPrinter.cells(workQueue, NOW).slice(1, 4), ['Running', '0/1 of 3', '90s']);
  const single = job('one', { parallelism: 1 }, {});
  assert.deepEqual(jobPrinter.cells(single, NOW).slice(1, 4), ['Running', '0/1', '']);
  const bare = job('bare', {}, {});
  assert.deepEqual(jobPrinter.cells(bare, NOW).slice(1, 4), ['Running', '0/1', '']);
});

test('job status precedence', () => {
  const cases: [Record<string, unknown>[], boolean, string][] = [
    [[ok('FailureTarget'), ok('Failed')], false, 'Failed'],
    [[ok('FailureTarget')], false, 'FailureTarget'],
    [[ok('Suspended')], false, 'Suspended'],
    [[ok('Suspended')], true, 'Terminating'],
    [[ok('Complete')], true, 'Complete'],
    [[ok('Failed')], true, 'Failed'],
    [[ok('Complete', 'False')], false, 'Running'],
    [[ok('Suspended', 'False'), ok('Suspended')], false, 'Running'],
  ];
  for (const [conditions, deleted, want] of cases) {
    assert.equal(jobPrinter.cells(job('j', {}, { conditions }, deleted), NOW)[1], want, JSON.stringify(conditions));
  }
});

test('cron job', () => {
  assert.deepEqual(headers(cronJobPrinter), [
    'Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age', 'Containers', 'Images', 'Selector',
  ]);
  assert.equal(cronJobPrinter.columns[3]!.type, 'boolean');
  const cj: KubeObject = {
    metadata: meta('hello'),
    spec: {
      schedule: '*/5 * * * *',
      suspend: false,
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.36' }] } } } },
    },
    status: { active: [{ kind: 'Job', name: 'hello-28600000' }], lastScheduleTime: ago('4m') },
  };
  assert.deepEqual(cronJobPrinter.cells(cj, NOW), ['hello', '*/5 * * * *', '<none>', 'False', 1, '4m', '2d', 'hello', 'busybox:1.36', '<none>']);
  const paused: KubeObject = {
    metadata: meta('nightly'),
    spec: {
      schedule: '0 3 * * *',
      timeZone: 'Europe/Paris',
      suspend: true,
      jobTemplate: { spec: { selector: { matchLabels: { team: 'x' } }, template: { spec: { containers: [] } } } },
    },
  };
  assert.deepEqual(cronJobPrinter.cells(paused, NOW), ['nightly', '0 3 * * *', 'Europe/Paris', 'True', 0, '<none>', '2d', '', '', 'team=x']);
  const defaults: KubeObject = { metadata: meta('d'), spec: { schedule: '@hourly', jobTemplate: { spec: { template: { spec: {} } } } } };
  assert.equal(cronJobPrinter.cells(defaults, NOW)[3], 'False');
});
