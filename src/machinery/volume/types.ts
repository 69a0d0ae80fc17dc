// The storage objects components share views of (core/v1 PersistentVolume, PersistentVolumeClaim, a
// pod's volumes; storage.k8s.io/v1 StorageClass), and upstream's annotation names. Objects travel as
// the API returns them (plain JSON); these interfaces only type the fields that are read.

import type { KubeObject } from '../../api/types.js';
import type { LabelSelector } from '../labels/index.js';

/** On PVCs: the binding has been set up at least once (the value does not matter). */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** On PVs and PVCs: the controller, not the user, installed the binding. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** On PVCs: the node the scheduler picked for a WaitForFirstConsumer claim to be provisioned on. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** The storage class as an annotation (before spec.storageClassName existed); it wins over the field. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
/** The provisioner of classes that cannot provision at all. */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';
/** StorageClass volumeBindingMode values. */
export const VOLUME_BINDING_IMMEDIATE = 'Immediate';
export const VOLUME_BINDING_WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer';

/** core/v1 ObjectReference, as a PV's spec.claimRef. */
export interface ClaimReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
}

export interface VolumeNodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface VolumeNodeSelectorTerm {
  matchExpressions?: VolumeNodeSelectorRequirement[] | null;
  matchFields?: VolumeNodeSelectorRequirement[] | null;
}

/** A PV's spec.nodeAffinity. */
export interface VolumeNodeAffinity {
  required?: { nodeSelectorTerms?: VolumeNodeSelectorTerm[] | null } | null;
}

export interface PersistentVolumeSpec {
  capacity?: Record<string, string | number>;
  accessModes?: string[] | null;
  claimRef?: ClaimReference | null;
  storageClassName?: string;
  volumeMode?: string | null;
  nodeAffinity?: VolumeNodeAffinity | null;
  [source: string]: unknown;
}

export interface PersistentVolume extends KubeObject {
  spec?: PersistentVolumeSpec;
  status?: { phase?: string; message?: string; reason?: string };
}

export interface PersistentVolumeClaimSpec {
  accessModes?: string[] | null;
  selector?: LabelSelector | null;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeName?: string;
  storageClassName?: string | null;
  volumeMode?: string | null;
  [field: string]: unknown;
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: PersistentVolumeClaimSpec;
  status?: { phase?: string; [field: string]: unknown };
}

/** One ORed term of a StorageClass's allowedTopologies: every expression must match a node label. */
export interface TopologySelectorTerm {
  matchLabelExpressions?: { key: string; values: string[] }[] | null;
}

export interface StorageClass extends KubeObject {
  provisioner?: string;
  volumeBindingMode?: string;
  allowedTopologies?: TopologySelectorTerm[] | null;
  parameters?: Record<string, string>;
}

/** The parts of a pod's spec.volumes[] that refer to claims. */
export interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean } | null;
  /** A generic ephemeral volume: its claim is named `<pod>-<volume>` and owned by the pod. */
  ephemeral?: { volumeClaimTemplate?: unknown } | null;
  [source: string]: unknown;
}
