// Small storage helpers shared by components (upstream's component-helpers/storage/volume and
// ephemeral): the class of a claim or volume, whether a volume is (pre-)bound to a claim, the claims a
// pod's volumes use. Pure functions over plain objects.

import type { KubeObject } from '../../api/types.js';
import {
  ANN_BETA_STORAGE_CLASS,
  type ClaimReference,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type PodVolume,
} from './types.js';

/** The claim's class: the beta annotation, else spec.storageClassName, else "" (GetPersistentVolumeClaimClass). */
export function claimClass(claim: PersistentVolumeClaim): string {
  const ann = claim.metadata.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (ann !== undefined) return ann;
  return claim.spec?.storageClassName ?? '';
}

/** The volume's class: the beta annotation, else spec.storageClassName, else "" (GetPersistentVolumeClass). */
export function volumeClass(volume: PersistentVolume): string {
  const ann = volume.metadata.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (ann !== undefined) return ann;
  return volume.spec?.storageClassName ?? '';
}

export function hasAnnotation(obj: KubeObject, key: string): boolean {
  const a = obj.metadata.annotations;
  return a !== undefined && Object.prototype.hasOwnProperty.call(a, key);
}

/** `namespace/name` of a namespaced object. */
export function namespacedKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** The volume is pre-bound or bound to this claim: same namespace and name, and the same UID if it has one. */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || (ref.namespace ?? '') !== (claim.metadata.namespace ?? '')) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** A reference to a claim, as a PV's spec.claimRef (upstream's reference.GetReference). */
export function claimReference(claim: PersistentVolumeClaim): ClaimReference {
  const ref: ClaimReference = { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace ?? '', name: claim.metadata.name ?? '' };
  if (claim.metadata.uid) ref.uid = claim.metadata.uid;
  ref.apiVersion = 'v1';
  if (claim.metadata.resourceVersion) ref.resourceVersion = claim.metadata.resourceVersion;
  return ref;
}

/** spec.volumes of a pod (the scheduler's Pod view does not type them). */
export function podVolumes(pod: { spec?: object }): readonly PodVolume[] {
  const spec = pod.spec as { volumes?: PodVolume[] | null } | undefined;
  return spec?.volumes ?? [];
}

/** The claim of a generic ephemeral volume: `<pod name>-<volume name>` (ephemeral.VolumeClaimName). */
export function ephemeralClaimName(pod: KubeObject, volume: PodVolume): string {
  return `${pod.metadata.name ?? ''}-${volume.name}`;
}

export interface PodClaim {
  /** The claim's name in the pod's namespace. */
  name: string;
  /** From a generic ephemeral volume (the claim must be owned by the pod). */
  ephemeral: boolean;
}

/** The claims the pod's volumes use, in volume order (volumes without a claim are left out). */
export function podClaims(pod: KubeObject & { spec?: object }): PodClaim[] {
  const out: PodClaim[] = [];
  for (const v of podVolumes(pod)) {
    if (v.persistentVolumeClaim) out.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v.ephemeral) out.push({ name: ephemeralClaimName(pod, v), ephemeral: true });
  }
  return out;
}

/**
 * Why the claim of an ephemeral volume does not belong to the pod (ephemeral.VolumeIsForPod), or
 * undefined when the pod is its controller owner.
 */
export function ephemeralClaimNotForPod(pod: KubeObject, claim: PersistentVolumeClaim): string | undefined {
  const owner = (claim.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  const sameNamespace = (claim.metadata.namespace ?? '') === (pod.metadata.namespace ?? '');
  if (sameNamespace && owner && owner.uid === pod.metadata.uid) return undefined;
  return `PVC ${claim.metadata.namespace ?? ''}/${claim.metadata.name ?? ''} was not created for pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''} (pod is not owner)`;
}
