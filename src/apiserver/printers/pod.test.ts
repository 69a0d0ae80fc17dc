import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podPrinter } from './pod.js';
import { ago, headers, meta, narrow, NOW, wideCells } from './testutil.test.js';
import type { KubeObject } from './types.js';

interface PodOpts {
  phase?: string;
  reason?: string;
  containers?: string[];
  init?: { name: string; restartPolicy?: string }[];
  statuses?: Record<string, unknown>[];
  initStatuses?: Record<string, unknown>[];
  conditions?: Record<string, unknown>[];
  deleted?: boolean;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

function pod(name: string, o: PodOpts): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, o.deleted ? { deletionTimestamp: ago('10s') } : {}),
    spec: {
      containers: (o.containers ?? ['app']).map((c) => ({ name: c, image: `${c}:1` })),
      ...(o.init ? { initContainers: o.init.map((c) => ({ image: `${c.name}:1`, ...c })) } : {}),
      nodeName: 'node-1',
      ...o.spec,
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.statuses ? { containerStatuses: o.statuses } : {}),
      ...(o.initStatuses ? { initContainerStatuses: o.initStatuses } : {}),
      ...(o.conditions ? { conditions: o.conditions } : {}),
      ...o.status,
    },
  };
}

const running = (name: string, restartCount = 0, extra: Record<string, unknown> = {}) => ({
  name,
  ready: true,
  started: true,
  restartCount,
  state: { running: { startedAt: ago('1h') } },
  ...extra,
});
const waiting = (name: string, reason: string, restartCount = 0, extra: Record<string, unknown> = {}) => ({
  name,
  ready: false,
  restartCount,
  state: { waiting: { reason } },
  ...extra,
});
const terminated = (name: string, t: Record<string, unknown>, restartCount = 0) => ({
  name,
  ready: false,
  restartCount,
  state: { terminated: { finishedAt: ago('1m'), ...t } },
});
const lastTerminated = (when: string) => ({ lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(when) } } });
const cond = (type: string, status: string, reason?: string) => ({ type, status, ...(reason ? { reason } : {}) });

test('pod columns are upstream 1.32', () => {
  assert.deepEqual(headers(podPrinter), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
  assert.deepEqual(podPrinter.columns.map((c) => c.priority), [0, 0, 0, 0, 0, 1, 1, 1, 1]);
  assert.equal(podPrinter.columns[0]!.format, 'name');
  assert.equal(podPrinter.columns[3]!.type, 'string');
});

test('running pod with restarts shows when the last one was', () => {
  const p = pod('web-0', {
    statuses: [running('app', 3, lastTerminated('5m'))],
    conditions: [cond('Ready', 'True')],
    status: { podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] },
  });
  assert.deepEqual(podPrinter.cells(p, NOW), ['web-0', '1/1', 'Running', '3 (5m ago)', '2d', '10.244.1.5', 'node-1', '<none>', '<none>']);
  assert.equal(podPrinter.conditions?.(p), undefined);
});

test('restarts without a recorded termination have no suffix', () => {
  const p = pod('a', { statuses: [running('app', 2)] });
  assert.deepEqual(narrow(podPrinter, p), ['a', '1/1', 'Running', '2', '2d']);
});

test('init containers: progress, waiting reasons, failures', () => {
  const init = [{ name: 'setup' }, { name: 'migrate' }];
  const appWaiting = [waiting('app', 'PodInitializing')];
  const cases: [Record<string, unknown>[], string, string][] = [
    [[running('setup'), waiting('migrate', 'PodInitializing')], 'Init:0/2', '0'],
    [[waiting('setup', 'PodInitializing'), waiting('migrate', 'PodInitializing')], 'Init:0/2', '0'],
    [[terminated('setup', { exitCode: 0, reason: 'Completed' }), running('migrate')], 'Init:1/2', '0'],
    [[terminated('setup', { exitCode: 1, reason: 'Error' })], 'Init:Error', '0'],
    [[terminated('setup', { exitCode: 2 })], 'Init:ExitCode:2', '0'],
    [[terminated('setup', { exitCode: 137, signal: 9 })], 'Init:Signal:9', '0'],
    [[waiting('setup', 'CrashLoopBackOff', 4, lastTerminated('1m'))], 'Init:CrashLoopBackOff', '4 (60s ago)'],
    [[waiting('setup', 'ImagePullBackOff')], 'Init:ImagePullBackOff', '0'],
  ];
  for (const [initStatuses, status, restarts] of cases) {
    const p = pod('job-x', { phase: 'Pending', init, initStatuses, statuses: appWaiting });
    assert.deepEqual(narrow(podPrinter, p), ['job-x', '0/1', status, restarts, '2d'], status);
  }
});

