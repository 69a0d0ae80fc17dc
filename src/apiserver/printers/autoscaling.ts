// autoscaling HorizontalPodAutoscaler (v1 and v2 shapes) and the Scale subresource.

import { ageColumn, col, int, nameColumn, text } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { at, created, n, name, num, obj, objs, s, type Json } from './fields.js';
import type { KubeObject, TablePrinter } from './types.js';

/** Upstream's default target when an autoscaler names no metric: 80% average CPU utilization. */
const DEFAULT_CPU_UTILIZATION = 80;

const cpuUtilizationSpec = (percent: number): Json => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } },
});

/** The metric specs and statuses in the autoscaling/v2 shape, defaults applied. */
function metricsOf(hpa: KubeObject): { specs: Json[]; statuses: Json[] } {
  const spec = obj(hpa, 'spec');
  const v1 = s(hpa, 'apiVersion') === 'autoscaling/v1' || (spec !== undefined && 'targetCPUUtilizationPercentage' in spec);
  if (v1) {
    const target = num(spec, 'targetCPUUtilizationPercentage') ?? DEFAULT_CPU_UTILIZATION;
    const current = num(hpa, 'status', 'currentCPUUtilizationPercentage');
    const statuses: Json[] =
      current === undefined ? [] : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }];
    return { specs: [cpuUtilizationSpec(target)], statuses };
  }
  const specs = objs(spec, 'metrics');
  return {
    specs: specs.length > 0 ? specs : [cpuUtilizationSpec(DEFAULT_CPU_UTILIZATION)],
    statuses: objs(hpa, 'status', 'currentMetrics'),
  };
}

/** A quantity as text; "<nil>" when absent, as Go prints a nil *Quantity. */
function quantity(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return '<nil>';
}

const percent = (v: number | undefined): string | undefined => (v === undefined ? undefined : `${Math.trunc(v)}%`);

/** The status entry of a metric source, when the status at that index carries that source. */
function sourceStatus(statuses: Json[], i: number, key: string): Json | undefined {
  return i < statuses.length ? obj(statuses[i], key) : undefined;
}

/** "current/target" for Object and External metrics, "(avg)" for per-pod averages. */
function valueMetric(spec: Json | undefined, status: Json | undefined): string {
  const target = obj(spec, 'target');
  if (target !== undefined && 'averageValue' in target) {
    const avg = at(status, 'current', 'averageValue');
    const current = status !== undefined && avg !== undefined ? quantity(avg) : '<unknown>';
    return `${current}/${quantity(target.averageValue)} (avg)`;
  }
  const current = status !== undefined ? quantity(at(status, 'current', 'value')) : '<unknown>';
  return `${current}/${quantity(at(target, 'value'))}`;
}

/** "name: current/target" for Resource and ContainerResource metrics. */
function resourceMetric(spec: Json | undefined, status: Json | undefined): string {
  const resource = s(spec, 'name');
  const target = obj(spec, 'target');
  if (target !== undefined && 'averageValue' in target) {
    const current = status !== undefined ? quantity(at(status, 'current', 'averageValue')) : '<unknown>';
    return `${resource}: ${current}/${quantity(target.averageValue)}`;
  }
  const current = percent(num(status, 'current', 'averageUtilization')) ?? '<unknown>';
  const wanted = percent(num(target, 'averageUtilization')) ?? '<auto>';
  return `${resource}: ${current}/${wanted}`;
}

function metricText(spec: Json, statuses: Json[], i: number): string {
  switch (s(spec, 'type')) {
    case 'External':
      return valueMetric(obj(spec, 'external'), sourceStatus(statuses, i, 'external'));
    case 'Object':
      return valueMetric(obj(spec, 'object'), sourceStatus(statuses, i, 'object'));
    case 'Pods': {
      const status = sourceStatus(statuses, i, 'pods');
      const current = status !== undefined ? quantity(at(status, 'current', 'averageValue')) : '<unknown>';
      return `${current}/${quantity(at(spec, 'pods', 'target', 'averageValue'))}`;
    }
    case 'Resource':
      return resourceMetric(obj(spec, 'resource'), sourceStatus(statuses, i, 'resource'));
    case 'ContainerResource':
      return resourceMetric(obj(spec, 'containerResource'), sourceStatus(statuses, i, 'containerResource'));
    default:
      return '<unknown type>';
  }
}

/** Up to two metrics as "current/target", then "+ N more...". */
export function formatHPAMetrics(specs: Json[], statuses: Json[]): string {
  if (specs.length === 0) return '<none>';
  const max = 2;
  const list = specs.map((spec, i) => metricText(spec, statuses, i));
  if (list.length <= max) return list.join(', ');
  return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
}

export const horizontalPodAutoscalerPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Reference', 'The scaled object, as Kind/name.'),
    text('Targets', 'Current against target values of the metrics the autoscaler follows.'),
    text('MinPods', 'The fewest replicas the autoscaler scales down to.'),
    text('MaxPods', 'The most replicas the autoscaler scales up to.'),
    text('Replicas', 'The number of replicas the scaled object has now.'),
    ageColumn(),
  ],
  cells(hpa, now) {
    const ref = obj(hpa, 'spec', 'scaleTargetRef');
    const { specs, statuses } = metricsOf(hpa);
    // Defaulting sets minReplicas to 1.
    const minReplicas = num(hpa, 'spec', 'minReplicas') ?? 1;
    return [
      name(hpa),
      `${s(ref, 'kind')}/${s(ref, 'name')}`,
      formatHPAMetrics(specs, statuses),
      String(minReplicas),
      n(hpa, 'spec', 'maxReplicas'),
      n(hpa, 'status', 'currentReplicas'),
      translateTimestampSince(created(hpa), now),
    ];
  },
};

/** autoscaling/v1 Scale. Upstream gives its Name column no "name" format. */
export const scalePrinter: TablePrinter = {
  columns: [
    col('Name', 'string', 'The name of the scaled object.'),
    int('Desired', 'The number of replicas asked for.'),
    int('Available', 'The number of replicas there are.'),
    ageColumn(),
  ],
  cells(scale, now) {
    return [name(scale), n(scale, 'spec', 'replicas'), n(scale, 'status', 'replicas'), translateTimestampSince(created(scale), now)];
  },
};

