// Builders for pods and nodes in tests (upstream's st.MakePod()/MakeNode() in spirit): small functions
// returning the plain JSON objects the API would return.

import type { Affinity, Container, Node, Pod, PodSpec, ResourceList, Taint, Toleration, TopologySpreadConstraint } from '../framework/api.js';

export interface PodOptions {
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  /** Requests of a single container. */
  requests?: ResourceList;
  containers?: Container[];
  initContainers?: Container[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  priority?: number;
  preemptionPolicy?: string;
  hostPorts?: { port: number; protocol?: string; ip?: string }[];
  image?: string;
  overhead?: ResourceList;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  schedulingGates?: string[];
  schedulerName?: string;
  creationTimestamp?: string;
  startTime?: string;
  nominatedNodeName?: string;
  deletionTimestamp?: string;
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const container: Container = { name: 'c', image: o.image ?? 'registry.k8s.io/pause:3.10' };
  if (o.requests) container.resources = { requests: o.requests };
  if (o.hostPorts)
    container.ports = o.hostPorts.map((p) => ({ containerPort: p.port, hostPort: p.port, protocol: p.protocol ?? 'TCP', ...(p.ip ? { hostIP: p.ip } : {}) }));
  const spec: PodSpec = { containers: o.containers ?? [container], schedulerName: o.schedulerName ?? 'default-scheduler' };
  if (o.initContainers) spec.initContainers = o.initContainers;
  if (o.nodeName) spec.nodeName = o.nodeName;
  if (o.nodeSelector) spec.nodeSelector = o.nodeSelector;
  if (o.affinity) spec.affinity = o.affinity;
  if (o.tolerations) spec.tolerations = o.tolerations;
  if (o.priority !== undefined) spec.priority = o.priority;
  if (o.preemptionPolicy) spec.preemptionPolicy = o.preemptionPolicy;
  if (o.overhead) spec.overhead = o.overhead;
  if (o.topologySpreadConstraints) spec.topologySpreadConstraints = o.topologySpreadConstraints;
  if (o.schedulingGates) spec.schedulingGates = o.schedulingGates.map((name) => ({ name }));
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `uid-${o.namespace ?? 'default'}-${name}`,
      creationTimestamp: o.creationTimestamp ?? '2024-01-01T00:00:00Z',
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
    },
    spec,
    status: { phase: 'Pending' },
  };
  if (o.startTime) pod.status!.startTime = o.startTime;
  if (o.nominatedNodeName) pod.status!.nominatedNodeName = o.nominatedNodeName;
  return pod;
}

export interface NodeOptions {
  labels?: Record<string, string>;
  allocatable?: ResourceList;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}`, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: {},
    status: { allocatable: o.allocatable ?? { cpu: '4', memory: '32Gi', pods: '110' } },
  };
  if (o.taints) node.spec!.taints = o.taints;
  if (o.unschedulable) node.spec!.unschedulable = true;
  if (o.images) node.status!.images = o.images;
  return node;
}

/** The pod, bound to nodeName (as the informer would see it after binding). */
export function onNode(pod: Pod, nodeName: string): Pod {
  return { ...pod, spec: { ...pod.spec, nodeName } };
}
