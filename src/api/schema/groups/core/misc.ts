// core/v1: Namespaces, configuration, accounts, events, limits and quotas, component status, object references.
// Field names, protobuf numbers, types and list/patch semantics follow Kubernetes 1.32; descriptions are kts's own.

import { arr, f, listOf, map, typeMeta, type TypeDef } from '../../dsl.js';

export const miscTypes: TypeDef[] = [
  {
    id: 'core.v1.Namespace',
    description: 'A scope for names; most objects live in a namespace.',
    gvk: [{ group: '', version: 'v1', kind: 'Namespace' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      spec: f(2, 'core.v1.NamespaceSpec', 'Behaviour of the namespace.', { default: {} }),
      status: f(3, 'core.v1.NamespaceStatus', 'The state of the namespace as last observed.', { default: {} }),
    },
  },
  listOf('core.v1.Namespace', { group: '', version: 'v1', kind: 'NamespaceList' }),
  {
    id: 'core.v1.NamespaceSpec',
    description: 'Behaviour of a namespace.',
    fields: {
      finalizers: f(1, arr('string'), 'Must be empty before the namespace is removed from storage.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.NamespaceStatus',
    description: 'The observed state of a namespace.',
    fields: {
      phase: f(1, 'string', 'Lifecycle phase of the namespace.', { enum: ['Active', 'Terminating'] }),
      conditions: f(2, arr('core.v1.NamespaceCondition'), 'Current conditions of the namespace.', {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
    },
  },
  {
    id: 'core.v1.NamespaceCondition',
    description: 'One aspect of the state of a namespace.',
    fields: {
      type: f(1, 'string', 'Type of the condition.', { required: true, default: '' }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true, default: '' }),
      lastTransitionTime: f(4, 'Time', 'When the status last changed.'),
      reason: f(5, 'string', 'Brief CamelCase reason for the last transition.'),
      message: f(6, 'string', 'Human-readable details of the last transition.'),
    },
  },
  {
    id: 'core.v1.ConfigMap',
    description: 'Configuration data for pods to consume.',
    gvk: [{ group: '', version: 'v1', kind: 'ConfigMap' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      immutable: f(4, 'boolean', 'When true, the data cannot be changed, only the object deleted.'),
      data: f(2, map('string'), 'UTF-8 configuration data.'),
      binaryData: f(3, map('bytes'), 'Binary configuration data; keys must not repeat those of data.'),
    },
  },
  listOf('core.v1.ConfigMap', { group: '', version: 'v1', kind: 'ConfigMapList' }),
  {
    id: 'core.v1.Secret',
    description: 'Sensitive data, such as passwords, tokens or keys.',
    gvk: [{ group: '', version: 'v1', kind: 'Secret' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      immutable: f(5, 'boolean', 'When true, the data cannot be changed, only the object deleted.'),
      data: f(2, map('bytes'), 'Secret data, base64-encoded in JSON.'),
      stringData: f(4, map('string'), 'Write-only plain-text data, merged into data on write.'),
      type: f(3, 'string', 'Type of the secret, used to handle its data programmatically.'),
    },
  },
  listOf('core.v1.Secret', { group: '', version: 'v1', kind: 'SecretList' }),
  {
    id: 'core.v1.ServiceAccount',
    description: 'An identity for processes running in pods.',
    gvk: [{ group: '', version: 'v1', kind: 'ServiceAccount' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      secrets: f(2, arr('core.v1.ObjectReference'), 'Deprecated: Secrets pods running as this account may use.', {
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      imagePullSecrets: f(3, arr('core.v1.LocalObjectReference'), 'Secrets used to pull images for pods running as this account.', {
        listType: 'atomic',
      }),
      automountServiceAccountToken: f(4, 'boolean', 'Whether pods running as this account get an API token mounted automatically.'),
    },
  },
  listOf('core.v1.ServiceAccount', { group: '', version: 'v1', kind: 'ServiceAccountList' }),
  {
    id: 'core.v1.Event',
    description: 'A report of something that happened in the cluster.',
    gvk: [{ group: '', version: 'v1', kind: 'Event' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { required: true, default: {} }),
      involvedObject: f(2, 'core.v1.ObjectReference', 'Object the event concerns.', { required: true, default: {} }),
      reason: f(3, 'string', 'Short machine-readable reason for the event.'),
      message: f(4, 'string', 'Human-readable description of the event.'),
      source: f(5, 'core.v1.EventSource', 'Component that reported the event.', { default: {} }),
      firstTimestamp: f(6, 'Time', 'When the event was first recorded.'),
      lastTimestamp: f(7, 'Time', 'When the event most recently occurred.'),
      count: f(8, 'int32', 'How many times the event has occurred.'),
      type: f(9, 'string', 'Type of the event: Normal or Warning.'),
      eventTime: f(10, 'MicroTime', 'When the event was first observed, with microseconds.'),
      series: f(11, 'core.v1.EventSeries', 'Data about a series of events, when the event repeats.'),
      action: f(12, 'string', 'What was done, or failed, with the object.'),
      related: f(13, 'core.v1.ObjectReference', 'A second object involved in the event.'),
      reportingComponent: f(14, 'string', 'Controller that reported the event, such as kubernetes.io/kubelet.', { default: '' }),
      reportingInstance: f(15, 'string', 'ID of the controller instance that emitted the event.', { default: '' }),
    },
  },
  listOf('core.v1.Event', { group: '', version: 'v1', kind: 'EventList' }),
  {
    id: 'core.v1.EventSource',
    description: 'The component that reported an event.',
    fields: {
      component: f(1, 'string', 'Component that generated the event.'),
      host: f(2, 'string', 'Node that generated the event.'),
    },
  },
  {
    id: 'core.v1.EventSeries',
    description: 'Data about a series of repeated events.',
    fields: {
      count: f(1, 'int32', 'Number of occurrences in the series so far.'),
      lastObservedTime: f(2, 'MicroTime', 'When the last occurrence was observed.'),
    },
  },
  {
    id: 'core.v1.LimitRange',
    description: 'Resource limits per kind of object in a namespace.',
    gvk: [{ group: '', version: 'v1', kind: 'LimitRange' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      spec: f(2, 'core.v1.LimitRangeSpec', 'The limits enforced.', { default: {} }),
    },
  },
  listOf('core.v1.LimitRange', { group: '', version: 'v1', kind: 'LimitRangeList' }),
  {
    id: 'core.v1.LimitRangeSpec',
    description: 'The limits enforced in a namespace.',
    fields: {
      limits: f(1, arr('core.v1.LimitRangeItem'), 'The limits, per kind of object.', { required: true, listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.LimitRangeItem',
    description: 'Resource limits for one kind of object.',
    fields: {
      type: f(1, 'string', 'Kind of object the limits apply to: Pod, Container or PersistentVolumeClaim.', { required: true, default: '' }),
      max: f(2, map('Quantity'), 'Maximum usage of each resource.'),
      min: f(3, map('Quantity'), 'Minimum usage of each resource.'),
      default: f(4, map('Quantity'), 'Default limit used when a resource limit is left out.'),
      defaultRequest: f(5, map('Quantity'), 'Default request used when a resource request is left out.'),
      maxLimitRequestRatio: f(6, map('Quantity'), 'Largest allowed ratio of limit to request per resource.'),
    },
  },
  {
    id: 'core.v1.ResourceQuota',
    description: 'Limits on aggregate resource use per namespace.',
    gvk: [{ group: '', version: 'v1', kind: 'ResourceQuota' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      spec: f(2, 'core.v1.ResourceQuotaSpec', 'The desired quota.', { default: {} }),
      status: f(3, 'core.v1.ResourceQuotaStatus', 'The enforced quota and current usage.', { default: {} }),
    },
  },
  listOf('core.v1.ResourceQuota', { group: '', version: 'v1', kind: 'ResourceQuotaList' }),
  {
    id: 'core.v1.ResourceQuotaSpec',
    description: 'The desired hard limits of a quota.',
    fields: {
      hard: f(1, map('Quantity'), 'Hard limits per named resource.'),
      scopes: f(2, arr('string'), 'Filters that must all match an object for it to be counted.', {
        listType: 'atomic',
        enum: ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'],
      }),
      scopeSelector: f(3, 'core.v1.ScopeSelector', 'Selector over scopes that must match an object for it to be counted.'),
    },
  },
  {
    id: 'core.v1.ResourceQuotaStatus',
    description: 'The enforced limits and current usage of a quota.',
    fields: {
      hard: f(1, map('Quantity'), 'Hard limits enforced per named resource.'),
      used: f(2, map('Quantity'), 'Current usage per named resource.'),
    },
  },
  {
    id: 'core.v1.ScopeSelector',
    description: 'A query over quota scopes; requirements are ANDed.',
    structType: 'atomic',
    fields: {
      matchExpressions: f(1, arr('core.v1.ScopedResourceSelectorRequirement'), 'Requirements on scopes.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.ScopedResourceSelectorRequirement',
    description: 'A scope, an operator and values.',
    fields: {
      scopeName: f(1, 'string', 'The scope the requirement applies to.', {
        required: true,
        enum: ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'],
        default: '',
      }),
      operator: f(2, 'string', 'How the scope relates to the values.', {
        required: true,
        enum: ['DoesNotExist', 'Exists', 'In', 'NotIn'],
        default: '',
      }),
      values: f(3, arr('string'), 'Values for In and NotIn; empty for Exists and DoesNotExist.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.ComponentStatus',
    description: 'Deprecated: the health of a control-plane component.',
    gvk: [{ group: '', version: 'v1', kind: 'ComponentStatus' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      conditions: f(2, arr('core.v1.ComponentCondition'), 'Observed conditions of the component.', {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
    },
  },
  listOf('core.v1.ComponentStatus', { group: '', version: 'v1', kind: 'ComponentStatusList' }),
  {
    id: 'core.v1.ComponentCondition',
    description: 'One aspect of the health of a component.',
    fields: {
      type: f(1, 'string', 'Type of the condition; only Healthy exists.', { required: true, default: '' }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true, default: '' }),
      message: f(3, 'string', 'Message about the condition.'),
      error: f(4, 'string', 'Error code of the condition.'),
    },
  },
  {
    id: 'core.v1.ObjectReference',
    description: 'A reference to an object, with optional field path.',
    structType: 'atomic',
    fields: {
      kind: f(1, 'string', 'Kind of the object.'),
      namespace: f(2, 'string', 'Namespace of the object.'),
      name: f(3, 'string', 'Name of the object.'),
      uid: f(4, 'string', 'UID of the object.'),
      apiVersion: f(5, 'string', 'API version of the object.'),
      resourceVersion: f(6, 'string', 'Resource version of the object, if a specific one is meant.'),
      fieldPath: f(7, 'string', 'A part of the object, such as one container, written as a field path.'),
    },
  },
  {
    id: 'core.v1.LocalObjectReference',
    description: 'Refers to an object by name in the same namespace.',
    structType: 'atomic',
    fields: {
      name: f(1, 'string', 'Name of the object.', { default: '' }),
    },
  },
  {
    id: 'core.v1.SecretReference',
    description: 'Refers to a Secret, possibly in another namespace.',
    structType: 'atomic',
    fields: {
      name: f(1, 'string', 'Name of the Secret.'),
      namespace: f(2, 'string', 'Namespace of the Secret.'),
    },
  },
];
