// The labels and annotations the kubelet puts on CRI sandboxes and containers (upstream
// kuberuntime/labels.go), and reading them back: this is how a restarted kubelet finds and adopts what
// it created before.

import type { KubeObject } from '../../api/types.js';
import { CRI_LABELS, type Labels } from '../cri/types.js';
import type { ContainerSpec } from './types.js';

export const KUBERNETES_MANAGED_LABEL = 'io.kubernetes.container.managed';
export const CONTAINER_TYPE_LABEL = 'io.cri-containerd.kind';
export const ANNOTATIONS = {
  hash: 'io.kubernetes.container.hash',
  restartCount: 'io.kubernetes.container.restartCount',
  terminationMessagePath: 'io.kubernetes.container.terminationMessagePath',
  terminationMessagePolicy: 'io.kubernetes.container.terminationMessagePolicy',
  preStopHandler: 'io.kubernetes.container.preStopHandler',
  ports: 'io.kubernetes.container.ports',
  podDeletionGracePeriod: 'io.kubernetes.pod.deletionGracePeriod',
  podTerminationGracePeriod: 'io.kubernetes.pod.terminationGracePeriod',
  containerType: 'io.kubernetes.container.type',
} as const;

/** The sandbox's labels: the pod's own labels plus the kubelet's identity labels. */
export function sandboxLabels(pod: KubeObject): Labels {
  return {
    ...(pod.metadata.labels ?? {}),
    [CRI_LABELS.podName]: pod.metadata.name ?? '',
    [CRI_LABELS.podNamespace]: pod.metadata.namespace ?? '',
    [CRI_LABELS.podUid]: pod.metadata.uid ?? '',
  };
}

export function containerLabels(pod: KubeObject, container: ContainerSpec): Labels {
  return {
    [CRI_LABELS.podName]: pod.metadata.name ?? '',
    [CRI_LABELS.podNamespace]: pod.metadata.namespace ?? '',
    [CRI_LABELS.podUid]: pod.metadata.uid ?? '',
    [CRI_LABELS.containerName]: container.name,
  };
}

/** 32-bit FNV-1a over a string, as lowercase hex (upstream formats its hash with base 16). */
export function fnv32a(s: string): string {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

/** Since 1.31 upstream hashes only the fields that may change in place for a container: name and image. */
export function hashContainer(c: ContainerSpec): string {
  return fnv32a(JSON.stringify({ name: c.name, image: c.image ?? '' }));
}

export type ContainerKind = 'init' | 'regular' | 'ephemeral';

export function containerAnnotations(pod: KubeObject, c: ContainerSpec, restartCount: number, kind: ContainerKind): Record<string, string> {
  const spec = (pod.spec ?? {}) as { terminationGracePeriodSeconds?: number };
  const out: Record<string, string> = {
    ...(pod.metadata.annotations ?? {}),
    [ANNOTATIONS.hash]: hashContainer(c),
    [ANNOTATIONS.restartCount]: String(restartCount),
    [ANNOTATIONS.terminationMessagePath]: c.terminationMessagePath ?? '/dev/termination-log',
    [ANNOTATIONS.terminationMessagePolicy]: c.terminationMessagePolicy ?? 'File',
    [ANNOTATIONS.containerType]: kind,
  };
  if (pod.metadata.deletionGracePeriodSeconds !== undefined) out[ANNOTATIONS.podDeletionGracePeriod] = String(pod.metadata.deletionGracePeriodSeconds);
  if (spec.terminationGracePeriodSeconds !== undefined) out[ANNOTATIONS.podTerminationGracePeriod] = String(spec.terminationGracePeriodSeconds);
  if (c.lifecycle?.preStop) out[ANNOTATIONS.preStopHandler] = JSON.stringify(c.lifecycle.preStop);
  if (c.ports?.length) out[ANNOTATIONS.ports] = JSON.stringify(c.ports);
  return out;
}
