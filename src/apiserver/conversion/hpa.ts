import type { KubeObject } from '../../api/types.js';

// autoscaling/v1 HorizontalPodAutoscaler ↔ autoscaling/v2: v1 has only a CPU utilization target.
type V2Metric = { type: string; resource?: { name: string; target?: { type: string; averageUtilization?: number }; current?: { averageUtilization?: number } } };

export function hpaV1ToV2(o: KubeObject): KubeObject {
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const status = (o.status ?? {}) as Record<string, unknown>;
  const out: KubeObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: o.metadata };
  const s2: Record<string, unknown> = { scaleTargetRef: spec.scaleTargetRef, maxReplicas: spec.maxReplicas };
  if (spec.minReplicas !== undefined) s2.minReplicas = spec.minReplicas;
  if (spec.targetCPUUtilizationPercentage !== undefined)
    s2.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }];
  out.spec = s2;
  if (o.status) {
    const st: Record<string, unknown> = { currentReplicas: status.currentReplicas ?? 0, desiredReplicas: status.desiredReplicas ?? 0 };
    for (const k of ['observedGeneration', 'lastScaleTime']) if (status[k] !== undefined) st[k] = status[k];
    if (status.currentCPUUtilizationPercentage !== undefined)
      st.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }];
    out.status = st;
  }
  return out;
}

export function hpaV1FromV2(o: KubeObject): KubeObject {
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const status = (o.status ?? {}) as Record<string, unknown>;
  const out: KubeObject = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: o.metadata };
  const s1: Record<string, unknown> = { scaleTargetRef: spec.scaleTargetRef, maxReplicas: spec.maxReplicas };
  if (spec.minReplicas !== undefined) s1.minReplicas = spec.minReplicas;
  const cpu = ((spec.metrics as V2Metric[] | undefined) ?? []).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization');
  if (cpu) s1.targetCPUUtilizationPercentage = cpu.resource!.target!.averageUtilization;
  out.spec = s1;
  if (o.status) {
    const st: Record<string, unknown> = { currentReplicas: status.currentReplicas ?? 0, desiredReplicas: status.desiredReplicas ?? 0 };
    for (const k of ['observedGeneration', 'lastScaleTime']) if (status[k] !== undefined) st[k] = status[k];
    const cur = ((status.currentMetrics as V2Metric[] | undefined) ?? []).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    if (cur?.resource?.current?.averageUtilization !== undefined) st.currentCPUUtilizationPercentage = cur.resource.current.averageUtilization;
    out.status = st;
  }
  return out;
}
