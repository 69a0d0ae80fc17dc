// From a pod to a CRI PodSandboxConfig (upstream kuberuntime_sandbox.go generatePodSandboxConfig).

import { join } from 'node:path';
import type { KubeObject } from '../../api/types.js';
import type { NamespaceOption, PodSandboxConfig, PortMapping, Protocol } from '../cri/types.js';
import { podHostname } from '../volumemanager/mounts.js';
import { podDNSConfig, type DNSOptions } from './dns.js';
import { sandboxLabels } from './labels.js';
import { podSpec } from './types.js';

export interface SandboxOptions extends DNSOptions {
  /** Where pod log directories go (upstream /var/log/pods). */
  podLogsDir: string;
  attempt: number;
}

/** <podLogsDir>/<namespace>_<name>_<uid> */
export function podLogDir(podLogsDir: string, pod: KubeObject): string {
  return join(podLogsDir, `${pod.metadata.namespace ?? ''}_${pod.metadata.name ?? ''}_${pod.metadata.uid ?? ''}`);
}

export function namespaceOptions(pod: KubeObject): NamespaceOption {
  const s = podSpec(pod);
  return {
    network: s.hostNetwork ? 'NODE' : 'POD',
    pid: s.hostPID ? 'NODE' : s.shareProcessNamespace ? 'POD' : 'CONTAINER',
    ipc: s.hostIPC ? 'NODE' : 'POD',
  };
}

export function portMappings(pod: KubeObject): PortMapping[] {
  const out: PortMapping[] = [];
  for (const c of podSpec(pod).containers) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      out.push({ protocol: (p.protocol ?? 'TCP') as Protocol, containerPort: p.containerPort, hostPort: p.hostPort, hostIp: p.hostIP ?? '' });
    }
  }
  return out;
}

export async function makeSandboxConfig(pod: KubeObject, o: SandboxOptions): Promise<PodSandboxConfig> {
  const spec = podSpec(pod);
  const sc = spec.securityContext ?? {};
  const cfg: PodSandboxConfig = {
    metadata: { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? '', uid: pod.metadata.uid ?? '', attempt: o.attempt },
    logDirectory: podLogDir(o.podLogsDir, pod),
    dnsConfig: await podDNSConfig(pod, o),
    portMappings: portMappings(pod),
    labels: sandboxLabels(pod),
    annotations: { ...(pod.metadata.annotations ?? {}) },
    linux: {
      securityContext: {
        namespaceOptions: namespaceOptions(pod),
        ...(sc.runAsUser !== undefined ? { runAsUser: { value: sc.runAsUser } } : {}),
        ...(sc.runAsGroup !== undefined ? { runAsGroup: { value: sc.runAsGroup } } : {}),
        ...(sc.supplementalGroups?.length ? { supplementalGroups: sc.supplementalGroups } : {}),
      },
      ...(sc.sysctls?.length ? { sysctls: Object.fromEntries(sc.sysctls.map((x) => [x.name, x.value])) } : {}),
    },
  };
  if (!spec.hostNetwork) cfg.hostname = podHostname(pod, o.clusterDomain).hostname;
  return cfg;
}
