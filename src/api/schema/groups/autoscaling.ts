import { arr, f, listOf, typeMeta, type TypeDef } from '../dsl.js';

// autoscaling/v1 and v2: the Scale subresource and HorizontalPodAutoscalers (CPU-only in v1, any metric in v2).

export const autoscalingTypes: TypeDef[] = [
  // --- autoscaling/v1 ---
  {
    id: 'autoscaling.v1.CrossVersionObjectReference',
    description: 'Identifies a resource by kind, name and API version.',
    structType: 'atomic',
    fields: {
      kind: f(1, 'string', 'Kind of the referent.', { required: true }),
      name: f(2, 'string', 'Name of the referent.', { required: true }),
      apiVersion: f(3, 'string', 'API version of the referent.'),
    },
  },
  {
    id: 'autoscaling.v1.HorizontalPodAutoscalerSpec',
    description: 'The desired behaviour of an autoscaler that targets CPU utilization.',
    fields: {
      scaleTargetRef: f(1, 'autoscaling.v1.CrossVersionObjectReference', 'The resource whose scale subresource the autoscaler reads and sets.', {
        required: true,
      }),
      minReplicas: f(2, 'int32', 'Fewest replicas to scale down to; defaults to 1.'),
      maxReplicas: f(3, 'int32', 'Most replicas to scale up to; at least minReplicas.', { required: true }),
      targetCPUUtilizationPercentage: f(4, 'int32', 'Target average CPU use across pods, as a percentage of requests; a default policy applies when unset.'),
    },
  },
  {
    id: 'autoscaling.v1.HorizontalPodAutoscalerStatus',
    description: 'The observed state of an autoscaler.',
    fields: {
      observedGeneration: f(1, 'int64', 'The most recent generation the autoscaler has acted on.'),
      lastScaleTime: f(2, 'Time', 'When the autoscaler last changed the replica count.'),
      currentReplicas: f(3, 'int32', 'Current number of replicas.', { required: true }),
      desiredReplicas: f(4, 'int32', 'Number of replicas the autoscaler wants.', { required: true }),
      currentCPUUtilizationPercentage: f(5, 'int32', 'Current average CPU use across pods, as a percentage of requests.'),
    },
  },
  {
    id: 'autoscaling.v1.HorizontalPodAutoscaler',
    description: 'Scales a workload on its average CPU utilization.',
    gvk: [{ group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'autoscaling.v1.HorizontalPodAutoscalerSpec', 'The desired behaviour of the autoscaler.'),
      status: f(3, 'autoscaling.v1.HorizontalPodAutoscalerStatus', 'The observed state of the autoscaler.'),
    },
  },
  listOf('autoscaling.v1.HorizontalPodAutoscaler', { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscalerList' }),
  {
    id: 'autoscaling.v1.Scale',
    description: 'The desired and observed replica count of a scalable resource.',
    gvk: [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Metadata of the scaled object.'),
      spec: f(2, 'autoscaling.v1.ScaleSpec', 'The desired scale.'),
      status: f(3, 'autoscaling.v1.ScaleStatus', 'The observed scale; read-only.'),
    },
  },
  {
    id: 'autoscaling.v1.ScaleSpec',
    description: 'The desired scale of a resource.',
    fields: {
      replicas: f(1, 'int32', 'Desired number of instances.'),
    },
  },
  {
    id: 'autoscaling.v1.ScaleStatus',
    description: 'The observed scale of a resource.',
    fields: {
      replicas: f(1, 'int32', 'Observed number of instances.', { required: true }),
      selector: f(2, 'string', 'The pod label selector, serialized as a string.'),
    },
  },
  // --- autoscaling/v2 ---
  {
    id: 'autoscaling.v2.HorizontalPodAutoscaler',
    description: "Scales a workload's replica count on the metrics it is given.",
    gvk: [{ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'autoscaling.v2.HorizontalPodAutoscalerSpec', 'The desired behaviour of the autoscaler.'),
      status: f(3, 'autoscaling.v2.HorizontalPodAutoscalerStatus', 'The observed state of the autoscaler.'),
    },
  },
  {
    id: 'autoscaling.v2.HorizontalPodAutoscalerSpec',
    description: 'The desired behaviour of an autoscaler.',
    fields: {
      scaleTargetRef: f(1, 'autoscaling.v2.CrossVersionObjectReference', 'The resource whose pods are measured and whose scale is set.', {
        required: true,
      }),
      minReplicas: f(2, 'int32', 'Fewest replicas to scale down to; defaults to 1.'),
      maxReplicas: f(3, 'int32', 'Most replicas to scale up to; at least minReplicas.', { required: true }),
      metrics: f(4, arr('autoscaling.v2.MetricSpec'), 'The metrics to scale on; the largest replica count any of them asks for wins.', {
        listType: 'atomic',
      }),
      behavior: f(5, 'autoscaling.v2.HorizontalPodAutoscalerBehavior', 'How fast to scale up and down; defaults apply when unset.'),
    },
  },
  {
    id: 'autoscaling.v2.CrossVersionObjectReference',
    description: 'Identifies a resource by kind, name and API version.',
    fields: {
      kind: f(1, 'string', 'Kind of the referent.', { required: true }),
      name: f(2, 'string', 'Name of the referent.', { required: true }),
      apiVersion: f(3, 'string', 'API version of the referent.'),
    },
  },
  {
    id: 'autoscaling.v2.MetricSpec',
    description: 'One metric to scale on: type plus the one matching source field.',
    fields: {
      type: f(1, 'string', 'Object, Pods, Resource, ContainerResource or External.', { required: true }),
      object: f(2, 'autoscaling.v2.ObjectMetricSource', 'A metric describing one Kubernetes object.'),
      pods: f(3, 'autoscaling.v2.PodsMetricSource', "A metric averaged over the target's pods."),
      resource: f(4, 'autoscaling.v2.ResourceMetricSource', "A resource (such as cpu) averaged over the target's pods."),
      containerResource: f(7, 'autoscaling.v2.ContainerResourceMetricSource', "A resource of one container in each of the target's pods."),
      external: f(5, 'autoscaling.v2.ExternalMetricSource', 'A metric from outside the cluster.'),
    },
  },
  {
    id: 'autoscaling.v2.HorizontalPodAutoscalerBehavior',
    description: 'Scaling rules for each direction.',
    fields: {
      scaleUp: f(1, 'autoscaling.v2.HPAScalingRules', 'Rules for scaling up.'),
      scaleDown: f(2, 'autoscaling.v2.HPAScalingRules', 'Rules for scaling down.'),
    },
  },
  {
    id: 'autoscaling.v2.HPAScalingRules',
    description: 'How to scale in one direction.',
    fields: {
      stabilizationWindowSeconds: f(3, 'int32', 'Seconds of past recommendations to consider, smoothing out flapping.'),
      selectPolicy: f(1, 'string', 'Max (default), Min or Disabled: which policy applies when several do.'),
      policies: f(2, arr('autoscaling.v2.HPAScalingPolicy'), 'Limits on how much the replica count may change per period.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'autoscaling.v2.HPAScalingPolicy',
    description: 'A limit on the change in replicas over a period.',
    fields: {
      type: f(1, 'string', 'Pods or Percent.', { required: true }),
      value: f(2, 'int32', 'The largest change allowed; greater than zero.', { required: true }),
      periodSeconds: f(3, 'int32', 'The period the limit applies to, 1 to 1800 seconds.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.ObjectMetricSource',
    description: 'Scale on a metric describing one Kubernetes object.',
    fields: {
      describedObject: f(1, 'autoscaling.v2.CrossVersionObjectReference', 'The object the metric describes.', { required: true }),
      target: f(2, 'autoscaling.v2.MetricTarget', 'The value to aim for.', { required: true }),
      metric: f(3, 'autoscaling.v2.MetricIdentifier', 'Which metric.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.PodsMetricSource',
    description: 'Scale on a metric of each pod, averaged over the pods.',
    fields: {
      metric: f(1, 'autoscaling.v2.MetricIdentifier', 'Which metric.', { required: true }),
      target: f(2, 'autoscaling.v2.MetricTarget', 'The value to aim for; only AverageValue is supported.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.ResourceMetricSource',
    description: 'Scale on a resource of each pod, as in its requests and limits.',
    fields: {
      name: f(1, 'string', 'The resource name.', { required: true }),
      target: f(2, 'autoscaling.v2.MetricTarget', 'The value to aim for.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.ContainerResourceMetricSource',
    description: 'Scale on a resource of one container in each pod.',
    fields: {
      name: f(1, 'string', 'The resource name.', { required: true }),
      target: f(2, 'autoscaling.v2.MetricTarget', 'The value to aim for.', { required: true }),
      container: f(3, 'string', 'The container in each pod to measure.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.ExternalMetricSource',
    description: 'Scale on a metric not tied to any Kubernetes object.',
    fields: {
      metric: f(1, 'autoscaling.v2.MetricIdentifier', 'Which metric.', { required: true }),
      target: f(2, 'autoscaling.v2.MetricTarget', 'The value to aim for.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.MetricIdentifier',
    description: 'Names a metric, with an optional selector.',
    fields: {
      name: f(1, 'string', 'The metric name.', { required: true }),
      selector: f(2, 'meta.v1.LabelSelector', 'Narrows the metric; passed to the metrics server along with the name.'),
    },
  },
  {
    id: 'autoscaling.v2.MetricTarget',
    description: 'The value a metric should be held at.',
    fields: {
      type: f(1, 'string', 'Utilization, Value or AverageValue.', { required: true }),
      value: f(2, 'Quantity', 'Target value of the metric.'),
      averageValue: f(3, 'Quantity', 'Target value of the metric averaged over the pods.'),
      averageUtilization: f(4, 'int32', "Target average use of a resource, as a percentage of the pods' requests."),
    },
  },
  {
    id: 'autoscaling.v2.HorizontalPodAutoscalerStatus',
    description: 'The observed state of an autoscaler.',
    fields: {
      observedGeneration: f(1, 'int64', 'The most recent generation the autoscaler has acted on.'),
      lastScaleTime: f(2, 'Time', 'When the autoscaler last changed the replica count.'),
      currentReplicas: f(3, 'int32', 'Current number of replicas as last seen.'),
      desiredReplicas: f(4, 'int32', 'Number of replicas the autoscaler last computed.', { required: true }),
      currentMetrics: f(5, arr('autoscaling.v2.MetricStatus'), 'The last values read for each metric.', { listType: 'atomic' }),
      conditions: f(6, arr('autoscaling.v2.HorizontalPodAutoscalerCondition'), 'Whether the autoscaler can scale its target, and why not.', {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
    },
  },
  {
    id: 'autoscaling.v2.HorizontalPodAutoscalerCondition',
    description: "One aspect of an autoscaler's state.",
    fields: {
      type: f(1, 'string', 'The kind of condition.', { required: true }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true }),
      lastTransitionTime: f(3, 'Time', 'When the status last changed.'),
      reason: f(4, 'string', 'Machine-readable reason for the last change, in CamelCase.'),
      message: f(5, 'string', 'Human-readable details of the last change.'),
    },
  },
  {
    id: 'autoscaling.v2.MetricStatus',
    description: 'The last value read for one metric.',
    fields: {
      type: f(1, 'string', 'Object, Pods, Resource, ContainerResource or External.', { required: true }),
      object: f(2, 'autoscaling.v2.ObjectMetricStatus', 'A metric describing one Kubernetes object.'),
      pods: f(3, 'autoscaling.v2.PodsMetricStatus', "A metric averaged over the target's pods."),
      resource: f(4, 'autoscaling.v2.ResourceMetricStatus', "A resource averaged over the target's pods."),
      containerResource: f(7, 'autoscaling.v2.ContainerResourceMetricStatus', "A resource of one container in each of the target's pods."),
      external: f(5, 'autoscaling.v2.ExternalMetricStatus', 'A metric from outside the cluster.'),
    },
  },
  {
    id: 'autoscaling.v2.ObjectMetricStatus',
    description: 'The current value of a metric describing one object.',
    fields: {
      metric: f(1, 'autoscaling.v2.MetricIdentifier', 'Which metric.', { required: true }),
      current: f(2, 'autoscaling.v2.MetricValueStatus', 'Its current value.', { required: true }),
      describedObject: f(3, 'autoscaling.v2.CrossVersionObjectReference', 'The object the metric describes.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.PodsMetricStatus',
    description: 'The current value of a per-pod metric.',
    fields: {
      metric: f(1, 'autoscaling.v2.MetricIdentifier', 'Which metric.', { required: true }),
      current: f(2, 'autoscaling.v2.MetricValueStatus', 'Its current value.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.ResourceMetricStatus',
    description: 'The current value of a per-pod resource metric.',
    fields: {
      name: f(1, 'string', 'The resource name.', { required: true }),
      current: f(2, 'autoscaling.v2.MetricValueStatus', 'Its current value.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.ContainerResourceMetricStatus',
    description: 'The current value of a resource of one container in each pod.',
    fields: {
      name: f(1, 'string', 'The resource name.', { required: true }),
      current: f(2, 'autoscaling.v2.MetricValueStatus', 'Its current value.', { required: true }),
      container: f(3, 'string', 'The container measured.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.ExternalMetricStatus',
    description: 'The current value of a metric from outside the cluster.',
    fields: {
      metric: f(1, 'autoscaling.v2.MetricIdentifier', 'Which metric.', { required: true }),
      current: f(2, 'autoscaling.v2.MetricValueStatus', 'Its current value.', { required: true }),
    },
  },
  {
    id: 'autoscaling.v2.MetricValueStatus',
    description: "A metric's current value.",
    fields: {
      value: f(1, 'Quantity', 'Current value of the metric.'),
      averageValue: f(2, 'Quantity', 'Current value averaged over the pods.'),
      averageUtilization: f(3, 'int32', "Current average use of a resource, as a percentage of the pods' requests."),
    },
  },
  listOf('autoscaling.v2.HorizontalPodAutoscaler', { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscalerList' }),
];
