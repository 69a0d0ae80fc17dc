// core/v1: Pod volumes and every in-tree volume source.
// Field names, protobuf numbers, types and list/patch semantics follow Kubernetes 1.32; descriptions are kts's own.

import { arr, f, map, type FieldDef, type TypeDef } from '../../dsl.js';
import { inlined, inlinedFields } from './embedded.js';

/** The sources a pod volume can have (VolumeSource); Volume inlines them in JSON. */
const volumeSourceFields: Record<string, FieldDef> = {
  hostPath: f(1, 'core.v1.HostPathVolumeSource', 'A file or directory on the node.'),
  emptyDir: f(2, 'core.v1.EmptyDirVolumeSource', 'A temporary directory that lives as long as the pod.'),
  gcePersistentDisk: f(3, 'core.v1.GCEPersistentDiskVolumeSource', 'Deprecated: a GCE persistent disk.'),
  awsElasticBlockStore: f(4, 'core.v1.AWSElasticBlockStoreVolumeSource', 'Deprecated: an AWS EBS disk.'),
  gitRepo: f(5, 'core.v1.GitRepoVolumeSource', 'Deprecated: a git repository cloned at pod creation.'),
  secret: f(6, 'core.v1.SecretVolumeSource', "A Secret's data as files."),
  nfs: f(7, 'core.v1.NFSVolumeSource', 'An NFS share.'),
  iscsi: f(8, 'core.v1.ISCSIVolumeSource', 'An iSCSI disk.'),
  glusterfs: f(9, 'core.v1.GlusterfsVolumeSource', 'Deprecated: a Glusterfs volume.'),
  persistentVolumeClaim: f(10, 'core.v1.PersistentVolumeClaimVolumeSource', "A PersistentVolumeClaim in the pod's namespace."),
  rbd: f(11, 'core.v1.RBDVolumeSource', 'Deprecated: a Ceph RBD volume.'),
  flexVolume: f(12, 'core.v1.FlexVolumeSource', 'Deprecated: a volume handled by a FlexVolume driver.'),
  cinder: f(13, 'core.v1.CinderVolumeSource', 'Deprecated: an OpenStack Cinder volume.'),
  cephfs: f(14, 'core.v1.CephFSVolumeSource', 'Deprecated: a CephFS volume.'),
  flocker: f(15, 'core.v1.FlockerVolumeSource', 'Deprecated: a Flocker volume.'),
  downwardAPI: f(16, 'core.v1.DownwardAPIVolumeSource', 'Pod information as files.'),
  fc: f(17, 'core.v1.FCVolumeSource', 'A Fibre Channel disk.'),
  azureFile: f(18, 'core.v1.AzureFileVolumeSource', 'Deprecated: an Azure File share.'),
  configMap: f(19, 'core.v1.ConfigMapVolumeSource', "A ConfigMap's data as files."),
  vsphereVolume: f(20, 'core.v1.VsphereVirtualDiskVolumeSource', 'Deprecated: a vSphere volume.'),
  quobyte: f(21, 'core.v1.QuobyteVolumeSource', 'Deprecated: a Quobyte volume.'),
  azureDisk: f(22, 'core.v1.AzureDiskVolumeSource', 'Deprecated: an Azure data disk.'),
  photonPersistentDisk: f(23, 'core.v1.PhotonPersistentDiskVolumeSource', 'Deprecated: a Photon Controller persistent disk.'),
  projected: f(26, 'core.v1.ProjectedVolumeSource', 'Several sources projected into one directory.'),
  portworxVolume: f(24, 'core.v1.PortworxVolumeSource', 'Deprecated: a Portworx volume.'),
  scaleIO: f(25, 'core.v1.ScaleIOVolumeSource', 'Deprecated: a ScaleIO volume.'),
  storageos: f(27, 'core.v1.StorageOSVolumeSource', 'Deprecated: a StorageOS volume.'),
  csi: f(28, 'core.v1.CSIVolumeSource', 'An ephemeral volume provided by a CSI driver.'),
  ephemeral: f(29, 'core.v1.EphemeralVolumeSource', 'A volume backed by a PersistentVolumeClaim that lives as long as the pod.'),
  image: f(30, 'core.v1.ImageVolumeSource', 'An OCI image or artifact mounted read-only.'),
};

