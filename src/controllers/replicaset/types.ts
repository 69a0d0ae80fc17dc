// The parts of Pods, ReplicaSets and ReplicationControllers the replica controllers read and write.
// Objects travel as plain JSON; these interfaces only type the fields used here.

import type { KubeObject } from '../../api/types.js';

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string | null;
  lastProbeTime?: string | null;
  reason?: string;
  message?: string;
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  [field: string]: unknown;
}

export interface PodSpec {
  nodeName?: string;
  [field: string]: unknown;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  containerStatuses?: ContainerStatus[];
  [field: string]: unknown;
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: PodStatus;
}

export interface PodTemplateSpec {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    [field: string]: unknown;
  };
  spec?: Record<string, unknown>;
}

export interface ReplicaCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** ReplicaSetStatus and ReplicationControllerStatus have the same shape. */
export interface ReplicaStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaCondition[];
}

/** A ReplicaSet or a ReplicationController: only the selector differs (see ReplicaKind). */
export interface ReplicaOwner extends KubeObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: unknown;
    template?: PodTemplateSpec;
    [field: string]: unknown;
  };
  status?: ReplicaStatus;
}
