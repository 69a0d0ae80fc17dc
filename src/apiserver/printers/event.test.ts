import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventPrinter, eventsAPIEventPrinter } from './event.js';
import { printerFor } from './index.js';
import { ago, headers, meta, narrow, NOW } from './testutil.test.js';
import type { KubeObject } from './types.js';

test('event columns: NAME comes last and only in wide output', () => {
  assert.deepEqual(headers(eventPrinter), ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject', 'Source', 'Message', 'First Seen', 'Count', 'Name']);
  assert.deepEqual(eventPrinter.columns.map((c) => c.priority), [0, 0, 0, 0, 1, 1, 0, 1, 1, 1]);
  assert.equal(eventPrinter.columns[9]!.format, 'name');
  assert.deepEqual(headers(eventsAPIEventPrinter), headers(eventPrinter));
  assert.equal(printerFor('', 'Event'), eventPrinter);
  assert.equal(printerFor('events.k8s.io', 'Event'), eventsAPIEventPrinter);
});

test('kubelet event with counts and a sub-object', () => {
  const ev: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('web-0.17c2a1b3f0e4d5c6'),
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', fieldPath: 'spec.containers{app}' },
    reason: 'Pulled',
    message: 'Successfully pulled image "nginx:1.27"\n',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: ago('10m'),
    lastTimestamp: ago('2m'),
    count: 3,
    type: 'Normal',
  };
  assert.deepEqual(eventPrinter.cells(ev, NOW), [
    '2m', 'Normal', 'Pulled', 'pod/web-0', 'spec.containers{app}', 'kubelet, node-1', 'Successfully pulled image "nginx:1.27"', '10m', 3, 'web-0.17c2a1b3f0e4d5c6',
  ]);
  assert.deepEqual(narrow(eventPrinter, ev), ['2m', 'Normal', 'Pulled', 'pod/web-0', 'Successfully pulled image "nginx:1.27"']);
});

test('new-style core event: eventTime, reporting component, no count', () => {
  const ev: KubeObject = {
    metadata: meta('web-0.aaa'),
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/web-0 to node-1',
    source: {},
    eventTime: '2024-05-10T11:56:59.876543Z',
    firstTimestamp: null,
    lastTimestamp: null,
    reportingComponent: 'default-scheduler',
    reportingInstance: 'default-scheduler-cp-1',
    type: 'Normal',
    action: 'Binding',
  };
  assert.deepEqual(eventPrinter.cells(ev, NOW), [
    '3m', 'Normal', 'Scheduled', 'pod/web-0', '', 'default-scheduler, default-scheduler-cp-1', 'Successfully assigned default/web-0 to node-1', '3m', 1, 'web-0.aaa',
  ]);
});

test('event series and events without a timestamp or an object name', () => {
  const series: KubeObject = {
    metadata: meta('e'),
    involvedObject: { kind: 'Node', name: 'node-1' },
    reason: 'Rebooted',
    type: 'Warning',
    message: 'x',
    eventTime: ago('1h'),
    series: { count: 7, lastObservedTime: ago('30s') },
    source: { component: 'kubelet' },
  };
  assert.deepEqual(eventPrinter.cells(series, NOW), ['30s', 'Warning', 'Rebooted', 'node/node-1', '', 'kubelet', 'x', '60m', 7, 'e']);
  const bare: KubeObject = { metadata: meta('b'), involvedObject: { kind: 'ClusterThing' }, count: 2 };
  assert.deepEqual(eventPrinter.cells(bare, NOW), ['<unknown>', '', '', 'clusterthing', '', '', '', '<unknown>', 2, 'b']);
});

test('events.k8s.io/v1 events map onto the core columns', () => {
  const ev: KubeObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: meta('web.17c'),
    eventTime: '2024-05-10T11:55:00.000000Z',
    reportingController: 'deployment-controller',
    reportingInstance: '',
    action: 'ScalingReplicaSet',
    reason: 'ScalingReplicaSet',
    regarding: { kind: 'Deployment', namespace: 'default', name: 'web', apiVersion: 'apps/v1' },
    note: 'Scaled up replica set web-7d4b9c to 3',
    type: 'Normal',
    deprecatedSource: { component: 'deployment-controller' },
    deprecatedFirstTimestamp: ago('20m'),
    deprecatedLastTimestamp: ago('5m'),
    deprecatedCount: 4,
  };
  assert.deepEqual(eventsAPIEventPrinter.cells(ev, NOW), [
    '5m', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up replica set web-7d4b9c to 3', '20m', 4, 'web.17c',
  ]);
  const fresh: KubeObject = {
    metadata: meta('n.1'),
    eventTime: ago('45s'),
    reportingController: 'example.com/ctrl',
    reportingInstance: 'ctrl-0',
    regarding: { kind: 'Node', name: 'n' },
    reason: 'Tested',
    note: 'hi',
    type: 'Normal',
    series: { count: 2, lastObservedTime: ago('10s') },
  };
  assert.deepEqual(eventsAPIEventPrinter.cells(fresh, NOW), ['10s', 'Normal', 'Tested', 'node/n', '', 'example.com/ctrl, ctrl-0', 'hi', '45s', 2, 'n.1']);
});
