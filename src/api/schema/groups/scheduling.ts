import { f, listOf, typeMeta, type TypeDef } from '../dsl.js';

// scheduling.k8s.io/v1: PriorityClasses.

export const schedulingTypes: TypeDef[] = [
  {
    id: 'scheduling.v1.PriorityClass',
    description: 'Maps a priority class name to the integer priority pods using it receive.',
    gvk: [{ group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      value: f(2, 'int32', 'The priority pods with this class get; higher is more important.', { required: true }),
      globalDefault: f(3, 'boolean', 'Pods without a priority class get this one; only one class may set it.'),
      description: f(4, 'string', 'Free text saying when to use this class.'),
      preemptionPolicy: f(5, 'string', 'PreemptLowerPriority (default) or Never: whether pods may evict lower-priority pods.', {
        enum: ['Never', 'PreemptLowerPriority'],
      }),
    },
  },
  listOf('scheduling.v1.PriorityClass', { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClassList' }),
];