test('container waiting and terminated reasons', () => {
  const cases: [Record<string, unknown>, string, string, string][] = [
    [waiting('app', 'ContainerCreating'), 'Pending', 'ContainerCreating', '0'],
    [waiting('app', 'CrashLoopBackOff', 5, lastTerminated('30s')), 'Running', 'CrashLoopBackOff', '5 (30s ago)'],
    [waiting('app', 'ErrImagePull'), 'Pending', 'ErrImagePull', '0'],
    [terminated('app', { exitCode: 0, reason: 'Completed' }), 'Succeeded', 'Completed', '0'],
    [terminated('app', { exitCode: 1, reason: 'Error' }), 'Failed', 'Error', '0'],
    [terminated('app', { exitCode: 137 }), 'Failed', 'ExitCode:137', '0'],
    [terminated('app', { exitCode: 143, signal: 15 }), 'Failed', 'Signal:15', '0'],
    [terminated('app', { exitCode: 137, reason: 'OOMKilled' }, 1), 'Running', 'OOMKilled', '1'],
  ];
  for (const [st, phase, status, restarts] of cases) {
    assert.deepEqual(narrow(podPrinter, pod('p', { phase, statuses: [st] })), ['p', '0/1', status, restarts, '2d'], status);
  }
});

test('a pod with no container statuses shows its phase', () => {
  const p: KubeObject = { metadata: meta('fresh'), spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
  assert.deepEqual(podPrinter.cells(p, NOW), ['fresh', '0/2', 'Pending', '0', '2d', '<none>', '<none>', '<none>', '<none>']);
});

test('completed container beside a running one: Running when ready, else NotReady', () => {
  const statuses = [running('server'), terminated('helper', { exitCode: 0, reason: 'Completed' })];
  const two = ['server', 'helper'];
  assert.deepEqual(narrow(podPrinter, pod('p', { containers: two, statuses })), ['p', '1/2', 'NotReady', '0', '2d']);
  const ready = pod('p', { containers: two, statuses, conditions: [cond('Ready', 'True')] });
  assert.deepEqual(narrow(podPrinter, ready), ['p', '1/2', 'Running', '0', '2d']);
});

test('the first container decides the reason (statuses walked last to first)', () => {
  const statuses = [waiting('a', 'CrashLoopBackOff', 1), waiting('b', 'ContainerCreating')];
  assert.deepEqual(narrow(podPrinter, pod('p', { containers: ['a', 'b'], statuses })), ['p', '0/2', 'CrashLoopBackOff', '1', '2d']);
});

test('terminating, node-lost and evicted pods', () => {
  assert.equal(narrow(podPrinter, pod('p', { deleted: true, statuses: [running('app')] }))[2], 'Terminating');
  assert.equal(narrow(podPrinter, pod('p', { deleted: true, reason: 'NodeLost', statuses: [running('app')] }))[2], 'Unknown');
  const evicted = pod('p', { phase: 'Failed', reason: 'Evicted', deleted: true });
  assert.deepEqual(narrow(podPrinter, evicted), ['p', '0/1', 'Evicted', '0', '2d']);
  assert.deepEqual(podPrinter.conditions?.(evicted), [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
  const done = pod('p', { phase: 'Succeeded', deleted: true, statuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] });
  assert.equal(narrow(podPrinter, done)[2], 'Completed');
  assert.deepEqual(podPrinter.conditions?.(done), [
    { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
  ]);
});

test('scheduling-gated pod', () => {
  const p = pod('gated', { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')], spec: { nodeName: undefined } });
  assert.deepEqual(podPrinter.cells(p, NOW), ['gated', '0/1', 'SchedulingGated', '0', '2d', '<none>', '<none>', '<none>', '<none>']);
});

test('sidecar (restartable init) containers count as ready and restarting containers', () => {
  const p = pod('mesh', {
    init: [{ name: 'proxy', restartPolicy: 'Always' }],
    initStatuses: [running('proxy', 2, lastTerminated('10m'))],
    statuses: [running('app', 1, lastTerminated('3h'))],
    conditions: [cond('Initialized', 'True'), cond('Ready', 'True')],
  });
  assert.deepEqual(narrow(podPrinter, p), ['mesh', '2/2', 'Running', '3 (10m ago)', '2d']);
});

test('a sidecar that has not started yet keeps the pod initializing', () => {
  const p = pod('mesh', {
    phase: 'Pending',
    init: [{ name: 'proxy', restartPolicy: 'Always' }, { name: 'setup' }],
    initStatuses: [waiting('proxy', 'ContainerCreating')],
    statuses: [waiting('app', 'PodInitializing')],
  });
  assert.deepEqual(narrow(podPrinter, p), ['mesh', '0/2', 'Init:ContainerCreating', '0', '2d']);
});

test('initialized pods count only sidecar restarts among init containers', () => {
  const p = pod('p', {
    init: [{ name: 'setup' }],
    initStatuses: [{ ...terminated('setup', { exitCode: 0, reason: 'Completed' }, 3), ...lastTerminated('1h') }],
    statuses: [running('app')],
  });
  assert.equal(narrow(podPrinter, p)[3], '0');
});

test('wide cells: pod IP, nominated node, readiness gates', () => {
  const p = pod('p', {
    statuses: [running('app')],
    conditions: [cond('Ready', 'True'), cond('example.com/lb', 'True'), cond('example.com/dns', 'False')],
    spec: { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }, { conditionType: 'x/missing' }] },
    status: { podIPs: [{ ip: 'fd00::5' }, { ip: '10.0.0.5' }], nominatedNodeName: 'node-2' },
  });
  assert.deepEqual(wideCells(podPrinter, p), ['fd00::5', 'node-1', 'node-2', '1/3']);
  const legacy = pod('p', { statuses: [running('app')], status: { podIP: '10.1.2.3' } });
  assert.equal(wideCells(podPrinter, legacy)[0], '10.1.2.3');
});
