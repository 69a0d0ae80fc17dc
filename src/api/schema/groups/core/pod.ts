// core/v1: Pods and what they are made of above the container level: spec, status, scheduling, templates, replication controllers.
// Field names, protobuf numbers, types and list/patch semantics follow Kubernetes 1.32; descriptions are kts's own.

import { arr, f, listOf, map, typeMeta, type TypeDef } from '../../dsl.js';

export const podTypes: TypeDef[] = [
  {
    id: 'core.v1.Pod',
    description: 'A group of containers scheduled together onto one node, sharing network and volumes.',
    gvk: [{ group: '', version: 'v1', kind: 'Pod' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      spec: f(2, 'core.v1.PodSpec', 'The desired behaviour of the pod.', { default: {} }),
      status: f(3, 'core.v1.PodStatus', 'The most recently observed state of the pod; set by the system.', { default: {} }),
    },
  },
  listOf('core.v1.Pod', { group: '', version: 'v1', kind: 'PodList' }),
  {
    id: 'core.v1.PodSpec',
    description: 'The desired state of a pod: its containers, volumes and scheduling constraints.',
    fields: {
      volumes: f(1, arr('core.v1.Volume'), "Volumes the pod's containers can mount.", {
        patchStrategy: 'merge,retainKeys',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      initContainers: f(20, arr('core.v1.Container'), 'Containers run one after another, each to completion, before the app containers start.', {
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      containers: f(2, arr('core.v1.Container'), "The pod's application containers; at least one is required.", {
        required: true,
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      ephemeralContainers: f(34, arr('core.v1.EphemeralContainer'), 'Temporary containers added to a running pod for debugging.', {
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      restartPolicy: f(3, 'string', "Restart behaviour of the pod's containers: Always, OnFailure or Never.", {
        enum: ['Always', 'Never', 'OnFailure'],
      }),
      terminationGracePeriodSeconds: f(4, 'int64', 'Seconds the pod is given to stop gracefully before it is killed.'),
      activeDeadlineSeconds: f(5, 'int64', 'Seconds the pod may be active, counted from its start, before the system fails it.'),
      dnsPolicy: f(6, 'string', "How DNS is set up for the pod's containers.", {
        enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
      }),
      nodeSelector: f(7, map('string'), 'Labels a node must carry for the pod to be scheduled there.', { mapType: 'atomic' }),
      serviceAccountName: f(8, 'string', 'Name of the ServiceAccount the pod runs as.'),
      serviceAccount: f(9, 'string', 'Deprecated alias of serviceAccountName.'),
      automountServiceAccountToken: f(21, 'boolean', 'Whether a service account token is mounted automatically.'),
      nodeName: f(10, 'string', 'The node the pod is bound to; set by the scheduler or directly by the user.'),
      hostNetwork: f(11, 'boolean', "Use the node's network namespace."),
      hostPID: f(12, 'boolean', "Use the node's process ID namespace."),
      hostIPC: f(13, 'boolean', "Use the node's IPC namespace."),
      shareProcessNamespace: f(27, 'boolean', 'Run all containers of the pod in one process namespace.'),
      securityContext: f(14, 'core.v1.PodSecurityContext', 'Pod-wide security attributes and defaults for its containers.'),
      imagePullSecrets: f(15, arr('core.v1.LocalObjectReference'), "Secrets in the pod's namespace with credentials for pulling images.", {
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      hostname: f(16, 'string', 'Hostname of the pod; defaults to a system-chosen value.'),
      subdomain: f(17, 'string', 'With hostname, gives the pod the name <hostname>.<subdomain>.<namespace>.svc.<cluster domain>.'),
      affinity: f(18, 'core.v1.Affinity', 'Node and pod affinity and anti-affinity rules for scheduling.'),
      schedulerName: f(19, 'string', 'The scheduler that places this pod; defaults to the default scheduler.'),
      tolerations: f(22, arr('core.v1.Toleration'), 'Taints this pod tolerates.', { listType: 'atomic' }),
      hostAliases: f(23, arr('core.v1.HostAlias'), "Extra entries written into the pod's /etc/hosts.", {
        patchStrategy: 'merge',
        patchMergeKey: 'ip',
        listType: 'map',
        listMapKeys: ['ip'],
      }),
      priorityClassName: f(24, 'string', "Name of the PriorityClass that sets this pod's priority."),
      priority: f(25, 'int32', "The pod's priority, filled in from its priority class by admission."),
      dnsConfig: f(26, 'core.v1.PodDNSConfig', 'Extra DNS settings merged with those the DNS policy produces.'),
      readinessGates: f(28, arr('core.v1.PodReadinessGate'), 'Extra conditions that must be true for the pod to count as ready.', {
        listType: 'atomic',
      }),
      runtimeClassName: f(29, 'string', 'Name of the RuntimeClass used to run the pod.'),
      enableServiceLinks: f(30, 'boolean', 'Whether environment variables describing services are injected into containers.'),
      preemptionPolicy: f(31, 'string', 'Whether this pod may preempt lower-priority pods.', { enum: ['Never', 'PreemptLowerPriority'] }),
      overhead: f(32, map('Quantity'), "Resources used by the pod's sandbox, on top of its containers' requests."),
      topologySpreadConstraints: f(33, arr('core.v1.TopologySpreadConstraint'), 'How the pods of a group should be spread across topology domains.', {
        patchStrategy: 'merge',
        patchMergeKey: 'topologyKey',
        listType: 'map',
        listMapKeys: ['topologyKey', 'whenUnsatisfiable'],
      }),
      setHostnameAsFQDN: f(35, 'boolean', "Set the pod's hostname to its fully qualified domain name."),
      os: f(36, 'core.v1.PodOS', "The operating system the pod's containers need."),
      hostUsers: f(37, 'boolean', "Share the node's user namespace; false gives the pod its own."),
      schedulingGates: f(38, arr('core.v1.PodSchedulingGate'), 'Gates that keep the pod from being scheduled while any remain.', {
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      resourceClaims: f(39, arr('core.v1.PodResourceClaim'), "Dynamic resource claims the pod's containers may use.", {
        patchStrategy: 'merge,retainKeys',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      resources: f(40, 'core.v1.ResourceRequirements', 'Resources for the whole pod, shared by its containers.'),
    },
  },
  {
    id: 'core.v1.PodStatus',
    description: 'The observed state of a pod.',
    fields: {
      phase: f(1, 'string', "Coarse stage of the pod's lifecycle.", { enum: ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'] }),
      conditions: f(2, arr('core.v1.PodCondition'), 'Observed conditions of the pod, such as Ready.', {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
      message: f(3, 'string', 'Human-readable detail about why the pod is in this state.'),
      reason: f(4, 'string', "Brief CamelCase reason for the pod's state."),
      nominatedNodeName: f(11, 'string', 'Node on which the pod is expected to run after preemption completes.'),
      hostIP: f(5, 'string', 'Primary IP of the node the pod runs on.'),
      hostIPs: f(16, arr('core.v1.HostIP'), 'IPs of the node the pod runs on; the first equals hostIP.', {
        patchStrategy: 'merge',
        patchMergeKey: 'ip',
        listType: 'atomic',
      }),
      podIP: f(6, 'string', 'Primary IP allocated to the pod.'),
      podIPs: f(12, arr('core.v1.PodIP'), 'IPs allocated to the pod, at most one per family; the first equals podIP.', {
        patchStrategy: 'merge',
        patchMergeKey: 'ip',
        listType: 'map',
        listMapKeys: ['ip'],
      }),
      startTime: f(7, 'Time', 'When the kubelet acknowledged the pod, before any image was pulled.'),
      initContainerStatuses: f(10, arr('core.v1.ContainerStatus'), 'Status of each init container.', { listType: 'atomic' }),
      containerStatuses: f(8, arr('core.v1.ContainerStatus'), 'Status of each app container.', { listType: 'atomic' }),
      qosClass: f(9, 'string', 'Quality of service class derived from the resource requirements.', {
        enum: ['BestEffort', 'Burstable', 'Guaranteed'],
      }),
      ephemeralContainerStatuses: f(13, arr('core.v1.ContainerStatus'), 'Status of each ephemeral container.', { listType: 'atomic' }),
      resize: f(14, 'string', "State of an in-place resize of the pod's resources."),
      resourceClaimStatuses: f(15, arr('core.v1.PodResourceClaimStatus'), "Names of the ResourceClaims generated for the pod's claims.", {
        patchStrategy: 'merge,retainKeys',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
    },
  },
  {
    id: 'core.v1.PodCondition',
    description: 'One aspect of the current state of a pod.',
    fields: {
      type: f(1, 'string', 'Type of the condition, such as Ready or PodScheduled.', { required: true, default: '' }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true, default: '' }),
      lastProbeTime: f(3, 'Time', 'When the condition was last probed.'),
      lastTransitionTime: f(4, 'Time', 'When the status last changed.'),
      reason: f(5, 'string', 'Machine-readable CamelCase reason for the last transition.'),
      message: f(6, 'string', 'Human-readable details of the last transition.'),
    },
  },
  {
    id: 'core.v1.PodIP',
    description: 'An IP address allocated to a pod.',
    fields: {
      ip: f(1, 'string', 'The IP address.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.HostIP',
    description: 'An IP address of the node a pod runs on.',
    fields: {
      ip: f(1, 'string', 'The IP address.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.PodDNSConfig',
    description: 'DNS parameters for a pod, beyond those its DNS policy generates.',
    fields: {
      nameservers: f(1, arr('string'), 'DNS server IP addresses.', { listType: 'atomic' }),
      searches: f(2, arr('string'), 'Search domains used when resolving host names.', { listType: 'atomic' }),
      options: f(3, arr('core.v1.PodDNSConfigOption'), 'Resolver options.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.PodDNSConfigOption',
    description: 'A resolver option.',
    fields: {
      name: f(1, 'string', 'Name of the option.'),
      value: f(2, 'string', 'Value of the option, if it takes one.'),
    },
  },
  {
    id: 'core.v1.HostAlias',
    description: "IP address and host names to add to the pod's hosts file.",
    fields: {
      ip: f(1, 'string', 'The IP address the names resolve to.', { required: true, default: '' }),
      hostnames: f(2, arr('string'), 'Names that resolve to the IP.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.PodReadinessGate',
    description: 'A pod condition that must be true for the pod to be ready.',
    fields: {
      conditionType: f(1, 'string', 'Type of the pod condition to wait for.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.PodOS',
    description: 'The operating system a pod needs.',
    fields: {
      name: f(1, 'string', 'Name of the operating system: linux or windows.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.PodSchedulingGate',
    description: 'A gate that holds a pod back from scheduling.',
    fields: {
      name: f(1, 'string', "Name of the gate; unique among the pod's gates.", { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.PodResourceClaim',
    description: 'A named reference from a pod to a ResourceClaim, or to a template for one.',
    fields: {
      name: f(1, 'string', 'Name that identifies this claim inside the pod.', { required: true, default: '' }),
      resourceClaimName: f(3, 'string', "Name of an existing ResourceClaim in the pod's namespace."),
      resourceClaimTemplateName: f(4, 'string', 'Name of a ResourceClaimTemplate from which a claim is generated for the pod.'),
    },
  },
  {
    id: 'core.v1.PodResourceClaimStatus',
    description: "The ResourceClaim generated for one of a pod's claims.",
    fields: {
      name: f(1, 'string', "Name of the pod's claim entry.", { required: true, default: '' }),
      resourceClaimName: f(2, 'string', 'Name of the generated ResourceClaim, if one was needed.'),
    },
  },
  {
    id: 'core.v1.PodSecurityContext',
    description: 'Security attributes for a whole pod.',
    fields: {
      seLinuxOptions: f(1, 'core.v1.SELinuxOptions', 'SELinux context for every container in the pod.'),
      windowsOptions: f(8, 'core.v1.WindowsSecurityContextOptions', 'Windows options for every container in the pod.'),
      runAsUser: f(2, 'int64', 'UID used for the entrypoint of container processes.'),
      runAsGroup: f(6, 'int64', 'GID used for the entrypoint of container processes.'),
      runAsNonRoot: f(3, 'boolean', 'Require containers to run as a non-root user.'),
      supplementalGroups: f(4, arr('int64'), 'Extra groups added to the first process of each container.', { listType: 'atomic' }),
      supplementalGroupsPolicy: f(12, 'string', 'How the supplemental groups of the first process are computed.', {
        enum: ['Merge', 'Strict'],
      }),
      fsGroup: f(5, 'int64', "Group that owns the pod's volumes and is added to every container's groups."),
      sysctls: f(7, arr('core.v1.Sysctl'), 'Namespaced kernel parameters set for the pod.', { listType: 'atomic' }),
      fsGroupChangePolicy: f(9, 'string', 'When ownership and permissions of a volume are changed to match fsGroup.', {
        enum: ['Always', 'OnRootMismatch'],
      }),
      seccompProfile: f(10, 'core.v1.SeccompProfile', "Seccomp options for the pod's containers."),
      appArmorProfile: f(11, 'core.v1.AppArmorProfile', "AppArmor options for the pod's containers."),
      seLinuxChangePolicy: f(13, 'string', "How the SELinux label is applied to the pod's volumes."),
    },
  },
  {
    id: 'core.v1.Sysctl',
    description: 'A kernel parameter to set.',
    fields: {
      name: f(1, 'string', 'Name of the parameter.', { required: true, default: '' }),
      value: f(2, 'string', 'Value of the parameter.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.Affinity',
    description: 'Scheduling constraints based on nodes and other pods.',
    fields: {
      nodeAffinity: f(1, 'core.v1.NodeAffinity', 'Node affinity rules for the pod.'),
      podAffinity: f(2, 'core.v1.PodAffinity', 'Rules for placing the pod near other pods.'),
      podAntiAffinity: f(3, 'core.v1.PodAntiAffinity', 'Rules for keeping the pod away from other pods.'),
    },
  },
  {
    id: 'core.v1.NodeAffinity',
    description: 'Node affinity scheduling rules.',
    fields: {
      requiredDuringSchedulingIgnoredDuringExecution: f(1, 'core.v1.NodeSelector', 'Requirements a node must meet for the pod to be scheduled on it.'),
      preferredDuringSchedulingIgnoredDuringExecution: f(2, arr('core.v1.PreferredSchedulingTerm'), 'Weighted preferences the scheduler favours but may ignore.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'core.v1.NodeSelector',
    description: 'A node query; its terms are ORed.',
    structType: 'atomic',
    fields: {
      nodeSelectorTerms: f(1, arr('core.v1.NodeSelectorTerm'), 'The terms; a node matching any of them is selected.', {
        required: true,
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'core.v1.NodeSelectorTerm',
    description: 'A node query whose requirements are ANDed.',
    structType: 'atomic',
    fields: {
      matchExpressions: f(1, arr('core.v1.NodeSelectorRequirement'), 'Requirements on node labels.', { listType: 'atomic' }),
      matchFields: f(2, arr('core.v1.NodeSelectorRequirement'), 'Requirements on node fields.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.NodeSelectorRequirement',
    description: 'A key, an operator and values that a node label or field must satisfy.',
    fields: {
      key: f(1, 'string', 'The label or field key.', { required: true, default: '' }),
      operator: f(2, 'string', 'How the key relates to the values.', {
        required: true,
        enum: ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'],
        default: '',
      }),
      values: f(3, arr('string'), 'Values for In and NotIn, one integer for Gt and Lt, empty for Exists and DoesNotExist.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'core.v1.PreferredSchedulingTerm',
    description: 'A weighted node preference.',
    fields: {
      weight: f(1, 'int32', "Weight added to a node's score when it matches, from 1 to 100.", { required: true, default: 0 }),
      preference: f(2, 'core.v1.NodeSelectorTerm', 'The node query.', { required: true, default: {} }),
    },
  },
  {
    id: 'core.v1.PodAffinity',
    description: 'Rules for placing a pod in the same topology domain as other pods.',
    fields: {
      requiredDuringSchedulingIgnoredDuringExecution: f(1, arr('core.v1.PodAffinityTerm'), 'Terms that must all hold for the pod to be scheduled.', {
        listType: 'atomic',
      }),
      preferredDuringSchedulingIgnoredDuringExecution: f(2, arr('core.v1.WeightedPodAffinityTerm'), 'Weighted terms the scheduler favours but may ignore.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'core.v1.PodAntiAffinity',
    description: 'Rules for keeping a pod out of the topology domains of other pods.',
    fields: {
      requiredDuringSchedulingIgnoredDuringExecution: f(1, arr('core.v1.PodAffinityTerm'), 'Terms that must all hold for the pod to be scheduled.', {
        listType: 'atomic',
      }),
      preferredDuringSchedulingIgnoredDuringExecution: f(2, arr('core.v1.WeightedPodAffinityTerm'), 'Weighted terms the scheduler favours but may ignore.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'core.v1.PodAffinityTerm',
    description: 'A set of pods and the topology domain relative to which they are matched.',
    fields: {
      labelSelector: f(1, 'meta.v1.LabelSelector', 'Label query over the pods to match.'),
      namespaces: f(2, arr('string'), "Namespaces the label selector applies to; empty means the pod's own namespace.", {
        listType: 'atomic',
      }),
      topologyKey: f(3, 'string', 'Node label whose value defines the topology domain.', { required: true, default: '' }),
      namespaceSelector: f(4, 'meta.v1.LabelSelector', 'Label query over namespaces the term applies to.'),
      matchLabelKeys: f(5, arr('string'), 'Label keys whose values on the incoming pod are added to the label selector as In requirements.', {
        listType: 'atomic',
      }),
      mismatchLabelKeys: f(6, arr('string'), 'Label keys whose values on the incoming pod are added to the label selector as NotIn requirements.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'core.v1.WeightedPodAffinityTerm',
    description: 'A pod affinity term with a weight.',
    fields: {
      weight: f(1, 'int32', "Weight added to a node's score when it matches, from 1 to 100.", { required: true, default: 0 }),
      podAffinityTerm: f(2, 'core.v1.PodAffinityTerm', 'The pod affinity term.', { required: true, default: {} }),
    },
  },
  {
    id: 'core.v1.Toleration',
    description: 'Allows a pod onto nodes whose taints match it.',
    fields: {
      key: f(1, 'string', 'Taint key it applies to; empty with Exists matches all taints.'),
      operator: f(2, 'string', 'Exists or Equal; defaults to Equal.', { enum: ['Equal', 'Exists'] }),
      value: f(3, 'string', 'Taint value to match with Equal.'),
      effect: f(4, 'string', 'Taint effect to match; empty matches all effects.', {
        enum: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
      }),
      tolerationSeconds: f(5, 'int64', 'For NoExecute taints, how long the pod may stay bound after the taint appears.'),
    },
  },
  {
    id: 'core.v1.TopologySpreadConstraint',
    description: 'How matching pods should be spread across a topology.',
    fields: {
      maxSkew: f(1, 'int32', 'Largest allowed difference in matching pod counts between topology domains.', { required: true, default: 0 }),
      topologyKey: f(2, 'string', 'Node label key whose values define the topology domains.', { required: true, default: '' }),
      whenUnsatisfiable: f(3, 'string', 'What to do with a pod that would violate the constraint.', {
        required: true,
        enum: ['DoNotSchedule', 'ScheduleAnyway'],
        default: '',
      }),
      labelSelector: f(4, 'meta.v1.LabelSelector', 'Selects the pods that are counted.'),
      minDomains: f(5, 'int32', 'Minimum number of eligible domains.'),
      nodeAffinityPolicy: f(6, 'string', 'Whether node affinity and node selector are honoured when computing the skew.', {
        enum: ['Honor', 'Ignore'],
      }),
      nodeTaintsPolicy: f(7, 'string', 'Whether node taints are honoured when computing the skew.', { enum: ['Honor', 'Ignore'] }),
      matchLabelKeys: f(8, arr('string'), 'Pod label keys whose values further select the pods that are counted.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.PodTemplate',
    description: 'A stored template for creating pods.',
    gvk: [{ group: '', version: 'v1', kind: 'PodTemplate' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      template: f(2, 'core.v1.PodTemplateSpec', 'The pod template.', { default: {} }),
    },
  },
  listOf('core.v1.PodTemplate', { group: '', version: 'v1', kind: 'PodTemplateList' }),
  {
    id: 'core.v1.PodTemplateSpec',
    description: 'Metadata and spec for pods created from a template.',
    fields: {
      metadata: f(1, 'meta.v1.ObjectMeta', 'Metadata of the pods created.', { default: {} }),
      spec: f(2, 'core.v1.PodSpec', 'Spec of the pods created.', { default: {} }),
    },
  },
  {
    id: 'core.v1.ReplicationController',
    description: 'Keeps a given number of copies of a pod running.',
    gvk: [{ group: '', version: 'v1', kind: 'ReplicationController' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      spec: f(2, 'core.v1.ReplicationControllerSpec', 'The desired behaviour of the controller.', { default: {} }),
      status: f(3, 'core.v1.ReplicationControllerStatus', 'The state of the controller as last observed.', { default: {} }),
    },
  },
  listOf('core.v1.ReplicationController', { group: '', version: 'v1', kind: 'ReplicationControllerList' }),
  {
    id: 'core.v1.ReplicationControllerSpec',
    description: 'The desired state of a replication controller.',
    fields: {
      replicas: f(1, 'int32', 'Desired number of pods; defaults to 1.'),
      minReadySeconds: f(4, 'int32', 'Seconds a new pod must be ready, with no container crashing, to count as available.'),
      selector: f(2, map('string'), "Labels of the pods the controller manages; defaults to the template's labels.", { mapType: 'atomic' }),
      template: f(3, 'core.v1.PodTemplateSpec', 'Template for the pods the controller creates.'),
    },
  },
  {
    id: 'core.v1.ReplicationControllerStatus',
    description: 'The observed state of a replication controller.',
    fields: {
      replicas: f(1, 'int32', 'Most recently observed number of pods.', { required: true, default: 0 }),
      fullyLabeledReplicas: f(2, 'int32', "Number of pods whose labels match the template's labels."),
      readyReplicas: f(4, 'int32', 'Number of ready pods.'),
      availableReplicas: f(5, 'int32', 'Number of pods ready for at least minReadySeconds.'),
      observedGeneration: f(3, 'int64', 'The generation most recently observed by the controller.'),
      conditions: f(6, arr('core.v1.ReplicationControllerCondition'), "Latest observations of the controller's state.", {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
    },
  },
  {
    id: 'core.v1.ReplicationControllerCondition',
    description: 'One aspect of the state of a replication controller.',
    fields: {
      type: f(1, 'string', 'Type of the condition.', { required: true, default: '' }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true, default: '' }),
      lastTransitionTime: f(3, 'Time', 'When the status last changed.'),
      reason: f(4, 'string', 'Machine-readable reason for the last transition.'),
      message: f(5, 'string', 'Human-readable details of the last transition.'),
    },
  },
  {
    id: 'core.v1.Binding',
    description: 'Ties an object to another; used to bind a pod to a node.',
    gvk: [{ group: '', version: 'v1', kind: 'Binding' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      target: f(2, 'core.v1.ObjectReference', 'The object to bind to.', { required: true, default: {} }),
    },
  },
];