export const volumeTypes: TypeDef[] = [
  {
    id: 'core.v1.Volume',
    description: 'A named volume that containers of a pod can mount.',
    fields: {
      // protobuf: Volume is { name = 1, volumeSource = 2 (core.v1.VolumeSource) }. JSON inlines the VolumeSource fields,
      // so they are listed here without protobuf numbers; the protobuf codec maps them through the embedded message (see embedded.ts).
      name: f(1, 'string', 'Name of the volume, a DNS label unique within the pod.', { required: true, default: '' }),
      ...inlinedFields(volumeSourceFields),
    },
  },
  {
    id: 'core.v1.VolumeSource',
    description: 'The source of a volume; exists only as an embedded protobuf message, inlined into Volume in JSON.',
    fields: volumeSourceFields,
  },
  {
    id: 'core.v1.HostPathVolumeSource',
    description: 'A file or directory on the node mapped into the pod.',
    fields: {
      path: f(1, 'string', 'Path on the node; a symlink is followed.', { required: true, default: '' }),
      type: f(2, 'string', 'What must exist at the path; empty skips the check.', {
        enum: ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'],
      }),
    },
  },
  {
    id: 'core.v1.EmptyDirVolumeSource',
    description: 'An empty directory created for the pod.',
    fields: {
      medium: f(1, 'string', 'Storage medium backing the directory: empty for the node default, or Memory.'),
      sizeLimit: f(2, 'Quantity', 'Maximum amount of local storage the directory may use.'),
    },
  },
  {
    id: 'core.v1.GCEPersistentDiskVolumeSource',
    description: 'A GCE persistent disk.',
    fields: {
      pdName: f(1, 'string', 'Name of the persistent disk in GCE.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      partition: f(3, 'int32', 'Partition of the disk to mount; 0 or empty mounts the whole disk.'),
      readOnly: f(4, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.AWSElasticBlockStoreVolumeSource',
    description: 'An AWS EBS disk.',
    fields: {
      volumeID: f(1, 'string', 'ID of the EBS volume.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      partition: f(3, 'int32', 'Partition of the disk to mount; 0 or empty mounts the whole disk.'),
      readOnly: f(4, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.GitRepoVolumeSource',
    description: 'A directory with a git repository cloned into it.',
    fields: {
      repository: f(1, 'string', 'URL of the repository.', { required: true, default: '' }),
      revision: f(2, 'string', 'Commit hash to check out.'),
      directory: f(3, 'string', "Target directory name; '.' clones into the volume's root."),
    },
  },
  {
    id: 'core.v1.SecretVolumeSource',
    description: "A Secret's keys as files in a volume.",
    fields: {
      secretName: f(1, 'string', "Name of the Secret in the pod's namespace."),
      items: f(2, arr('core.v1.KeyToPath'), 'Which keys to project into which paths; unlisted keys are left out when set.', {
        listType: 'atomic',
      }),
      defaultMode: f(3, 'int32', 'Default permission bits of the created files.'),
      optional: f(4, 'boolean', 'Whether the Secret or its keys may be missing.'),
    },
  },
  {
    id: 'core.v1.NFSVolumeSource',
    description: 'An NFS mount.',
    fields: {
      server: f(1, 'string', 'Host name or IP of the NFS server.', { required: true, default: '' }),
      path: f(2, 'string', 'Path exported by the server.', { required: true, default: '' }),
      readOnly: f(3, 'boolean', 'Mount the export read-only.'),
    },
  },
  {
    id: 'core.v1.ISCSIVolumeSource',
    description: 'An iSCSI disk, attached to the node and then mounted.',
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
      secretRef: f(10, 'core.v1.LocalObjectReference', 'Secret with the CHAP credentials.'),
      initiatorName: f(12, 'string', "Custom initiator name, overriding the interface's."),
    },
  },
  {
    id: 'core.v1.GlusterfsVolumeSource',
    description: 'A Glusterfs mount.',
    fields: {
      endpoints: f(1, 'string', 'Name of the Endpoints object listing the Glusterfs servers.', { required: true, default: '' }),
      path: f(2, 'string', 'Glusterfs volume path.', { required: true, default: '' }),
      readOnly: f(3, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.PersistentVolumeClaimVolumeSource',
    description: 'A reference to a PersistentVolumeClaim in the same namespace.',
    fields: {
      claimName: f(1, 'string', 'Name of the claim.', { required: true, default: '' }),
      readOnly: f(2, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.RBDVolumeSource',
    description: 'A Ceph RBD block device.',
    fields: {
      monitors: f(1, arr('string'), 'Ceph monitor addresses.', { required: true, listType: 'atomic' }),
      image: f(2, 'string', 'Name of the RBD image.', { required: true, default: '' }),
      fsType: f(3, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      pool: f(4, 'string', 'RADOS pool name; defaults to rbd.', { default: 'rbd' }),
      user: f(5, 'string', 'RADOS user name; defaults to admin.', { default: 'admin' }),
      keyring: f(6, 'string', 'Path of the keyring file; defaults to /etc/ceph/keyring.', { default: '/etc/ceph/keyring' }),
      secretRef: f(7, 'core.v1.LocalObjectReference', "Secret with the RBD user's credentials, overriding the keyring."),
      readOnly: f(8, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.FlexVolumeSource',
    description: 'A volume provided by a FlexVolume driver.',
    fields: {
      driver: f(1, 'string', 'Name of the driver.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      secretRef: f(3, 'core.v1.LocalObjectReference', "Secret passed to the driver's scripts."),
      readOnly: f(4, 'boolean', 'Mount the volume read-only.'),
      options: f(5, map('string'), 'Extra command options for the driver.'),
    },
  },
  {
    id: 'core.v1.CinderVolumeSource',
    description: 'An OpenStack Cinder volume.',
    fields: {
      volumeID: f(1, 'string', 'ID of the Cinder volume.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      readOnly: f(3, 'boolean', 'Mount the volume read-only.'),
      secretRef: f(4, 'core.v1.LocalObjectReference', 'Secret with parameters for connecting to OpenStack.'),
    },
  },
  {
    id: 'core.v1.CephFSVolumeSource',
    description: 'A CephFS mount.',
    fields: {
      monitors: f(1, arr('string'), 'Ceph monitor addresses.', { required: true, listType: 'atomic' }),
      path: f(2, 'string', 'Path within the filesystem to mount as the root; defaults to /.'),
      user: f(3, 'string', 'RADOS user name; defaults to admin.'),
      secretFile: f(4, 'string', 'Path of the keyring file; defaults to /etc/ceph/user.secret.'),
      secretRef: f(5, 'core.v1.LocalObjectReference', "Secret with the user's credentials, overriding secretFile."),
      readOnly: f(6, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.FlockerVolumeSource',
    description: 'A Flocker dataset; exactly one of name and UUID is set.',
    fields: {
      datasetName: f(1, 'string', 'Name of the dataset.'),
      datasetUUID: f(2, 'string', 'UUID of the dataset.'),
    },
  },
  {
    id: 'core.v1.DownwardAPIVolumeSource',
    description: 'Pod information as files.',
    fields: {
      items: f(1, arr('core.v1.DownwardAPIVolumeFile'), 'The files to create.', { listType: 'atomic' }),
      defaultMode: f(2, 'int32', 'Default permission bits of the created files.'),
    },
  },
  {
    id: 'core.v1.DownwardAPIVolumeFile',
    description: 'A file filled with pod information.',
    fields: {
      path: f(1, 'string', 'Relative path of the file.', { required: true, default: '' }),
      fieldRef: f(2, 'core.v1.ObjectFieldSelector', 'A pod field: annotations, labels, name, namespace or uid.'),
      resourceFieldRef: f(3, 'core.v1.ResourceFieldSelector', 'A container resource limit or request.'),
      mode: f(4, 'int32', 'Permission bits of the file.'),
    },
  },
  {
    id: 'core.v1.FCVolumeSource',
    description: 'A Fibre Channel disk.',
    fields: {
      targetWWNs: f(1, arr('string'), 'Target world wide names.', { listType: 'atomic' }),
      lun: f(2, 'int32', 'Target logical unit number.'),
      fsType: f(3, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      readOnly: f(4, 'boolean', 'Mount the volume read-only.'),
      wwids: f(5, arr('string'), 'World wide identifiers; set either these or targetWWNs with lun.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.AzureFileVolumeSource',
    description: 'An Azure File share.',
    fields: {
      secretName: f(1, 'string', 'Name of the Secret with the storage account name and key.', { required: true, default: '' }),
      shareName: f(2, 'string', 'Name of the share.', { required: true, default: '' }),
      readOnly: f(3, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.ConfigMapVolumeSource',
    description: "A ConfigMap's keys as files in a volume.",
    fields: {
      // protobuf: name travels inside localObjectReference = 1 (core.v1.LocalObjectReference), which JSON inlines (see embedded.ts).
      name: inlined('string', 'Name of the ConfigMap.', { default: '' }),
      items: f(2, arr('core.v1.KeyToPath'), 'Which keys to project into which paths; unlisted keys are left out when set.', {
        listType: 'atomic',
      }),
      defaultMode: f(3, 'int32', 'Default permission bits of the created files.'),
      optional: f(4, 'boolean', 'Whether the referenced object or its keys may be missing.'),
    },
  },
  {
    id: 'core.v1.VsphereVirtualDiskVolumeSource',
    description: 'A vSphere volume.',
    fields: {
      volumePath: f(1, 'string', 'Path that identifies the vSphere volume.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      storagePolicyName: f(3, 'string', 'Storage policy based management profile name.'),
      storagePolicyID: f(4, 'string', 'Storage policy based management profile ID.'),
    },
  },
  {
    id: 'core.v1.QuobyteVolumeSource',
    description: 'A Quobyte mount.',
    fields: {
      registry: f(1, 'string', 'Quobyte registries as host:port pairs, comma-separated.', { required: true, default: '' }),
      volume: f(2, 'string', 'Name of an existing Quobyte volume.', { required: true, default: '' }),
      readOnly: f(3, 'boolean', 'Mount the volume read-only.'),
      user: f(4, 'string', 'User that volume access is mapped to; the service account user by default.'),
      group: f(5, 'string', 'Group to map volume access to.'),
      tenant: f(6, 'string', 'Tenant owning the volume in the backend.'),
    },
  },
  {
    id: 'core.v1.AzureDiskVolumeSource',
    description: 'An Azure data disk.',
    fields: {
      diskName: f(1, 'string', 'Name of the data disk in blob storage.', { required: true, default: '' }),
      diskURI: f(2, 'string', 'URI of the data disk in blob storage.', { required: true, default: '' }),
      cachingMode: f(3, 'string', 'Host caching mode.', { enum: ['None', 'ReadOnly', 'ReadWrite'], default: 'ReadWrite' }),
      fsType: f(4, 'string', 'Filesystem type to mount, such as ext4 or xfs.', { default: 'ext4' }),
      readOnly: f(5, 'boolean', 'Mount the volume read-only.', { default: false }),
      kind: f(6, 'string', 'Disk kind; defaults to shared.', { enum: ['Dedicated', 'Managed', 'Shared'], default: 'Shared' }),
    },
  },
  {
    id: 'core.v1.PhotonPersistentDiskVolumeSource',
    description: 'A Photon Controller persistent disk.',
    fields: {
      pdID: f(1, 'string', 'ID of the persistent disk.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
    },
  },
  {
    id: 'core.v1.ProjectedVolumeSource',
    description: 'Several volume sources projected into one directory.',
    fields: {
      sources: f(1, arr('core.v1.VolumeProjection'), 'The sources to project.', { listType: 'atomic' }),
      defaultMode: f(2, 'int32', 'Default permission bits of the created files.'),
    },
  },
  {
    id: 'core.v1.VolumeProjection',
    description: 'One source of a projected volume; exactly one member is set.',
    fields: {
      secret: f(1, 'core.v1.SecretProjection', 'Data of a Secret.'),
      downwardAPI: f(2, 'core.v1.DownwardAPIProjection', 'Pod information.'),
      configMap: f(3, 'core.v1.ConfigMapProjection', 'Data of a ConfigMap.'),
      serviceAccountToken: f(4, 'core.v1.ServiceAccountTokenProjection', 'A service account token.'),
      clusterTrustBundle: f(5, 'core.v1.ClusterTrustBundleProjection', 'Certificates of ClusterTrustBundle objects.'),
    },
  },
  {
    id: 'core.v1.SecretProjection',
    description: "A Secret's data in a projected volume.",
    fields: {
      // protobuf: name travels inside localObjectReference = 1 (core.v1.LocalObjectReference), which JSON inlines (see embedded.ts).
      name: inlined('string', 'Name of the Secret.', { default: '' }),
      items: f(2, arr('core.v1.KeyToPath'), 'Which keys to project into which paths; unlisted keys are left out when set.', {
        listType: 'atomic',
      }),
      optional: f(4, 'boolean', 'Whether the referenced object or its keys may be missing.'),
    },
  },
  {
    id: 'core.v1.ConfigMapProjection',
    description: "A ConfigMap's data in a projected volume.",
    fields: {
      // protobuf: name travels inside localObjectReference = 1 (core.v1.LocalObjectReference), which JSON inlines (see embedded.ts).
      name: inlined('string', 'Name of the ConfigMap.', { default: '' }),
      items: f(2, arr('core.v1.KeyToPath'), 'Which keys to project into which paths; unlisted keys are left out when set.', {
        listType: 'atomic',
      }),
      optional: f(4, 'boolean', 'Whether the referenced object or its keys may be missing.'),
    },
  },
  {
    id: 'core.v1.DownwardAPIProjection',
    description: 'Pod information in a projected volume.',
    fields: {
      items: f(1, arr('core.v1.DownwardAPIVolumeFile'), 'The files to create.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.ServiceAccountTokenProjection',
    description: 'A service account token in a projected volume.',
    fields: {
      audience: f(1, 'string', "Intended audience of the token; defaults to the API server's identifier."),
      expirationSeconds: f(2, 'int64', 'Requested lifetime of the token; defaults to one hour, at least ten minutes.'),
      path: f(3, 'string', 'Path of the token file, relative to the mount point.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.ClusterTrustBundleProjection',
    description: 'The certificates of ClusterTrustBundle objects written to a file.',
    fields: {
      name: f(1, 'string', 'Select one bundle by name; excludes signerName and labelSelector.'),
      signerName: f(2, 'string', 'Select all bundles of this signer.'),
      labelSelector: f(3, 'meta.v1.LabelSelector', 'Select bundles by label, together with signerName.'),
      optional: f(5, 'boolean', 'Write an empty file instead of failing when no bundle matches.'),
      path: f(4, 'string', 'Path of the file, relative to the volume root.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.PortworxVolumeSource',
    description: 'A Portworx volume.',
    fields: {
      volumeID: f(1, 'string', 'ID of the Portworx volume.', { required: true, default: '' }),
      fsType: f(2, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      readOnly: f(3, 'boolean', 'Mount the volume read-only.'),
    },
  },
  {
    id: 'core.v1.ScaleIOVolumeSource',
    description: 'A ScaleIO volume.',
    fields: {
      gateway: f(1, 'string', 'Host address of the ScaleIO API gateway.', { required: true, default: '' }),
      system: f(2, 'string', 'Name of the ScaleIO storage system.', { required: true, default: '' }),
      secretRef: f(3, 'core.v1.LocalObjectReference', "Secret with the ScaleIO user's credentials.", { required: true }),
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
    id: 'core.v1.StorageOSVolumeSource',
    description: 'A StorageOS volume.',
    fields: {
      volumeName: f(1, 'string', 'Name of the StorageOS volume within its namespace.'),
      volumeNamespace: f(2, 'string', "StorageOS namespace of the volume; defaults to the pod's namespace."),
      fsType: f(3, 'string', 'Filesystem type to mount, such as ext4 or xfs.'),
      readOnly: f(4, 'boolean', 'Mount the volume read-only.'),
      secretRef: f(5, 'core.v1.LocalObjectReference', 'Secret with the StorageOS API credentials.'),
    },
  },
  {
    id: 'core.v1.CSIVolumeSource',
    description: 'An ephemeral volume provided by a CSI driver.',
    fields: {
      driver: f(1, 'string', 'Name of the CSI driver.', { required: true, default: '' }),
      readOnly: f(2, 'boolean', 'Mount the volume read-only.'),
      fsType: f(3, 'string', 'Filesystem type, passed to the driver.'),
      volumeAttributes: f(4, map('string'), 'Driver-specific properties.'),
      nodePublishSecretRef: f(5, 'core.v1.LocalObjectReference', "Secret passed to the driver's node publish and unpublish calls."),
    },
  },
  {
    id: 'core.v1.EphemeralVolumeSource',
    description: 'A volume backed by a claim created with the pod and deleted with it.',
    fields: {
      volumeClaimTemplate: f(1, 'core.v1.PersistentVolumeClaimTemplate', 'Template for the PersistentVolumeClaim created for the volume.'),
    },
  },
  {
    id: 'core.v1.PersistentVolumeClaimTemplate',
    description: 'Template for a PersistentVolumeClaim created as part of an ephemeral volume.',
    fields: {
      metadata: f(1, 'meta.v1.ObjectMeta', 'Labels and annotations copied into the claim.', { default: {} }),
      spec: f(2, 'core.v1.PersistentVolumeClaimSpec', 'Spec of the claim, copied unchanged.', { required: true, default: {} }),
    },
  },
  {
    id: 'core.v1.ImageVolumeSource',
    description: 'An OCI image or artifact mounted as a volume.',
    fields: {
      reference: f(1, 'string', 'Image or artifact reference to pull.'),
      pullPolicy: f(2, 'string', 'When the image is pulled: Always, Never or IfNotPresent.', { enum: ['Always', 'IfNotPresent', 'Never'] }),
    },
  },
  {
    id: 'core.v1.KeyToPath',
    description: 'Maps a key to a relative file path.',
    fields: {
      key: f(1, 'string', 'The key to project.', { required: true, default: '' }),
      path: f(2, 'string', "Relative path of the file to write the key's value to.", { required: true, default: '' }),
      mode: f(3, 'int32', 'Permission bits of the file.'),
    },
  },
];
