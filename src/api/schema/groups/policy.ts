import { arr, f, listOf, map, typeMeta, type TypeDef } from '../dsl.js';

// policy/v1: PodDisruptionBudgets and the Eviction subresource of pods.

export const policyTypes: TypeDef[] = [
  {
    id: 'policy.v1.PodDisruptionBudgetSpec',
    description: 'The desired disruption budget.',
    fields: {
      minAvailable: f(1, 'IntOrString', 'Pods (a number or a percentage) that must stay available after an eviction.'),
      selector: f(2, 'meta.v1.LabelSelector', 'Selects the pods the budget covers; null selects none, empty selects all.', {
        patchStrategy: 'replace',
      }),
      maxUnavailable: f(3, 'IntOrString', 'Pods (a number or a percentage) that may be unavailable after an eviction.'),
      unhealthyPodEvictionPolicy: f(4, 'string', 'IfHealthyBudget (default) or AlwaysAllow: when running but unready pods may be evicted.', {
        enum: ['AlwaysAllow', 'IfHealthyBudget'],
      }),
    },
  },
  {
    id: 'policy.v1.PodDisruptionBudgetStatus',
    description: 'The observed state of a disruption budget.',
    fields: {
      observedGeneration: f(1, 'int64', 'The generation this status was computed for.'),
      disruptedPods: f(2, map('Time'), 'Pods being evicted but not yet seen gone, with when the eviction was processed.'),
      disruptionsAllowed: f(3, 'int32', 'Disruptions allowed right now.', { required: true }),
      currentHealthy: f(4, 'int32', 'Healthy pods right now.', { required: true }),
      desiredHealthy: f(5, 'int32', 'Fewest healthy pods wanted.', { required: true }),
      expectedPods: f(6, 'int32', 'Pods the budget counts.', { required: true }),
      conditions: f(7, arr('meta.v1.Condition'), 'Latest observations, such as DisruptionAllowed.', {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
    },
  },
  {
    id: 'policy.v1.PodDisruptionBudget',
    description: 'Limits how many pods of a set voluntary disruptions may take down at once.',
    gvk: [{ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'policy.v1.PodDisruptionBudgetSpec', 'The desired budget.'),
      status: f(3, 'policy.v1.PodDisruptionBudgetStatus', 'The most recently observed state of the budget.'),
    },
  },
  listOf('policy.v1.PodDisruptionBudget', { group: 'policy', version: 'v1', kind: 'PodDisruptionBudgetList' }),
  {
    id: 'policy.v1.Eviction',
    description: "Asks to evict a pod, subject to disruption budgets; posted to the pod's eviction subresource.",
    gvk: [{ group: 'policy', version: 'v1', kind: 'Eviction' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Names the pod to evict.'),
      deleteOptions: f(2, 'meta.v1.DeleteOptions', 'Options for deleting the pod.'),
    },
  },
];
