// core/v1: PersistentVolumes, their in-tree sources, and PersistentVolumeClaims.
// Field names, protobuf numbers, types and list/patch semantics follow Kubernetes 1.32; descriptions are kts's own.

import { arr, f, listOf, map, typeMeta, type FieldDef, type TypeDef } from '../../dsl.js';
import { inlinedFields } from './embedded.js';

/** The storage sources of a persistent volume (PersistentVolumeSource); PersistentVolumeSpec inlines them in JSON. */
const persistentVolumeSourceFields: Record<string, FieldDef> = {
  gcePersistentDisk: f(1, 'core.v1.GCEPersistentDiskVolumeSource', 'Deprecated: a GCE persistent disk.'),
  awsElasticBlockStore: f(2, 'core.v1.AWSElasticBlockStoreVolumeSource', 'Deprecated: an AWS EBS disk.'),
  hostPath: f(3, 'core.v1.HostPathVolumeSource', 'A directory on the node; for single-node testing only.'),
  glusterfs: f(4, 'core.v1.GlusterfsPersistentVolumeSource', 'Deprecated: a Glusterfs volume.'),
  nfs: f(5, 'core.v1.NFSVolumeSource', 'An NFS share.'),
  rbd: f(6, 'core.v1.RBDPersistentVolumeSource', 'Deprecated: a Ceph RBD volume.'),
  iscsi: f(7, 'core.v1.ISCSIPersistentVolumeSource', 'An iSCSI disk.'),
  cinder: f(8, 'core.v1.CinderPersistentVolumeSource', 'Deprecated: an OpenStack Cinder volume.'),
  cephfs: f(9, 'core.v1.CephFSPersistentVolumeSource', 'Deprecated: a CephFS volume.'),
  fc: f(10, 'core.v1.FCVolumeSource', 'A Fibre Channel disk.'),
  flocker: f(11, 'core.v1.FlockerVolumeSource', 'Deprecated: a Flocker volume.'),
  flexVolume: f(12, 'core.v1.FlexPersistentVolumeSource', 'Deprecated: a volume handled by a FlexVolume driver.'),
  azureFile: f(13, 'core.v1.AzureFilePersistentVolumeSource', 'Deprecated: an Azure File share.'),
  vsphereVolume: f(14, 'core.v1.VsphereVirtualDiskVolumeSource', 'Deprecated: a vSphere volume.'),
  quobyte: f(15, 'core.v1.QuobyteVolumeSource', 'Deprecated: a Quobyte volume.'),
  azureDisk: f(16, 'core.v1.AzureDiskVolumeSource', 'Deprecated: an Azure data disk.'),
  photonPersistentDisk: f(17, 'core.v1.PhotonPersistentDiskVolumeSource', 'Deprecated: a Photon Controller persistent disk.'),
  portworxVolume: f(18, 'core.v1.PortworxVolumeSource', 'Deprecated: a Portworx volume.'),
  scaleIO: f(19, 'core.v1.ScaleIOPersistentVolumeSource', 'Deprecated: a ScaleIO volume.'),
  local: f(20, 'core.v1.LocalVolumeSource', 'A local disk, partition or directory on a node.'),
  storageos: f(21, 'core.v1.StorageOSPersistentVolumeSource', 'Deprecated: a StorageOS volume.'),
  csi: f(22, 'core.v1.CSIPersistentVolumeSource', 'A volume handled by an external CSI driver.'),
};

