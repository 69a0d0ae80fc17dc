import { arr, f, listOf, typeMeta, type TypeDef } from '../dsl.js';

// apps/v1: Deployments, ReplicaSets, StatefulSets, DaemonSets and the ControllerRevisions behind rollbacks.

export const appsTypes: TypeDef[] = [
  {
    id: 'apps.v1.StatefulSet',
    description: 'Runs pods that keep a stable identity: an ordinal name, a stable hostname and their own storage.',
    gvk: [{ group: 'apps', version: 'v1', kind: 'StatefulSet' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'apps.v1.StatefulSetSpec', 'The identities and pods this set should have.'),
      status: f(3, 'apps.v1.StatefulSetStatus', "The latest observed state of the set's pods; may lag behind."),
    },
  },
  {
    id: 'apps.v1.StatefulSetUpdateStrategy',
    description: 'How the StatefulSet controller replaces pods when the template changes.',
    fields: {
      type: f(1, 'string', 'RollingUpdate (default) or OnDelete.', { enum: ['OnDelete', 'RollingUpdate'] }),
      rollingUpdate: f(2, 'apps.v1.RollingUpdateStatefulSetStrategy', 'Parameters for the RollingUpdate strategy.'),
    },
  },
  {
    id: 'apps.v1.RollingUpdateStatefulSetStrategy',
    description: 'Parameters of a StatefulSet rolling update.',
    fields: {
      partition: f(1, 'int32', 'Only pods with an ordinal at or above this number are updated; 0 by default.'),
      maxUnavailable: f(2, 'IntOrString', 'How many pods (a number or a percentage) may be down at once during the update; defaults to 1.'),
    },
  },
  {
    id: 'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy',
    description: 'What happens to claims made from volumeClaimTemplates when pods go away.',
    fields: {
      whenDeleted: f(1, 'string', 'Retain (default) or Delete the claims when the StatefulSet itself is deleted.'),
      whenScaled: f(2, 'string', 'Retain (default) or Delete the claims of pods removed by scaling down.'),
    },
  },
  {
    id: 'apps.v1.StatefulSetOrdinals',
    description: 'How replica ordinals are numbered.',
    fields: {
      start: f(1, 'int32', 'The ordinal of the first replica; 0 by default.'),
    },
  },
  {
    id: 'apps.v1.StatefulSetSpec',
    description: 'The desired state of a StatefulSet.',
    fields: {
      replicas: f(1, 'int32', 'Desired number of pods; defaults to 1.'),
      selector: f(2, 'meta.v1.LabelSelector', "Selects the pods counted as replicas; must match the template's labels.", {
        required: true,
      }),
      template: f(3, 'core.v1.PodTemplateSpec', 'The pod each replica is created from, with its own ordinal identity.', { required: true }),
      volumeClaimTemplates: f(4, arr('core.v1.PersistentVolumeClaim'), "Claims each pod gets its own copy of, mounted by name into the pod's containers.", {
        listType: 'atomic',
      }),
      serviceName: f(5, 'string', 'The headless Service that gives the pods their network identity.', { required: true }),
      podManagementPolicy: f(6, 'string', 'OrderedReady (one by one, default) or Parallel pod creation and deletion.', {
        enum: ['OrderedReady', 'Parallel'],
      }),
      updateStrategy: f(7, 'apps.v1.StatefulSetUpdateStrategy', 'How pods are replaced when the template changes.'),
      revisionHistoryLimit: f(8, 'int32', 'How many old ControllerRevisions to keep; defaults to 10.'),
      minReadySeconds: f(9, 'int32', 'Seconds a new pod must be ready, without crashing, to count as available; defaults to 0.'),
      persistentVolumeClaimRetentionPolicy: f(10, 'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy', 'Whether claims from volumeClaimTemplates are kept or deleted on scale-down and deletion.'),
      ordinals: f(11, 'apps.v1.StatefulSetOrdinals', 'Where replica numbering starts.'),
    },
  },
  {
    id: 'apps.v1.StatefulSetStatus',
    description: 'The observed state of a StatefulSet.',
    fields: {
      observedGeneration: f(1, 'int64', 'The most recent generation the controller has acted on.'),
      replicas: f(2, 'int32', 'Number of pods the controller has created.', { required: true }),
      readyReplicas: f(3, 'int32', "Number of this set's pods with a Ready condition."),
      currentReplicas: f(4, 'int32', 'Number of pods created from the currentRevision.'),
      updatedReplicas: f(5, 'int32', 'Number of pods created from the updateRevision.'),
      currentRevision: f(6, 'string', 'The revision that made the pods with ordinals below currentReplicas.'),
      updateRevision: f(7, 'string', 'The revision that made the pods at the top of the ordinal range.'),
      collisionCount: f(9, 'int32', 'Hash collisions seen when naming ControllerRevisions; used to avoid them.'),
      conditions: f(10, arr('apps.v1.StatefulSetCondition'), "Latest observations of the set's state.", {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
      availableReplicas: f(11, 'int32', 'Number of pods that have been ready for at least minReadySeconds.'),
    },
  },
  {
    id: 'apps.v1.StatefulSetCondition',
    description: "One aspect of a StatefulSet's state.",
    fields: {
      type: f(1, 'string', 'The kind of condition.', { required: true }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true }),
      lastTransitionTime: f(3, 'Time', 'When the status last changed.'),
      reason: f(4, 'string', 'Machine-readable reason for the last change, in CamelCase.'),
      message: f(5, 'string', 'Human-readable details of the last change.'),
    },
  },
  listOf('apps.v1.StatefulSet', { group: 'apps', version: 'v1', kind: 'StatefulSetList' }),
  {
    id: 'apps.v1.Deployment',
    description: 'Declarative updates for a replicated pod, rolled out through ReplicaSets.',
    gvk: [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'apps.v1.DeploymentSpec', 'The desired behaviour of the Deployment.'),
      status: f(3, 'apps.v1.DeploymentStatus', 'The most recently observed state of the Deployment.'),
    },
  },
  {
    id: 'apps.v1.DeploymentSpec',
    description: 'The desired state of a Deployment.',
    fields: {
      replicas: f(1, 'int32', 'Desired number of pods; defaults to 1.'),
      selector: f(2, 'meta.v1.LabelSelector', "Selects the pods this Deployment manages; must match the template's labels.", {
        required: true,
      }),
      template: f(3, 'core.v1.PodTemplateSpec', 'The pod to create; its restartPolicy must be Always.', { required: true }),
      strategy: f(4, 'apps.v1.DeploymentStrategy', 'How old pods are replaced with new ones.', { patchStrategy: 'retainKeys' }),
      minReadySeconds: f(5, 'int32', 'Seconds a new pod must be ready, without crashing, to count as available; defaults to 0.'),
      revisionHistoryLimit: f(6, 'int32', 'How many old ReplicaSets to keep for rollback; defaults to 10.'),
      paused: f(7, 'boolean', 'Stops the controller from rolling out template changes.'),
      progressDeadlineSeconds: f(9, 'int32', 'Seconds without progress after which the rollout is reported as failed; defaults to 600.'),
    },
  },
  {
    id: 'apps.v1.DeploymentStrategy',
    description: 'How a Deployment replaces existing pods.',
    fields: {
      type: f(1, 'string', 'Recreate or RollingUpdate (default).', { enum: ['Recreate', 'RollingUpdate'] }),
      rollingUpdate: f(2, 'apps.v1.RollingUpdateDeployment', 'Parameters for the RollingUpdate strategy.'),
    },
  },
  {
    id: 'apps.v1.RollingUpdateDeployment',
    description: 'Parameters of a Deployment rolling update.',
    fields: {
      maxUnavailable: f(1, 'IntOrString', 'How many pods (a number or a percentage) may be unavailable during the update; defaults to 25%.'),
      maxSurge: f(2, 'IntOrString', 'How many pods (a number or a percentage) may exist above the desired count during the update; defaults to 25%.'),
    },
  },
  {
    id: 'apps.v1.DeploymentStatus',
    description: 'The observed state of a Deployment.',
    fields: {
      observedGeneration: f(1, 'int64', 'The most recent generation the controller has acted on.'),
      replicas: f(2, 'int32', 'Non-terminated pods selected by this Deployment.'),
      updatedReplicas: f(3, 'int32', 'Non-terminated pods that run the current template.'),
      readyReplicas: f(7, 'int32', 'Selected pods with a Ready condition.'),
      availableReplicas: f(4, 'int32', 'Selected pods that have been ready for at least minReadySeconds.'),
      unavailableReplicas: f(5, 'int32', 'Pods still missing before the Deployment is fully available.'),
      conditions: f(6, arr('apps.v1.DeploymentCondition'), "Latest observations of the Deployment's state.", {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
      collisionCount: f(8, 'int32', 'Hash collisions seen when naming ReplicaSets; used to avoid them.'),
    },
  },
  {
    id: 'apps.v1.DeploymentCondition',
    description: "One aspect of a Deployment's state.",
    fields: {
      type: f(1, 'string', 'The kind of condition.', { required: true }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true }),
      lastUpdateTime: f(6, 'Time', 'When this condition was last updated.'),
      lastTransitionTime: f(7, 'Time', 'When the status last changed.'),
      reason: f(4, 'string', 'Machine-readable reason for the last change, in CamelCase.'),
      message: f(5, 'string', 'Human-readable details of the last change.'),
    },
  },
  listOf('apps.v1.Deployment', { group: 'apps', version: 'v1', kind: 'DeploymentList' }),
  {
    id: 'apps.v1.DaemonSetUpdateStrategy',
    description: 'How a DaemonSet replaces its pods.',
    fields: {
      type: f(1, 'string', 'RollingUpdate (default) or OnDelete.', { enum: ['OnDelete', 'RollingUpdate'] }),
      rollingUpdate: f(2, 'apps.v1.RollingUpdateDaemonSet', 'Parameters for the RollingUpdate strategy.'),
    },
  },
  {
    id: 'apps.v1.RollingUpdateDaemonSet',
    description: 'Parameters of a DaemonSet rolling update.',
    fields: {
      maxUnavailable: f(1, 'IntOrString', "How many nodes' pods (a number or a percentage) may be unavailable during the update; defaults to 1."),
      maxSurge: f(2, 'IntOrString', 'How many nodes (a number or a percentage) may run an old and a new pod at once during the update; defaults to 0.'),
    },
  },
  {
    id: 'apps.v1.DaemonSetSpec',
    description: 'The desired state of a DaemonSet.',
    fields: {
      selector: f(1, 'meta.v1.LabelSelector', "Selects the pods this DaemonSet manages; must match the template's labels.", {
        required: true,
      }),
      template: f(2, 'core.v1.PodTemplateSpec', 'The pod to run on every matching node.', { required: true }),
      updateStrategy: f(3, 'apps.v1.DaemonSetUpdateStrategy', 'How pods are replaced when the template changes.'),
      minReadySeconds: f(4, 'int32', 'Seconds a new pod must be ready, without crashing, to count as available; defaults to 0.'),
      revisionHistoryLimit: f(6, 'int32', 'How many old ControllerRevisions to keep for rollback; defaults to 10.'),
    },
  },
  {
    id: 'apps.v1.DaemonSetStatus',
    description: 'The observed state of a DaemonSet.',
    fields: {
      currentNumberScheduled: f(1, 'int32', 'Nodes that should run the daemon pod and run at least one.', { required: true }),
      numberMisscheduled: f(2, 'int32', 'Nodes that run the daemon pod but should not.', { required: true }),
      desiredNumberScheduled: f(3, 'int32', 'Nodes that should run the daemon pod.', { required: true }),
      numberReady: f(4, 'int32', 'Nodes that should run the daemon pod and have one with a Ready condition.', { required: true }),
      observedGeneration: f(5, 'int64', 'The most recent generation the controller has acted on.'),
      updatedNumberScheduled: f(6, 'int32', 'Nodes that run the daemon pod from the current template.'),
      numberAvailable: f(7, 'int32', 'Nodes that should run the daemon pod and have one available.'),
      numberUnavailable: f(8, 'int32', 'Nodes that should run the daemon pod and have none available.'),
      collisionCount: f(9, 'int32', 'Hash collisions seen when naming ControllerRevisions; used to avoid them.'),
      conditions: f(10, arr('apps.v1.DaemonSetCondition'), "Latest observations of the DaemonSet's state.", {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
    },
  },
  {
    id: 'apps.v1.DaemonSetCondition',
    description: "One aspect of a DaemonSet's state.",
    fields: {
      type: f(1, 'string', 'The kind of condition.', { required: true }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true }),
      lastTransitionTime: f(3, 'Time', 'When the status last changed.'),
      reason: f(4, 'string', 'Machine-readable reason for the last change, in CamelCase.'),
      message: f(5, 'string', 'Human-readable details of the last change.'),
    },
  },
  {
    id: 'apps.v1.DaemonSet',
    description: 'Runs a copy of a pod on every node that matches it.',
    gvk: [{ group: 'apps', version: 'v1', kind: 'DaemonSet' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'apps.v1.DaemonSetSpec', 'The desired behaviour of the DaemonSet.'),
      status: f(3, 'apps.v1.DaemonSetStatus', 'The most recently observed state of the DaemonSet.'),
    },
  },
  listOf('apps.v1.DaemonSet', { group: 'apps', version: 'v1', kind: 'DaemonSetList' }),
  {
    id: 'apps.v1.ReplicaSet',
    description: 'Keeps a given number of identical pods running.',
    gvk: [{ group: 'apps', version: 'v1', kind: 'ReplicaSet' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'apps.v1.ReplicaSetSpec', 'The desired behaviour of the ReplicaSet.'),
      status: f(3, 'apps.v1.ReplicaSetStatus', 'The most recently observed state of the ReplicaSet.'),
    },
  },
  listOf('apps.v1.ReplicaSet', { group: 'apps', version: 'v1', kind: 'ReplicaSetList' }),
  {
    id: 'apps.v1.ReplicaSetSpec',
    description: 'The desired state of a ReplicaSet.',
    fields: {
      replicas: f(1, 'int32', 'Desired number of pods; defaults to 1.'),
      minReadySeconds: f(4, 'int32', 'Seconds a new pod must be ready, without crashing, to count as available; defaults to 0.'),
      selector: f(2, 'meta.v1.LabelSelector', "Selects the pods counted as replicas; must match the template's labels.", {
        required: true,
      }),
      template: f(3, 'core.v1.PodTemplateSpec', 'The pod to create when replicas are missing.'),
    },
  },
  {
    id: 'apps.v1.ReplicaSetStatus',
    description: 'The observed state of a ReplicaSet.',
    fields: {
      replicas: f(1, 'int32', 'Number of pods last seen.', { required: true }),
      fullyLabeledReplicas: f(2, 'int32', 'Pods whose labels match all the labels of the template.'),
      readyReplicas: f(4, 'int32', 'Pods with a Ready condition.'),
      availableReplicas: f(5, 'int32', 'Pods that have been ready for at least minReadySeconds.'),
      observedGeneration: f(3, 'int64', 'The most recent generation the controller has acted on.'),
      conditions: f(6, arr('apps.v1.ReplicaSetCondition'), "Latest observations of the ReplicaSet's state.", {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
    },
  },
  {
    id: 'apps.v1.ReplicaSetCondition',
    description: "One aspect of a ReplicaSet's state.",
    fields: {
      type: f(1, 'string', 'The kind of condition.', { required: true }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true }),
      lastTransitionTime: f(3, 'Time', 'When the status last changed.'),
      reason: f(4, 'string', 'Machine-readable reason for the last change, in CamelCase.'),
      message: f(5, 'string', 'Human-readable details of the last change.'),
    },
  },
  {
    id: 'apps.v1.ControllerRevision',
    description: 'An immutable snapshot of state data, used by controllers to roll back and forward.',
    gvk: [{ group: 'apps', version: 'v1', kind: 'ControllerRevision' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      data: f(2, 'RawExtension', 'The serialized state of this revision.'),
      revision: f(3, 'int64', 'The revision number of the state in data.', { required: true }),
    },
  },
  listOf('apps.v1.ControllerRevision', { group: 'apps', version: 'v1', kind: 'ControllerRevisionList' }),
];
