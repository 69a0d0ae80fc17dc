// The API shapes the persistentvolume-binder reads and writes, and upstream's annotation names.

import type { VolumeNodeAffinity } from '../../machinery/volume/index.js';
import type { KubeObject } from '../../api/types.js';
import type { LabelSelector } from '../../machinery/labels/index.js';

/** On PVCs: the binding has been set up at least once (the value does not matter). */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** On PVs and PVCs: the controller, not the user, installed the binding. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** On PVs: the volume plugin or provisioner that created the volume. */
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
/** On PVs and PVCs: CSI migration moved the object to this driver; the controller stands down. */
export const ANN_MIGRATED_TO = 'pv.kubernetes.io/migrated-to';
/** On PVCs: the node the scheduler picked for a WaitForFirstConsumer claim. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** On PVCs: the provisioner asked to provision the claim (beta and GA names, both set). */
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
/** The storage class as an annotation (before spec.storageClassName existed); it wins over the field. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
/** On StorageClasses: the default class for claims that name none. */
export const ANN_IS_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
export const ANN_BETA_IS_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
/** The finalizer external (CSI) provisioners put on volumes they will delete themselves. */
export const EXTERNAL_PROVISIONER_FINALIZER = 'external-provisioner.volume.kubernetes.io/finalizer';
/** The provisioner of classes that cannot provision at all. */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';

export type VolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';
export type ClaimPhase = 'Pending' | 'Bound' | 'Lost';

/** core/v1 ObjectReference (a PV's claimRef). */
export type { ObjectReference } from '../../machinery/events/index.js';
import type { ObjectReference } from '../../machinery/events/index.js';

export interface PersistentVolumeSpec {
  capacity?: Record<string, string | number>;
  accessModes?: string[];
  claimRef?: ObjectReference | null;
  persistentVolumeReclaimPolicy?: string;
  storageClassName?: string;
  volumeMode?: string;
  volumeAttributesClassName?: string | null;
  nodeAffinity?: VolumeNodeAffinity | null;
  hostPath?: { path?: string; type?: string };
  local?: { path?: string };
  csi?: { driver?: string; volumeHandle?: string };
  [source: string]: unknown;
}

export interface PersistentVolume extends KubeObject {
  spec?: PersistentVolumeSpec;
  status?: { phase?: VolumePhase | string; message?: string; reason?: string; lastPhaseTransitionTime?: string };
}

export interface PersistentVolumeClaimSpec {
  accessModes?: string[];
  selector?: LabelSelector | null;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeName?: string;
  storageClassName?: string | null;
  volumeMode?: string;
  volumeAttributesClassName?: string | null;
  [field: string]: unknown;
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: PersistentVolumeClaimSpec;
  status?: {
    phase?: ClaimPhase | string;
    accessModes?: string[];
    capacity?: Record<string, string | number>;
    currentVolumeAttributesClassName?: string | null;
    [field: string]: unknown;
  };
}

export interface StorageClass extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  parameters?: Record<string, string>;
}
