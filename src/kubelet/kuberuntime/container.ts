// From a container spec to a CRI ContainerConfig (upstream kuberuntime_container.go
// generateContainerConfig): command and args with $(VAR) expansion, environment, mounts, log path,
// labels and annotations (hash, restart count), Linux resources and security context.

import type { KubeObject } from '../../api/types.js';
import type { ContainerConfig, KeyValue, LinuxContainerSecurityContext, Mount } from '../cri/types.js';
import { expand } from '../envvars/expand.js';
import { containerAnnotations, containerLabels, type ContainerKind } from './labels.js';
import { linuxResources } from './resources.js';
import { namespaceOptions } from './sandbox.js';
import { podSpec, type ContainerSpec } from './types.js';

const DEFAULT_MASKED = ['/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap'];
const DEFAULT_READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export interface ContainerConfigInput {
  pod: KubeObject;
  container: ContainerSpec;
  kind: ContainerKind;
  restartCount: number;
  imageRef: string;
  envs: KeyValue[];
  mounts: Mount[];
  memoryCapacity?: number;
}

/** <container name>/<restart count>.log, relative to the sandbox's log directory. */
export function containerLogPath(name: string, restartCount: number): string {
  return `${name}/${restartCount}.log`;
}

function securityContext(pod: KubeObject, c: ContainerSpec): LinuxContainerSecurityContext {
  const psc = podSpec(pod).securityContext ?? {};
  const csc = c.securityContext ?? {};
  const user = csc.runAsUser ?? psc.runAsUser;
  const group = csc.runAsGroup ?? psc.runAsGroup;
  const privileged = !!csc.privileged;
  const out: LinuxContainerSecurityContext = {
    privileged,
    namespaceOptions: namespaceOptions(pod),
    readonlyRootfs: !!csc.readOnlyRootFilesystem,
    noNewPrivs: csc.allowPrivilegeEscalation === false,
  };
  if (user !== undefined) out.runAsUser = { value: user };
  if (group !== undefined) out.runAsGroup = { value: group };
  if (psc.supplementalGroups?.length) out.supplementalGroups = psc.supplementalGroups;
  if (csc.capabilities) out.capabilities = { addCapabilities: csc.capabilities.add ?? [], dropCapabilities: csc.capabilities.drop ?? [] };
  if (!privileged) {
    out.maskedPaths = DEFAULT_MASKED;
    out.readonlyPaths = DEFAULT_READONLY;
  }
  return out;
}

export function makeContainerConfig(i: ContainerConfigInput): ContainerConfig {
  const c = i.container;
  const env = new Map(i.envs.map((kv) => [kv.key, kv.value]));
  const lookup = (n: string) => env.get(n);
  const cfg: ContainerConfig = {
    metadata: { name: c.name, attempt: i.restartCount },
    image: { image: i.imageRef },
    envs: i.envs,
    mounts: i.mounts,
    labels: containerLabels(i.pod, c),
    annotations: containerAnnotations(i.pod, c, i.restartCount, i.kind),
    logPath: containerLogPath(c.name, i.restartCount),
    stdin: !!c.stdin,
    stdinOnce: !!c.stdinOnce,
    tty: !!c.tty,
    linux: { resources: linuxResources(i.pod, c, i.memoryCapacity), securityContext: securityContext(i.pod, c) },
  };
  if (c.command?.length) cfg.command = c.command.map((s) => expand(s, lookup));
  if (c.args?.length) cfg.args = c.args.map((s) => expand(s, lookup));
  if (c.workingDir) cfg.workingDir = c.workingDir;
  return cfg;
}
