// The parts of batch/v1 Job and core/v1 Pod the Job controller reads and writes.

import type { KubeObject } from '../../api/types.js';
import type { LabelSelector } from '../../machinery/labels/index.js';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const JOB_INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const JOB_INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
export const JOB_GVK = { apiVersion: 'batch/v1', kind: 'Job' };

export interface Condition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
  reason?: string;
  message?: string;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

export interface Container {
  name: string;
  env?: EnvVar[];
  [k: string]: unknown;
}

export interface PodSpec {
  nodeName?: string;
  hostname?: string;
  restartPolicy?: string;
  containers?: Container[];
  initContainers?: Container[];
  [k: string]: unknown;
}

export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; [k: string]: unknown };
  spec?: PodSpec;
}

export interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { terminated?: { exitCode?: number; finishedAt?: string | null }; [k: string]: unknown };
}

export interface PodStatus {
  phase?: string;
  conditions?: Condition[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: PodStatus;
}

export interface PodFailurePolicyRule {
  action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
  onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] };
  onPodConditions?: Array<{ type: string; status?: string }>;
}

export interface JobSpec {
  parallelism?: number;
  completions?: number | null;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  selector?: LabelSelector;
  manualSelector?: boolean;
  template?: PodTemplateSpec;
  completionMode?: 'NonIndexed' | 'Indexed';
  suspend?: boolean;
  podFailurePolicy?: { rules: PodFailurePolicyRule[] };
  podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
  managedBy?: string;
  successPolicy?: { rules: Array<{ succeededIndexes?: string; succeededCount?: number }> };
}

export interface JobStatus {
  conditions?: Condition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  completedIndexes?: string;
  failedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
}

export interface Job extends KubeObject {
  spec?: JobSpec;
  status?: JobStatus;
}
