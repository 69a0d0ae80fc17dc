// The parts of apps/v1 StatefulSet, core/v1 Pod and PersistentVolumeClaim the StatefulSet controller
// reads and writes.

import type { KubeObject } from '../../api/types.js';
import type { LabelSelector } from '../../machinery/labels/index.js';

export const STS_GVK = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** The name of the ControllerRevision a pod was made from (apps.StatefulSetRevisionLabel). */
export const REVISION_LABEL = 'controller-revision-hash';

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [k: string]: unknown;
}

export interface PodSpec {
  hostname?: string;
  subdomain?: string;
  volumes?: Volume[];
  [k: string]: unknown;
}

export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; [k: string]: unknown };
  spec?: PodSpec;
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string; conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }> };
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: Record<string, unknown>;
}

export interface RetentionPolicy {
  whenDeleted?: 'Retain' | 'Delete';
  whenScaled?: 'Retain' | 'Delete';
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas?: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  availableReplicas?: number;
  conditions?: unknown[];
}

export interface StatefulSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    volumeClaimTemplates?: PersistentVolumeClaim[];
    serviceName?: string;
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
    updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
    revisionHistoryLimit?: number;
    minReadySeconds?: number;
    persistentVolumeClaimRetentionPolicy?: RetentionPolicy;
    ordinals?: { start?: number };
  };
  status?: StatefulSetStatus;
}
