// Light typed views of the parts of a pod spec the kubelet acts on. Pods travel as plain JSON
// (KubeObject); these types only describe what is read.

import type { KubeObject } from '../../api/types.js';

export interface ExecAction { command?: string[] }
export interface HTTPGetAction { path?: string; port: number | string; host?: string; scheme?: string; httpHeaders?: { name: string; value: string }[] }
export interface LifecycleHandler { exec?: ExecAction; httpGet?: HTTPGetAction; sleep?: { seconds: number } }
export interface ContainerPort { name?: string; containerPort: number; hostPort?: number; hostIP?: string; protocol?: string }
export interface ResourceRequirements { limits?: Record<string, string>; requests?: Record<string, string> }
export interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
}

export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  terminationMessagePath?: string;
  terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
  securityContext?: SecurityContext;
  lifecycle?: { postStart?: LifecycleHandler; preStop?: LifecycleHandler };
  /** Only for init containers: Always makes a sidecar. */
  restartPolicy?: 'Always';
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  [field: string]: unknown;
}

export interface PodSpec {
  nodeName?: string;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  dnsPolicy?: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] };
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostname?: string;
  subdomain?: string;
  securityContext?: SecurityContext & { supplementalGroups?: number[]; sysctls?: { name: string; value: string }[] };
  readinessGates?: { conditionType: string }[];
  [field: string]: unknown;
}

export interface Pod extends KubeObject {
  spec: PodSpec;
  status?: Record<string, unknown>;
}

export function podSpec(pod: KubeObject): PodSpec {
  const s = (pod.spec ?? {}) as Partial<PodSpec>;
  return { ...s, containers: s.containers ?? [] } as PodSpec;
}

/** "<name>_<namespace>(<uid>)", as upstream's format.Pod. */
export function podDesc(pod: KubeObject): string {
  return `${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`;
}

export function isSidecar(c: ContainerSpec): boolean {
  return c.restartPolicy === 'Always';
}
