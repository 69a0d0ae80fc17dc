import { test } from 'node:test';
import assert from 'node:assert/strict';
import { horizontalPodAutoscalerPrinter as hpaPrinter, scalePrinter } from './autoscaling.js';
import { headers, meta, NOW } from './testutil.test.js';
import type { KubeObject } from './types.js';

const hpa = (metrics: unknown[] | undefined, currentMetrics?: unknown[]): KubeObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta('web'),
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 10,
    ...(metrics ? { metrics } : {}),
  },
  status: { currentReplicas: 3, desiredReplicas: 3, ...(currentMetrics ? { currentMetrics } : {}) },
});
const targets = (o: KubeObject): unknown => hpaPrinter.cells(o, NOW)[2];

const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } };
const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } };

test('hpa columns', () => {
  assert.deepEqual(headers(hpaPrinter), ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
  assert.ok(hpaPrinter.columns.slice(1).every((c) => c.type === 'string' && c.priority === 0));
});

test('resource metrics, with and without current values', () => {
  const h = hpa([cpu, memory], [
    { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 23, averageValue: '115m' } } },
    { type: 'Resource', resource: { name: 'memory', current: { averageValue: '300Mi' } } },
  ]);
  assert.deepEqual(hpaPrinter.cells(h, NOW), ['web', 'Deployment/web', 'cpu: 23%/50%, memory: 300Mi/500Mi', '2', 10, 3, '2d']);
  assert.equal(targets(hpa([cpu, memory])), 'cpu: <unknown>/50%, memory: <unknown>/500Mi');
  const auto = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } };
  assert.equal(targets(hpa([auto])), 'cpu: <unknown>/<auto>');
});

test('pods, object and external metrics; more than two are elided', () => {
  const pods = { type: 'Pods', pods: { metric: { name: 'packets' }, target: { type: 'AverageValue', averageValue: '1k' } } };
  const object = {
    type: 'Object',
    object: { describedObject: { kind: 'Ingress', name: 'main' }, metric: { name: 'requests' }, target: { type: 'Value', value: '10k' } },
  };
  const external = { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } };
  const status = [
    { type: 'Pods', pods: { metric: { name: 'packets' }, current: { averageValue: '900' } } },
    { type: 'Object', object: { metric: { name: 'requests' }, current: { value: '12k' } } },
  ];
  assert.equal(targets(hpa([pods, object, external], status)), '900/1k, 12k/10k + 1 more...');
  assert.equal(targets(hpa([external])), '<unknown>/30 (avg)');
  const externalValue = { type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '100' } } };
  assert.equal(targets(hpa([externalValue])), '<unknown>/100');
  const objectAvg = { type: 'Object', object: { metric: { name: 'r' }, target: { type: 'AverageValue', averageValue: '5' } } };
  assert.equal(targets(hpa([objectAvg], [{ type: 'Object', object: { current: { averageValue: '2' } } }])), '2/5 (avg)');
  assert.equal(targets(hpa([{ type: 'Weird' }])), '<unknown type>');
});

test('container resource metrics', () => {
  const spec = { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } };
  const status = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', current: { averageUtilization: 45 } } }];
  assert.equal(targets(hpa([spec], status)), 'cpu: 45%/60%');
});

test('defaults: no metrics means 80% CPU, no minReplicas means 1', () => {
  const h: KubeObject = { ...hpa(undefined), spec: { scaleTargetRef: { kind: 'StatefulSet', name: 'db' }, maxReplicas: 4 } };
  assert.deepEqual(hpaPrinter.cells(h, NOW), ['web', 'StatefulSet/db', 'cpu: <unknown>/80%', '1', 4, 3, '2d']);
});

test('autoscaling/v1 objects', () => {
  const v1: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('web'),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 },
    status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 35 },
  };
  assert.deepEqual(hpaPrinter.cells(v1, NOW), ['web', 'Deployment/web', 'cpu: 35%/60%', '1', 5, 2, '2d']);
});

test('scale subresource: Name without the name format', () => {
  assert.deepEqual(headers(scalePrinter), ['Name', 'Desired', 'Available', 'Age']);
  assert.equal(scalePrinter.columns[0]!.format, '');
  const scale: KubeObject = { kind: 'Scale', metadata: meta('web'), spec: { replicas: 3 }, status: { replicas: 2, selector: 'app=web' } };
  assert.deepEqual(scalePrinter.cells(scale, NOW), ['web', 3, 2, '2d']);
});
