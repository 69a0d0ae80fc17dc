// A small schema for this folder's tests, so they do not depend on the group files being filled in:
// a trimmed Pod and Deployment with the patch metadata of the real types, and upstream's MergeItem
// test type (the struct strategicpatch's own tests are written against).

import { arr, f, map, Schema, typeMeta, type TypeDef } from '../../api/schema/index.js';

const MI = 'test.v1.MergeItem';
const RK = 'test.v1.RetainKeysMergeItem';

const types: TypeDef[] = [
  {
    id: 'meta.v1.ObjectMeta',
    fields: {
      name: f(1, 'string'),
      generateName: f(2, 'string'),
      namespace: f(3, 'string'),
      uid: f(5, 'string'),
      resourceVersion: f(6, 'string'),
      generation: f(7, 'int64'),
      creationTimestamp: f(8, 'Time'),
      labels: f(11, map('string')),
      annotations: f(12, map('string')),
      ownerReferences: f(13, arr('meta.v1.OwnerReference'), undefined, {
        patchStrategy: 'merge',
        patchMergeKey: 'uid',
        listType: 'map',
        listMapKeys: ['uid'],
      }),
      finalizers: f(14, arr('string'), undefined, { patchStrategy: 'merge', listType: 'set' }),
      managedFields: f(17, arr('meta.v1.ManagedFieldsEntry'), undefined, { listType: 'atomic' }),
    },
  },
  {
    id: 'meta.v1.ManagedFieldsEntry',
    fields: {
      manager: f(1, 'string'),
      operation: f(2, 'string'),
      apiVersion: f(3, 'string'),
      time: f(4, 'Time'),
      fieldsType: f(6, 'string'),
      fieldsV1: f(7, 'FieldsV1'),
      subresource: f(8, 'string'),
    },
  },
  {
    id: 'meta.v1.OwnerReference',
    structType: 'atomic',
    fields: { apiVersion: f(5, 'string'), kind: f(1, 'string'), name: f(3, 'string'), uid: f(4, 'string'), controller: f(6, 'boolean') },
  },
  {
    id: 'meta.v1.LabelSelector',
    structType: 'atomic',
    fields: { matchLabels: f(1, map('string')), matchExpressions: f(2, arr('meta.v1.LabelSelectorRequirement'), undefined, { listType: 'atomic' }) },
  },
  {
    id: 'meta.v1.LabelSelectorRequirement',
    fields: { key: f(1, 'string'), operator: f(2, 'string'), values: f(3, arr('string'), undefined, { listType: 'atomic' }) },
  },
  {
    id: 'core.v1.Pod',
    gvk: [{ group: '', version: 'v1', kind: 'Pod' }],
    fields: { ...typeMeta(), metadata: f(1, 'meta.v1.ObjectMeta'), spec: f(2, 'core.v1.PodSpec'), status: f(3, 'core.v1.PodStatus') },
  },
  {
    id: 'core.v1.PodSpec',
    fields: {
      volumes: f(1, arr('core.v1.Volume'), undefined, { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }),
      containers: f(2, arr('core.v1.Container'), undefined, { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'], required: true }),
      initContainers: f(20, arr('core.v1.Container'), undefined, { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }),
      restartPolicy: f(3, 'string'),
      nodeSelector: f(7, map('string'), undefined, { mapType: 'atomic' }),
      serviceAccountName: f(8, 'string'),
      nodeName: f(10, 'string'),
      tolerations: f(22, arr('core.v1.Toleration'), undefined, { listType: 'atomic' }),
      imagePullSecrets: f(15, arr('core.v1.LocalObjectReference'), undefined, { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }),
    },
  },
  { id: 'core.v1.LocalObjectReference', structType: 'atomic', fields: { name: f(1, 'string') } },
  { id: 'core.v1.Toleration', fields: { key: f(1, 'string'), operator: f(2, 'string'), value: f(3, 'string'), effect: f(4, 'string') } },
  {
    id: 'core.v1.Container',
    fields: {
      name: f(1, 'string', undefined, { required: true }),
      image: f(2, 'string'),
      command: f(3, arr('string'), undefined, { listType: 'atomic' }),
      args: f(4, arr('string'), undefined, { listType: 'atomic' }),
      ports: f(6, arr('core.v1.ContainerPort'), undefined, {
        patchStrategy: 'merge',
        patchMergeKey: 'containerPort',
        listType: 'map',
        listMapKeys: ['containerPort', 'protocol'],
      }),
      env: f(7, arr('core.v1.EnvVar'), undefined, { patchStrategy: 'merge', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] }),
      resources: f(8, 'core.v1.ResourceRequirements'),
      volumeMounts: f(9, arr('core.v1.VolumeMount'), undefined, { patchStrategy: 'merge', patchMergeKey: 'mountPath', listType: 'map', listMapKeys: ['mountPath'] }),
      imagePullPolicy: f(14, 'string'),
    },
  },
  {
    id: 'core.v1.ContainerPort',
    fields: { name: f(1, 'string'), hostPort: f(2, 'int32'), containerPort: f(3, 'int32'), protocol: f(4, 'string', undefined, { default: 'TCP' }) },
  },
  { id: 'core.v1.EnvVar', fields: { name: f(1, 'string'), value: f(2, 'string'), valueFrom: f(3, 'core.v1.EnvVarSource') } },
  { id: 'core.v1.EnvVarSource', fields: { fieldRef: f(1, 'core.v1.ObjectFieldSelector'), configMapKeyRef: f(3, 'core.v1.ConfigMapKeySelector') } },
  { id: 'core.v1.ObjectFieldSelector', structType: 'atomic', fields: { apiVersion: f(1, 'string'), fieldPath: f(2, 'string') } },
  { id: 'core.v1.ConfigMapKeySelector', structType: 'atomic', fields: { name: f(1, 'string'), key: f(2, 'string') } },
  { id: 'core.v1.ResourceRequirements', fields: { limits: f(1, map('Quantity')), requests: f(2, map('Quantity')) } },
  { id: 'core.v1.VolumeMount', fields: { name: f(1, 'string'), readOnly: f(2, 'boolean'), mountPath: f(3, 'string') } },
  {
    id: 'core.v1.Volume',
    fields: {
      name: f(1, 'string'),
      hostPath: f(2, 'core.v1.HostPathVolumeSource'),
      emptyDir: f(3, 'core.v1.EmptyDirVolumeSource'),
      configMap: f(19, 'core.v1.ConfigMapVolumeSource'),
    },
  },
  { id: 'core.v1.HostPathVolumeSource', fields: { path: f(1, 'string'), type: f(2, 'string') } },
  { id: 'core.v1.EmptyDirVolumeSource', fields: { medium: f(1, 'string'), sizeLimit: f(2, 'Quantity') } },
  { id: 'core.v1.ConfigMapVolumeSource', fields: { name: f(1, 'string'), defaultMode: f(3, 'int32') } },
  {
    id: 'core.v1.PodStatus',
    fields: {
      phase: f(1, 'string'),
      conditions: f(2, arr('core.v1.PodCondition'), undefined, { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'map', listMapKeys: ['type'] }),
      podIP: f(6, 'string'),
    },
  },
  { id: 'core.v1.PodCondition', fields: { type: f(1, 'string'), status: f(2, 'string'), reason: f(5, 'string') } },
  { id: 'core.v1.PodTemplateSpec', fields: { metadata: f(1, 'meta.v1.ObjectMeta'), spec: f(2, 'core.v1.PodSpec') } },
  {
    id: 'core.v1.ConfigMap',
    gvk: [{ group: '', version: 'v1', kind: 'ConfigMap' }],
    fields: { ...typeMeta(), metadata: f(1, 'meta.v1.ObjectMeta'), data: f(2, map('string')), binaryData: f(3, map('bytes')) },
  },
  {
    id: 'apps.v1.Deployment',
    gvk: [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta'),
      spec: f(2, 'apps.v1.DeploymentSpec'),
      status: f(3, 'apps.v1.DeploymentStatus'),
    },
  },
  {
    id: 'apps.v1.DeploymentSpec',
    fields: {
      replicas: f(1, 'int32'),
      selector: f(2, 'meta.v1.LabelSelector', undefined, { required: true }),
      template: f(3, 'core.v1.PodTemplateSpec', undefined, { required: true }),
      strategy: f(4, 'apps.v1.DeploymentStrategy', undefined, { patchStrategy: 'retainKeys' }),
      minReadySeconds: f(5, 'int32'),
      paused: f(7, 'boolean'),
    },
  },
  { id: 'apps.v1.DeploymentStrategy', fields: { type: f(1, 'string'), rollingUpdate: f(2, 'apps.v1.RollingUpdateDeployment') } },
  { id: 'apps.v1.RollingUpdateDeployment', fields: { maxUnavailable: f(1, 'IntOrString'), maxSurge: f(2, 'IntOrString') } },
  { id: 'apps.v1.DeploymentStatus', fields: { replicas: f(2, 'int32'), readyReplicas: f(7, 'int32'), observedGeneration: f(1, 'int64') } },
  {
    id: MI,
    fields: {
      name: f(1, 'string'),
      value: f(2, 'string'),
      other: f(3, 'string'),
      mergingList: f(4, arr(MI), undefined, { patchStrategy: 'merge', patchMergeKey: 'name' }),
      nonMergingList: f(5, arr(MI)),
      mergingIntList: f(6, arr('int64'), undefined, { patchStrategy: 'merge' }),
      nonMergingIntList: f(7, arr('int64')),
      mergeItemPtr: f(8, arr(MI), undefined, { patchStrategy: 'merge', patchMergeKey: 'name' }),
      simpleMap: f(9, map('string')),
      replacingItem: f(10, 'RawExtension', undefined, { patchStrategy: 'replace' }),
      retainKeysMap: f(11, RK, undefined, { patchStrategy: 'retainKeys' }),
      retainKeysMergingList: f(12, arr(MI), undefined, { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' }),
    },
  },
  {
    id: RK,
    fields: {
      name: f(1, 'string'),
      value: f(2, 'string'),
      other: f(3, 'string'),
      simpleMap: f(4, map('string')),
      mergingIntList: f(5, arr('int64'), undefined, { patchStrategy: 'merge' }),
      mergingList: f(6, arr(MI), undefined, { patchStrategy: 'merge', patchMergeKey: 'name' }),
      nonMergingList: f(7, arr(MI)),
    },
  },
];

export const testSchema = new Schema(types);