export const persistentVolumeTypes: TypeDef[] = [
  {
    id: 'core.v1.PersistentVolume',
    description: 'A piece of storage provisioned by an administrator or dynamically, available to claims.',
    gvk: [{ group: '', version: 'v1', kind: 'PersistentVolume' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      spec: f(2, 'core.v1.PersistentVolumeSpec', 'The storage offered and how it may be used.', { default: {} }),
      status: f(3, 'core.v1.PersistentVolumeStatus', 'The state of the volume as last observed.', { default: {} }),
    },
  },
  listOf('core.v1.PersistentVolume', { group: '', version: 'v1', kind: 'PersistentVolumeList' }),
  {
    id: 'core.v1.PersistentVolumeSpec',
    description: 'The description of a persistent volume.',
    fields: {
      // protobuf: the volume source fields travel in persistentVolumeSource = 2 (core.v1.PersistentVolumeSource);
      // JSON inlines them, so they carry no protobuf number here (see embedded.ts).
      capacity: f(1, map('Quantity'), 'Capacity of the volume.'),
      ...inlinedFields(persistentVolumeSourceFields),
      accessModes: f(3, arr('string'), 'Ways the volume can be mounted.', {
        listType: 'atomic',
        enum: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'],
      }),
      claimRef: f(4, 'core.v1.ObjectReference', 'The claim the volume is bound to.', { mapType: 'granular' }),
      persistentVolumeReclaimPolicy: f(5, 'string', 'What happens to the volume when its claim is released.', {
        enum: ['Delete', 'Recycle', 'Retain'],
      }),
      storageClassName: f(6, 'string', 'Name of the StorageClass the volume belongs to.'),
      mountOptions: f(7, arr('string'), 'Mount options to use.', { listType: 'atomic' }),
      volumeMode: f(8, 'string', 'Whether the volume is used with a filesystem or as a raw block device.', {
        enum: ['Block', 'Filesystem'],
      }),
      nodeAffinity: f(9, 'core.v1.VolumeNodeAffinity', 'Nodes from which the volume can be accessed.'),
      volumeAttributesClassName: f(10, 'string', 'Name of the VolumeAttributesClass the volume belongs to.'),
    },
  },
  {
    id: 'core.v1.PersistentVolumeSource',
    description: 'The storage of a persistent volume; exists only as an embedded protobuf message, inlined into PersistentVolumeSpec in JSON.',
    fields: persistentVolumeSourceFields,
  },
  {
    id: 'core.v1.PersistentVolumeStatus',
    description: 'The observed state of a persistent volume.',
    fields: {
      phase: f(1, 'string', 'Lifecycle phase of the volume.', { enum: ['Available', 'Bound', 'Failed', 'Pending', 'Released'] }),
      message: f(2, 'string', "Human-readable message about the volume's state."),
      reason: f(3, 'string', 'Brief CamelCase reason for a failure.'),
      lastPhaseTransitionTime: f(4, 'Time', 'When the volume last changed phase.'),
    },
  },
  {
    id: 'core.v1.VolumeNodeAffinity',
    description: 'Constraints on the nodes that can access a volume.',
    fields: {
      required: f(1, 'core.v1.NodeSelector', 'Nodes that must be able to access the volume.'),
    },
  },
  {
    id: 'core.v1.GlusterfsPersistentVolumeSource',
    description: 'A Glusterfs mount for a persistent volume.',
    fields: {
      endpoints: f(1, 'string', 'Name of the Endpoints object listing the Glusterfs servers.', { required: true, default: '' }),
      path: f(2, 'string', 'Glusterfs volume path.', { required: true, default: '' }),
      readOnly: f(3, 'boolean', 'Mount the volume read-only.'),
      endpointsNamespace: f(4, 'string', "Namespace of the Endpoints object; defaults to the claim's namespace."),
    },
  },
  {
    id: 'core.v1.RBDPersistentVolumeSource',
    description: 'A Ceph RBD block device for a persistent volume.',
    fields: {
      monitors: f(1, arr('string'), 'Ceph monitor addresses.', { required: true, listType: 'atomic' }),
      image: f(2, 'string', 'Name of the RBD image.', { required: true, default: '' }),
      fsType: f(3, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      pool: f(4, 'string', 'RADOS pool name; defaults to rbd.', { default: 'rbd' }),
      user: f(5, 'string', 'RADOS user name; defaults to admin.', { default: 'admin' }),
      keyring: f(6, 'string', 'Path of the keyring file; defaults to /etc/ceph/keyring.', { default: '/etc/ceph/keyring' }),
      secretRef: f(7, 'core.v1.SecretReference', "Secret with the RBD user's credentials, overriding the keyring."),
      readOnly: f(8, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.ISCSIPersistentVolumeSource',
    description: 'An iSCSI disk for a persistent volume.',
    fields: {
      targetPortal: f(1, 'string', 'Target portal, as an IP with an optional port.', { required: true, default: '' }),
      iqn: f(2, 'string', 'iSCSI Qualified Name of the target.', { required: true, default: '' }),
      lun: f(3, 'int32', 'Logical unit number of the target.', { required: true, default: 0 }),
      iscsiInterface: f(4, 'string', "iSCSI interface name; defaults to 'default' (tcp).", { default: 'default' }),
      fsType: f(5, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      readOnly: f(6, 'boolean', 'Mount the volume read-only.'),
      portals: f(7, arr('string'), 'Further target portals.', { listType: 'atomic' }),
      chapAuthDiscovery: f(8, 'boolean', 'Use CHAP authentication for discovery.'),
      chapAuthSession: f(11, 'boolean', 'Use CHAP authentication for the session.'),
      secretRef: f(10, 'core.v1.SecretReference', 'Secret with the CHAP credentials.'),
      initiatorName: f(12, 'string', "Custom initiator name, overriding the interface's."),
    },
  },
  {
    id: 'core.v1.CinderPersistentVolumeSource',
    description: 'An OpenStack Cinder volume for a persistent volume.',
    fields: {
      volumeID: f(1, 'string', 'ID of the Cinder volume.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      readOnly: f(3, 'boolean', 'Mount the volume read-only.'),
      secretRef: f(4, 'core.v1.SecretReference', 'Secret with parameters for connecting to OpenStack.'),
    },
  },
  {
    id: 'core.v1.CephFSPersistentVolumeSource',
    description: 'A CephFS mount for a persistent volume.',
    fields: {
      monitors: f(1, arr('string'), 'Ceph monitor addresses.', { required: true, listType: 'atomic' }),
      path: f(2, 'string', 'Path within the filesystem to mount as the root; defaults to /.'),
      user: f(3, 'string', 'RADOS user name; defaults to admin.'),
      secretFile: f(4, 'string', 'Path of the keyring file; defaults to /etc/ceph/user.secret.'),
      secretRef: f(5, 'core.v1.SecretReference', "Secret with the user's credentials, overriding secretFile."),
      readOnly: f(6, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.FlexPersistentVolumeSource',
    description: 'A persistent volume provided by a FlexVolume driver.',
    fields: {
      driver: f(1, 'string', 'Name of the driver.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      secretRef: f(3, 'core.v1.SecretReference', "Secret passed to the driver's scripts."),
      readOnly: f(4, 'boolean', 'Mount the volume read-only.'),
      options: f(5, map('string'), 'Extra command options for the driver.'),
    },
  },
  {
    id: 'core.v1.AzureFilePersistentVolumeSource',
    description: 'An Azure File share for a persistent volume.',
    fields: {
      secretName: f(1, 'string', 'Name of the Secret with the storage account name and key.', { required: true, default: '' }),
      shareName: f(2, 'string', 'Name of the share.', { required: true, default: '' }),
      readOnly: f(3, 'boolean', 'Mount the volume read-only.'),
      secretNamespace: f(4, 'string', "Namespace of the Secret; defaults to the pod's namespace."),
    },
  },
  {
    id: 'core.v1.ScaleIOPersistentVolumeSource',
    description: 'A ScaleIO persistent volume.',
    fields: {
      gateway: f(1, 'string', 'Host address of the ScaleIO API gateway.', { required: true, default: '' }),
      system: f(2, 'string', 'Name of the ScaleIO storage system.', { required: true, default: '' }),
      secretRef: f(3, 'core.v1.SecretReference', "Secret with the ScaleIO user's credentials.", { required: true }),
      sslEnabled: f(4, 'boolean', 'Use SSL to talk to the gateway.'),
      protectionDomain: f(5, 'string', 'Name of the protection domain of the storage.'),
      storagePool: f(6, 'string', 'Name of the storage pool of the protection domain.'),
      storageMode: f(7, 'string', 'ThickProvisioned or ThinProvisioned; defaults to ThinProvisioned.', { default: 'ThinProvisioned' }),
      volumeName: f(8, 'string', 'Name of a volume already created in the system.'),
      fsType: f(9, 'string', 'Filesystem type to mount, such as ext4 or xfs.', { default: 'xfs' }),
      readOnly: f(10, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.LocalVolumeSource',
    description: 'A local disk, partition or directory mounted directly.',
    fields: {
      path: f(1, 'string', 'Full path of the volume on the node.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type, for block devices only; detected automatically when empty.'),
    },
  },
  {
    id: 'core.v1.StorageOSPersistentVolumeSource',
    description: 'A StorageOS persistent volume.',
    fields: {
      volumeName: f(1, 'string', 'Name of the StorageOS volume within its namespace.'),
      volumeNamespace: f(2, 'string', "StorageOS namespace of the volume; defaults to the pod's namespace."),
      fsType: f(3, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      readOnly: f(4, 'boolean', 'Mount the volume read-only.'),
      secretRef: f(5, 'core.v1.ObjectReference', 'Secret with the StorageOS API credentials.'),
    },
  },
  {
    id: 'core.v1.CSIPersistentVolumeSource',
    description: 'A persistent volume handled by an external CSI driver.',
    fields: {
      driver: f(1, 'string', 'Name of the CSI driver.', { required: true, default: '' }),
      volumeHandle: f(2, 'string', "Volume name returned by the driver's CreateVolume call.", { required: true, default: '' }),
      readOnly: f(3, 'boolean', "Value passed to the driver's ControllerPublishVolume call; defaults to false."),
      fsType: f(4, 'string', 'Filesystem type to mount.'),
      volumeAttributes: f(5, map('string'), 'Volume attributes passed to the publish calls.'),
      controllerPublishSecretRef: f(6, 'core.v1.SecretReference', "Secret passed to the driver's controller publish and unpublish calls."),
      nodeStageSecretRef: f(7, 'core.v1.SecretReference', "Secret passed to the driver's node stage and unstage calls."),
      nodePublishSecretRef: f(8, 'core.v1.SecretReference', "Secret passed to the driver's node publish and unpublish calls."),
      controllerExpandSecretRef: f(9, 'core.v1.SecretReference', "Secret passed to the driver's controller expand call."),
      nodeExpandSecretRef: f(10, 'core.v1.SecretReference', "Secret passed to the driver's node expand call."),
    },
  },
  {
    id: 'core.v1.PersistentVolumeClaim',
    description: "A user's request for, and claim to, a persistent volume.",
    gvk: [{ group: '', version: 'v1', kind: 'PersistentVolumeClaim' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      spec: f(2, 'core.v1.PersistentVolumeClaimSpec', 'The storage the claim asks for.', { default: {} }),
      status: f(3, 'core.v1.PersistentVolumeClaimStatus', 'The state of the claim as last observed.', { default: {} }),
    },
  },
  listOf('core.v1.PersistentVolumeClaim', { group: '', version: 'v1', kind: 'PersistentVolumeClaimList' }),
  {
    id: 'core.v1.PersistentVolumeClaimSpec',
    description: 'The storage a claim asks for.',
    fields: {
      accessModes: f(1, arr('string'), 'Access modes the volume must support.', {
        listType: 'atomic',
        enum: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'],
      }),
      selector: f(4, 'meta.v1.LabelSelector', 'Label query over volumes to consider for binding.'),
      resources: f(2, 'core.v1.VolumeResourceRequirements', 'Minimum resources the volume must have.', { default: {} }),
      volumeName: f(3, 'string', 'Name of the persistent volume to bind to.'),
      storageClassName: f(5, 'string', 'Name of the StorageClass the claim needs.'),
      volumeMode: f(6, 'string', 'Whether the volume is used with a filesystem or as a raw block device.', {
        enum: ['Block', 'Filesystem'],
      }),
      dataSource: f(7, 'core.v1.TypedLocalObjectReference', 'An existing object (a snapshot or another claim) to fill the new volume from.'),
      dataSourceRef: f(8, 'core.v1.TypedObjectReference', 'An object, possibly in another namespace, to fill the new volume from.'),
      volumeAttributesClassName: f(9, 'string', 'Name of the VolumeAttributesClass the claim asks for.'),
    },
  },
  {
    id: 'core.v1.PersistentVolumeClaimStatus',
    description: 'The observed state of a claim.',
    fields: {
      phase: f(1, 'string', 'Lifecycle phase of the claim.', { enum: ['Bound', 'Lost', 'Pending'] }),
      accessModes: f(2, arr('string'), 'Access modes the bound volume actually has.', {
        listType: 'atomic',
        enum: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'],
      }),
      capacity: f(3, map('Quantity'), 'Resources of the bound volume.'),
      conditions: f(4, arr('core.v1.PersistentVolumeClaimCondition'), 'Current conditions of the claim, such as Resizing.', {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
      allocatedResources: f(5, map('Quantity'), 'Resources allocated to the claim, which may exceed the request during a resize.'),
      allocatedResourceStatuses: f(7, map('string'), 'State of a resize operation, per resource.', { mapType: 'granular' }),
      currentVolumeAttributesClassName: f(8, 'string', 'VolumeAttributesClass currently applied to the volume.'),
      modifyVolumeStatus: f(9, 'core.v1.ModifyVolumeStatus', "State of a modification of the volume's attributes class."),
    },
  },
  {
    id: 'core.v1.PersistentVolumeClaimCondition',
    description: 'One aspect of the state of a claim.',
    fields: {
      type: f(1, 'string', 'Type of the condition, such as Resizing.', { required: true, default: '' }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true, default: '' }),
      lastProbeTime: f(3, 'Time', 'When the condition was last probed.'),
      lastTransitionTime: f(4, 'Time', 'When the status last changed.'),
      reason: f(5, 'string', 'Brief CamelCase reason for the last transition.'),
      message: f(6, 'string', 'Human-readable details of the last transition.'),
    },
  },
  {
    id: 'core.v1.VolumeResourceRequirements',
    description: 'Storage resource requirements of a claim.',
    fields: {
      limits: f(1, map('Quantity'), 'Maximum amounts of resources allowed.'),
      requests: f(2, map('Quantity'), 'Minimum amounts of resources required.'),
    },
  },
  {
    id: 'core.v1.TypedLocalObjectReference',
    description: 'Refers to a typed object in the same namespace.',
    structType: 'atomic',
    fields: {
      apiGroup: f(1, 'string', 'API group of the object; empty for the core group.'),
      kind: f(2, 'string', 'Kind of the object.', { required: true, default: '' }),
      name: f(3, 'string', 'Name of the object.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.TypedObjectReference',
    description: 'Refers to a typed object, possibly in another namespace.',
    fields: {
      apiGroup: f(1, 'string', 'API group of the object; empty for the core group.'),
      kind: f(2, 'string', 'Kind of the object.', { required: true, default: '' }),
      name: f(3, 'string', 'Name of the object.', { required: true, default: '' }),
      namespace: f(4, 'string', 'Namespace of the object; another namespace needs a ReferenceGrant.'),
    },
  },
  {
    id: 'core.v1.ModifyVolumeStatus',
    description: "The state of a change to a claim's VolumeAttributesClass.",
    fields: {
      targetVolumeAttributesClassName: f(1, 'string', 'Name of the class being applied.'),
      status: f(2, 'string', 'State of the change: Pending, InProgress or Infeasible.', {
        required: true,
        enum: ['InProgress', 'Infeasible', 'Pending'],
        default: '',
      }),
    },
  },
];
