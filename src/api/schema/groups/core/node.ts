// core/v1: Nodes: spec, status, taints and topology terms.
// Field names, protobuf numbers, types and list/patch semantics follow Kubernetes 1.32; descriptions are kts's own.

import { arr, f, listOf, map, typeMeta, type TypeDef } from '../../dsl.js';

export const nodeTypes: TypeDef[] = [
  {
    id: 'core.v1.Node',
    description: 'A worker machine in the cluster.',
    gvk: [{ group: '', version: 'v1', kind: 'Node' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      spec: f(2, 'core.v1.NodeSpec', 'How the node is configured.', { default: {} }),
      status: f(3, 'core.v1.NodeStatus', 'The state of the node as last observed.', { default: {} }),
    },
  },
  listOf('core.v1.Node', { group: '', version: 'v1', kind: 'NodeList' }),
  {
    id: 'core.v1.NodeSpec',
    description: 'How a node is configured.',
    fields: {
      podCIDR: f(1, 'string', 'Pod IP range assigned to the node.'),
      podCIDRs: f(7, arr('string'), 'Pod IP ranges assigned to the node, at most one per family; the first equals podCIDR.', {
        patchStrategy: 'merge',
        listType: 'set',
      }),
      providerID: f(3, 'string', 'ID of the node assigned by the cloud provider.'),
      unschedulable: f(4, 'boolean', 'Keep new pods off the node.'),
      taints: f(5, arr('core.v1.Taint'), 'Taints of the node.', { listType: 'atomic' }),
      configSource: f(6, 'core.v1.NodeConfigSource', 'Deprecated: no longer used.'),
      externalID: f(2, 'string', 'Deprecated: not used.'),
    },
  },
  {
    id: 'core.v1.Taint',
    description: 'Keeps pods that do not tolerate it off a node.',
    fields: {
      key: f(1, 'string', 'Key of the taint.', { required: true, default: '' }),
      value: f(2, 'string', 'Value of the taint.'),
      effect: f(3, 'string', 'Effect on pods that do not tolerate the taint.', {
        required: true,
        enum: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
        default: '',
      }),
      timeAdded: f(4, 'Time', 'When a NoExecute taint was added.'),
    },
  },
  {
    id: 'core.v1.NodeConfigSource',
    description: "Deprecated source of a node's dynamic configuration.",
    fields: {
      configMap: f(2, 'core.v1.ConfigMapNodeConfigSource', 'A ConfigMap holding the configuration.'),
    },
  },
  {
    id: 'core.v1.ConfigMapNodeConfigSource',
    description: 'Deprecated reference to a ConfigMap holding node configuration.',
    fields: {
      namespace: f(1, 'string', 'Namespace of the ConfigMap.', { required: true, default: '' }),
      name: f(2, 'string', 'Name of the ConfigMap.', { required: true, default: '' }),
      uid: f(3, 'string', 'UID of the ConfigMap.'),
      resourceVersion: f(4, 'string', 'Resource version of the ConfigMap.'),
      kubeletConfigKey: f(5, 'string', 'Key of the ConfigMap holding the kubelet configuration.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.NodeStatus',
    description: 'The observed state of a node.',
    fields: {
      capacity: f(1, map('Quantity'), 'Total resources of the node.'),
      allocatable: f(2, map('Quantity'), 'Resources of the node available to pods.'),
      phase: f(3, 'string', 'Deprecated lifecycle phase of the node.', { enum: ['Pending', 'Running', 'Terminated'] }),
      conditions: f(4, arr('core.v1.NodeCondition'), 'Current conditions of the node.', {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
      addresses: f(5, arr('core.v1.NodeAddress'), 'Addresses reachable at the node.', {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
      daemonEndpoints: f(6, 'core.v1.NodeDaemonEndpoints', 'Ports of daemons, such as the kubelet, on the node.', { default: {} }),
      nodeInfo: f(7, 'core.v1.NodeSystemInfo', 'Identifying information about the node.', { default: {} }),
      images: f(8, arr('core.v1.ContainerImage'), 'Container images present on the node.', { listType: 'atomic' }),
      volumesInUse: f(9, arr('string'), 'Attachable volumes in use by the node.', { listType: 'atomic' }),
      volumesAttached: f(10, arr('core.v1.AttachedVolume'), 'Volumes attached to the node.', { listType: 'atomic' }),
      config: f(11, 'core.v1.NodeConfigStatus', 'Deprecated status of dynamic configuration.'),
      runtimeHandlers: f(12, arr('core.v1.NodeRuntimeHandler'), 'Runtime handlers available on the node.', { listType: 'atomic' }),
      features: f(13, 'core.v1.NodeFeatures', 'Features the node supports.'),
    },
  },
  {
    id: 'core.v1.NodeCondition',
    description: 'One aspect of the state of a node.',
    fields: {
      type: f(1, 'string', 'Type of the condition, such as Ready.', { required: true, default: '' }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true, default: '' }),
      lastHeartbeatTime: f(3, 'Time', 'When the condition was last reported.'),
      lastTransitionTime: f(4, 'Time', 'When the status last changed.'),
      reason: f(5, 'string', 'Brief CamelCase reason for the last transition.'),
      message: f(6, 'string', 'Human-readable details of the last transition.'),
    },
  },
  {
    id: 'core.v1.NodeAddress',
    description: 'An address of a node.',
    fields: {
      type: f(1, 'string', 'Type of the address: Hostname, ExternalIP, InternalIP, ExternalDNS or InternalDNS.', {
        required: true,
        default: '',
      }),
      address: f(2, 'string', 'The address.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.NodeDaemonEndpoints',
    description: 'Ports opened by daemons on a node.',
    fields: {
      kubeletEndpoint: f(1, 'core.v1.DaemonEndpoint', 'Port the kubelet listens on.', { default: {} }),
    },
  },
  {
    id: 'core.v1.DaemonEndpoint',
    description: 'A port a daemon listens on.',
    fields: {
      Port: f(1, 'int32', 'The port number.', { required: true, default: 0 }),
    },
  },
  {
    id: 'core.v1.NodeSystemInfo',
    description: 'Identifying information about a node.',
    fields: {
      machineID: f(1, 'string', "The node's machine ID (/etc/machine-id).", { required: true, default: '' }),
      systemUUID: f(2, 'string', "The node's system UUID from its firmware.", { required: true, default: '' }),
      bootID: f(3, 'string', 'ID of the current boot.', { required: true, default: '' }),
      kernelVersion: f(4, 'string', 'Kernel version reported by the node.', { required: true, default: '' }),
      osImage: f(5, 'string', 'Operating system image reported by the node.', { required: true, default: '' }),
      containerRuntimeVersion: f(6, 'string', 'Container runtime version, as <runtime>://<version>.', { required: true, default: '' }),
      kubeletVersion: f(7, 'string', 'Kubelet version.', { required: true, default: '' }),
      kubeProxyVersion: f(8, 'string', 'Deprecated: kube-proxy version, not reliable.', { required: true, default: '' }),
      operatingSystem: f(9, 'string', 'Operating system of the node.', { required: true, default: '' }),
      architecture: f(10, 'string', 'CPU architecture of the node.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.ContainerImage',
    description: 'A container image present on a node.',
    fields: {
      names: f(1, arr('string'), 'Names known for the image.', { listType: 'atomic' }),
      sizeBytes: f(2, 'int64', 'Image size, in bytes.'),
    },
  },
  {
    id: 'core.v1.AttachedVolume',
    description: 'A volume attached to a node.',
    fields: {
      name: f(1, 'string', 'Unique name of the volume.', { required: true, default: '' }),
      devicePath: f(2, 'string', 'Path where the volume should be available.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.NodeConfigStatus',
    description: "Deprecated status of a node's dynamic configuration.",
    fields: {
      assigned: f(1, 'core.v1.NodeConfigSource', 'The configuration the node should use.'),
      active: f(2, 'core.v1.NodeConfigSource', 'The configuration the node is using.'),
      lastKnownGood: f(3, 'core.v1.NodeConfigSource', 'The configuration the node falls back to.'),
      error: f(4, 'string', 'Problem reconciling the configuration.'),
    },
  },
  {
    id: 'core.v1.NodeRuntimeHandler',
    description: 'A runtime handler available on a node.',
    fields: {
      name: f(1, 'string', 'Name of the handler; empty for the default.', { default: '' }),
      features: f(2, 'core.v1.NodeRuntimeHandlerFeatures', 'Features the handler supports.'),
    },
  },
  {
    id: 'core.v1.NodeRuntimeHandlerFeatures',
    description: 'Features a runtime handler supports.',
    fields: {
      recursiveReadOnlyMounts: f(1, 'boolean', 'Whether recursive read-only mounts are supported.'),
      userNamespaces: f(2, 'boolean', 'Whether user namespaces are supported.'),
    },
  },
  {
    id: 'core.v1.NodeFeatures',
    description: 'Features a node supports.',
    fields: {
      supplementalGroupsPolicy: f(1, 'boolean', 'Whether the node honours supplementalGroupsPolicy.'),
    },
  },
  {
    id: 'core.v1.TopologySelectorTerm',
    description: 'A topology query whose requirements are ANDed.',
    structType: 'atomic',
    fields: {
      matchLabelExpressions: f(1, arr('core.v1.TopologySelectorLabelRequirement'), 'Requirements on topology labels.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'core.v1.TopologySelectorLabelRequirement',
    description: 'A topology label and the values it may have.',
    fields: {
      key: f(1, 'string', 'Label key.', { required: true, default: '' }),
      values: f(2, arr('string'), 'Allowed label values; one must match.', { required: true, listType: 'atomic' }),
    },
  },
];
