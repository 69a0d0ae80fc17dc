import { arr, f, listOf, map, typeMeta, type TypeDef } from '../dsl.js';

// storage.k8s.io/v1: StorageClasses, volume attachments and CSI driver, node and capacity records.

export const storageTypes: TypeDef[] = [
  {
    id: 'storage.v1.StorageClass',
    description: 'A class of storage from which PersistentVolumes can be provisioned on demand.',
    gvk: [{ group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      provisioner: f(2, 'string', 'The provisioner that creates volumes of this class.', { required: true }),
      parameters: f(3, map('string'), 'Settings passed to the provisioner.'),
      reclaimPolicy: f(4, 'string', 'Delete (default) or Retain: the reclaim policy of volumes provisioned for this class.', {
        enum: ['Delete', 'Recycle', 'Retain'],
      }),
      mountOptions: f(5, arr('string'), 'Mount options given to volumes provisioned for this class; not validated.', {
        listType: 'atomic',
      }),
      allowVolumeExpansion: f(6, 'boolean', 'Whether volumes of this class may be resized.'),
      volumeBindingMode: f(7, 'string', 'Immediate (default) or WaitForFirstConsumer: when claims are bound and provisioned.', {
        enum: ['Immediate', 'WaitForFirstConsumer'],
      }),
      allowedTopologies: f(8, arr('core.v1.TopologySelectorTerm'), 'Topologies where volumes may be provisioned; any when empty.', {
        listType: 'atomic',
      }),
    },
  },
  listOf('storage.v1.StorageClass', { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClassList' }),
  {
    id: 'storage.v1.VolumeAttachment',
    description: 'Intent to attach a volume to a node, or detach it.',
    gvk: [{ group: 'storage.k8s.io', version: 'v1', kind: 'VolumeAttachment' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'storage.v1.VolumeAttachmentSpec', 'The attachment wanted; set by Kubernetes.', { required: true }),
      status: f(3, 'storage.v1.VolumeAttachmentStatus', "The attachment's state; set by the attacher."),
    },
  },
  listOf('storage.v1.VolumeAttachment', { group: 'storage.k8s.io', version: 'v1', kind: 'VolumeAttachmentList' }),
  {
    id: 'storage.v1.VolumeAttachmentSpec',
    description: 'The attachment wanted.',
    fields: {
      attacher: f(1, 'string', 'The volume driver, by plugin name, that has to perform the attachment.', { required: true }),
      source: f(2, 'storage.v1.VolumeAttachmentSource', 'The volume to attach.', { required: true }),
      nodeName: f(3, 'string', 'The node to attach the volume to.', { required: true }),
    },
  },
  {
    id: 'storage.v1.VolumeAttachmentSource',
    description: 'The volume to attach; exactly one field is set.',
    fields: {
      persistentVolumeName: f(1, 'string', 'Name of the PersistentVolume to attach.'),
      inlineVolumeSpec: f(2, 'core.v1.PersistentVolumeSpec', 'An inline pod volume, translated to a PersistentVolume spec for CSI migration.'),
    },
  },
  {
    id: 'storage.v1.VolumeAttachmentStatus',
    description: 'The state of an attachment.',
    fields: {
      attached: f(1, 'boolean', 'Whether the volume is attached.', { required: true }),
      attachmentMetadata: f(2, map('string'), 'Information from the attach step, passed on to later steps.'),
      attachError: f(3, 'storage.v1.VolumeError', 'The last error while attaching, if any.'),
      detachError: f(4, 'storage.v1.VolumeError', 'The last error while detaching, if any.'),
    },
  },
  {
    id: 'storage.v1.VolumeError',
    description: 'An error during a volume operation.',
    fields: {
      time: f(1, 'Time', 'When the error happened.'),
      message: f(2, 'string', 'What went wrong; may be logged, so no secrets.'),
    },
  },
  {
    id: 'storage.v1.CSIDriver',
    description: 'Describes a CSI volume driver installed in the cluster; named after the driver.',
    gvk: [{ group: 'storage.k8s.io', version: 'v1', kind: 'CSIDriver' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', "Standard object metadata; the name is the driver's name."),
      spec: f(2, 'storage.v1.CSIDriverSpec', 'How Kubernetes should treat the driver.', { required: true }),
    },
  },
  listOf('storage.v1.CSIDriver', { group: 'storage.k8s.io', version: 'v1', kind: 'CSIDriverList' }),
  {
    id: 'storage.v1.CSIDriverSpec',
    description: 'How Kubernetes should treat a CSI driver.',
    fields: {
      attachRequired: f(1, 'boolean', 'The driver needs an attach step; defaults to true.'),
      podInfoOnMount: f(2, 'boolean', 'Pass pod information (name, namespace, UID, service account) to the driver on mount.'),
      volumeLifecycleModes: f(3, arr('string'), 'Persistent and/or Ephemeral: the kinds of volumes the driver supports.', {
        listType: 'set',
      }),
      storageCapacity: f(4, 'boolean', 'Scheduling should consider the capacity the driver reports in CSIStorageCapacity objects.'),
      fsGroupPolicy: f(5, 'string', "None, File or ReadWriteOnceWithFSType: whether volume ownership is changed to the pod's fsGroup."),
      tokenRequests: f(6, arr('storage.v1.TokenRequest'), 'Service account tokens the kubelet passes to the driver on mount.', {
        listType: 'atomic',
      }),
      requiresRepublish: f(7, 'boolean', 'NodePublishVolume should be called again periodically to refresh the mounted volume.'),
      seLinuxMount: f(8, 'boolean', 'The driver supports the "-o context" mount option for SELinux labels.'),
    },
  },
  {
    id: 'storage.v1.TokenRequest',
    description: 'A service account token a CSI driver asks for.',
    fields: {
      audience: f(1, 'string', "Audience of the token; the API server's audiences when empty.", { required: true }),
      expirationSeconds: f(2, 'int64', 'Lifetime of the token in seconds.'),
    },
  },
  {
    id: 'storage.v1.CSINode',
    description: 'The CSI drivers installed on one node; named after the node.',
    gvk: [{ group: 'storage.k8s.io', version: 'v1', kind: 'CSINode' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', "Standard object metadata; the name is the node's name."),
      spec: f(2, 'storage.v1.CSINodeSpec', 'The drivers on the node.', { required: true }),
    },
  },
  {
    id: 'storage.v1.CSINodeSpec',
    description: 'The CSI drivers on a node.',
    fields: {
      drivers: f(1, arr('storage.v1.CSINodeDriver'), 'One entry per driver installed on the node.', {
        required: true,
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
    },
  },
  {
    id: 'storage.v1.CSINodeDriver',
    description: 'One CSI driver on a node.',
    fields: {
      name: f(1, 'string', 'Name of the driver.', { required: true }),
      nodeID: f(2, 'string', "The node's ID as the driver knows it.", { required: true }),
      topologyKeys: f(3, arr('string'), 'Topology label keys the driver supports on nodes.', { listType: 'atomic' }),
      allocatable: f(4, 'storage.v1.VolumeNodeResources', 'Volume limits of the node for this driver.'),
    },
  },
  {
    id: 'storage.v1.VolumeNodeResources',
    description: 'Volume limits of a node.',
    fields: {
      count: f(1, 'int32', 'Most volumes of this driver the node can use; no limit when unset.'),
    },
  },
  listOf('storage.v1.CSINode', { group: 'storage.k8s.io', version: 'v1', kind: 'CSINodeList' }),
  {
    id: 'storage.v1.CSIStorageCapacity',
    description: 'Capacity a CSI driver reported for one storage class and topology segment.',
    gvk: [{ group: 'storage.k8s.io', version: 'v1', kind: 'CSIStorageCapacity' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      nodeTopology: f(2, 'meta.v1.LabelSelector', 'Nodes that can reach this storage; none when unset.'),
      storageClassName: f(3, 'string', 'The StorageClass the capacity applies to.', { required: true }),
      capacity: f(4, 'Quantity', 'Capacity the driver reported; unknown when unset.'),
      maximumVolumeSize: f(5, 'Quantity', 'Largest single volume that could be created; capacity applies when unset.'),
    },
  },
  listOf('storage.v1.CSIStorageCapacity', { group: 'storage.k8s.io', version: 'v1', kind: 'CSIStorageCapacityList' }),
];
