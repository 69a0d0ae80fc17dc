// A StatefulSet pod's identity and storage (upstream's stateful_set_utils): the name
// `<set>-<ordinal>`, the pod-name and pod-index labels, hostname and subdomain, and one PVC per
// volumeClaimTemplate named `<template>-<set>-<ordinal>`, mounted by the template's name.

import type { OwnerReference } from '../../api/types.js';
import { POD_INDEX_LABEL, POD_NAME_LABEL, REVISION_LABEL, type PersistentVolumeClaim, type Pod, type PodTemplateSpec, type StatefulSet, type Volume } from './types.js';

const NAME_RE = /^(.*)-([0-9]+)$/;

/** The parent name and ordinal a pod's name encodes (ordinal -1 when it does not). */
export function parentAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const m = NAME_RE.exec(pod.metadata.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  return { parent: m[1]!, ordinal: Number.isSafeInteger(n) && n <= 2147483647 ? n : -1 };
}

export function ordinalOf(pod: Pod): number {
  return parentAndOrdinal(pod).ordinal;
}

export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

/** The last ordinal in range (start + replicas - 1). */
export function endOrdinal(set: StatefulSet): number {
  return startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;
}

export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

export function claimName(set: StatefulSet, template: PersistentVolumeClaim, ordinal: number): string {
  return `${template.metadata.name}-${set.metadata.name}-${ordinal}`;
}

/** The pod's name encodes membership of this set. */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentAndOrdinal(pod).parent === set.metadata.name;
}

/** The claims a pod of this ordinal uses, by template name. */
export function claimsFor(set: StatefulSet, ordinal: number): Map<string, PersistentVolumeClaim> {
  const out = new Map<string, PersistentVolumeClaim>();
  const selectorLabels = set.spec?.selector?.matchLabels ?? {};
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const c = structuredClone(t);
    c.apiVersion = 'v1';
    c.kind = 'PersistentVolumeClaim';
    c.metadata = { ...c.metadata, name: claimName(set, t, ordinal), namespace: set.metadata.namespace, labels: { ...(c.metadata.labels ?? {}), ...selectorLabels } };
    delete c.status;
    out.set(t.metadata.name!, c);
  }
  return out;
}

export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    set.metadata.name === parent &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name &&
    pod.metadata.labels?.[POD_INDEX_LABEL] === String(ordinal)
  );
}

export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const [name, claim] of claimsFor(set, ordinal)) {
    if (volumes.get(name)?.persistentVolumeClaim?.claimName !== claim.metadata.name) return false;
  }
  return true;
}

/** Name, namespace and the pod-name / pod-index labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinal) };
}

/** Volumes for the claims (replacing template volumes of the same name), then the other volumes. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = claimsFor(set, ordinalOf(pod));
  const volumes: Volume[] = [...claims.entries()].map(([name, c]) => ({ name, persistentVolumeClaim: { claimName: c.metadata.name! } }));
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  pod.spec = { ...pod.spec, volumes };
}

/** A new pod of the set (upstream's newStatefulSetPod) from the given template and revision. */
export function newStatefulSetPod(set: StatefulSet, template: PodTemplateSpec, revision: string, ordinal: number, controllerRef: OwnerReference): Pod {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(set, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  updateIdentity(set, pod);
  pod.spec!.hostname = pod.metadata.name;
  if (set.spec?.serviceName) pod.spec!.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  pod.metadata.labels![REVISION_LABEL] = revision;
  return pod;
}

export function podRevision(pod: Pod): string {
  return pod.metadata.labels?.[REVISION_LABEL] ?? '';
}
