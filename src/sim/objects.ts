// The API objects a simulated node writes, shaped as a v1.32 kubelet writes them: the Node with its
// capacity, conditions, addresses and nodeInfo; its kube-node-lease Lease; and the image and container
// identifiers a container runtime would report.

import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/types.js';

export const SIM_LABEL = 'sim.kts.io/node';
export const HEARTBEAT_ANNOTATION = 'sim.kts.io/heartbeat';
export const EXIT_ANNOTATION = 'sim.kts.io/exit';
export const KUBELET_VERSION = 'v1.32.0-kts';
export const RUNTIME_VERSION = 'sim://1.0';
export const LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;

export interface Capacity {
  cpu: string;
  memory: string;
  pods: string;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string | null;
  lastTransitionTime?: string | null;
  lastProbeTime?: string | null;
}

export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime as it serializes: microsecond precision. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

function hex(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

/** The node's InternalIP: 198.18.0.0/15 (RFC 2544's benchmark range), one per node index. Never contacted. */
export function nodeAddress(index: number): string {
  const v = 0xc6120000 + index + 1; // 198.18.0.1 …
  return [24, 16, 8, 0].map((s) => String((v >>> s) & 255)).join('.');
}

const HEALTHY: Array<Omit<Condition, 'lastHeartbeatTime' | 'lastTransitionTime'>> = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/** A healthy kubelet's conditions at `nowMs`, keeping transition times where the status did not change. */
export function healthyConditions(nowMs: number, prev: Condition[] = []): Condition[] {
  const now = rfc3339(nowMs);
  return HEALTHY.map((c) => {
    const old = prev.find((p) => p.type === c.type);
    const transition = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { ...c, lastHeartbeatTime: now, lastTransitionTime: transition };
  });
}

export function nodeObject(o: { name: string; index: number; capacity: Capacity; nowMs: number }): KubeObject {
  const resources = { cpu: o.capacity.cpu, memory: o.capacity.memory, pods: o.capacity.pods, 'ephemeral-storage': '100Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' };
  const id = hex('node', o.name).slice(0, 32);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: o.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': o.name,
        'kubernetes.io/os': 'linux',
        [SIM_LABEL]: 'true',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status: nodeStatus(o.index, o.name, resources, id, o.nowMs),
  };
}

function nodeStatus(index: number, name: string, resources: Record<string, string>, id: string, nowMs: number): Record<string, unknown> {
  return {
    capacity: resources,
    allocatable: resources,
    conditions: healthyConditions(nowMs),
    addresses: [
      { type: 'InternalIP', address: nodeAddress(index) },
      { type: 'Hostname', address: name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: id,
      systemUUID: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
      bootID: hex('boot', name, String(nowMs)).slice(0, 32),
      kernelVersion: '6.1.0-sim',
      osImage: 'kts simulated node',
      containerRuntimeVersion: RUNTIME_VERSION,
      kubeletVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

export function leaseObject(node: KubeObject, nowMs: number): KubeObject {
  const name = node.metadata.name!;
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: LEASE_NAMESPACE,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }],
    },
    spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(nowMs) },
  };
}

/** "nginx" → "docker.io/library/nginx:latest", as containerd reports image names. */
export function normalizeImage(image: string): string {
  let name = image;
  const first = name.split('/')[0]!;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
  const last = name.slice(name.lastIndexOf('/') + 1);
  if (!last.includes(':') && !name.includes('@')) name += ':latest';
  return name;
}

export function imageID(image: string): string {
  const n = normalizeImage(image);
  const repo = n.includes('@') ? n.slice(0, n.indexOf('@')) : n.slice(0, n.lastIndexOf(':'));
  return `${repo}@sha256:${hex('image', n)}`;
}

export function containerID(podUID: string, container: string, restart: number): string {
  return `sim://${hex('container', podUID, container, String(restart))}`;
}
