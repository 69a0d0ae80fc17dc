// Creating, updating and deleting a StatefulSet's pods and claims (upstream's StatefulPodControl):
// claims are created before their pod; owner references on claims follow the
// persistentVolumeClaimRetentionPolicy; every action is reported as an event on the set.

import type { OwnerReference } from '../../api/types.js';
import { isAlreadyExists, isNotFound } from '../../machinery/client/index.js';
import { setRef, type StsDeps } from './deps.js';
import { claimsFor, identityMatches, ordinalOf, podInOrdinalRange, storageMatches, updateIdentity, updateStorage } from './identity.js';
import { STS_GVK, type PersistentVolumeClaim, type Pod, type StatefulSet } from './types.js';

type Verb = 'create' | 'update' | 'delete';
const title = (v: Verb) => v[0]!.toUpperCase() + v.slice(1);

export function recordPodEvent(d: StsDeps, verb: Verb, set: StatefulSet, pod: Pod, err?: unknown): void {
  if (err === undefined) d.recorder.eventf(setRef(set), 'Normal', `Successful${title(verb)}`, '%s Pod %s in StatefulSet %s successful', verb, pod.metadata.name, set.metadata.name);
  else d.recorder.eventf(setRef(set), 'Warning', `Failed${title(verb)}`, '%s Pod %s in StatefulSet %s failed error: %s', verb, pod.metadata.name, set.metadata.name, (err as Error).message);
}

function recordClaimEvent(d: StsDeps, verb: Verb, set: StatefulSet, pod: Pod, claim: PersistentVolumeClaim, err?: unknown): void {
  if (err === undefined) d.recorder.eventf(setRef(set), 'Normal', `Successful${title(verb)}`, '%s Claim %s Pod %s in StatefulSet %s success', verb, claim.metadata.name, pod.metadata.name, set.metadata.name);
  else d.recorder.eventf(setRef(set), 'Warning', `Failed${title(verb)}`, '%s Claim %s for Pod %s in StatefulSet %s failed error: %s', verb, claim.metadata.name, pod.metadata.name, set.metadata.name, (err as Error).message);
}

/** Creates the pod's missing claims; a claim being deleted is an error (the pod must wait). */
export async function createMissingClaims(d: StsDeps, set: StatefulSet, pod: Pod): Promise<void> {
  const errs: string[] = [];
  for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
    const existing = d.claimLister.get(set.metadata.namespace ?? '', claim.metadata.name!);
    if (existing) {
      if (existing.metadata.deletionTimestamp) errs.push(`pvc ${claim.metadata.name} is being deleted`);
      continue;
    }
    try {
      await d.claims.inNamespace(set.metadata.namespace).create(claim);
      recordClaimEvent(d, 'create', set, pod, claim);
    } catch (err) {
      if (isAlreadyExists(err)) continue; // created by an earlier sync the cache has not shown yet
      errs.push(`failed to create PVC ${claim.metadata.name}: ${(err as Error).message}`);
      recordClaimEvent(d, 'create', set, pod, claim, err);
    }
  }
  if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
}

function retention(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted ?? 'Retain', whenScaled: p.whenScaled ?? 'Retain' };
}

const hasRef = (c: PersistentVolumeClaim, uid: string | undefined) => (c.metadata.ownerReferences ?? []).some((r) => r.uid === uid);

/** The owner references the claim should carry: the set when deleting it deletes claims; the pod when scaled down and scale-down deletes them. */
function wantedRefs(set: StatefulSet, pod: Pod): { set: boolean; pod: boolean } {
  const p = retention(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  return { set: p.whenDeleted === 'Delete' && !(p.whenScaled === 'Delete' && scaledDown), pod: p.whenScaled === 'Delete' && scaledDown };
}

function claimMatchesPolicy(set: StatefulSet, pod: Pod, c: PersistentVolumeClaim): boolean {
  const want = wantedRefs(set, pod);
  return want.set === hasRef(c, set.metadata.uid) && want.pod === (!!pod.metadata.uid && hasRef(c, pod.metadata.uid));
}

export function claimsMatchRetentionPolicy(d: StsDeps, set: StatefulSet, pod: Pod): boolean {
  for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
    const c = d.claimLister.get(set.metadata.namespace ?? '', claim.metadata.name!);
    if (c && !claimMatchesPolicy(set, pod, c)) return false;
  }
  return true;
}

/** Sets the claims' owner references as the retention policy asks. */
export async function updateClaimsForRetentionPolicy(d: StsDeps, set: StatefulSet, pod: Pod): Promise<void> {
  for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
    const c = d.claimLister.get(set.metadata.namespace ?? '', claim.metadata.name!);
    if (!c || claimMatchesPolicy(set, pod, c)) continue;
    const want = wantedRefs(set, pod);
    let refs = (c.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata.uid && r.uid !== pod.metadata.uid);
    if (want.set) refs = [...refs, { ...STS_GVK, name: set.metadata.name!, uid: set.metadata.uid!, controller: true, blockOwnerDeletion: true } as OwnerReference];
    if (want.pod && pod.metadata.uid) refs = [...refs, { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid } as OwnerReference];
    await d.claims.inNamespace(set.metadata.namespace).update({ ...c, metadata: { ...c.metadata, ownerReferences: refs } });
  }
}

/** A claim still owned by an earlier pod of this ordinal is about to be garbage collected: wait. */
export function podClaimIsStale(d: StsDeps, set: StatefulSet, pod: Pod): boolean {
  for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
    const c = d.claimLister.get(set.metadata.namespace ?? '', claim.metadata.name!);
    if (c && (c.metadata.ownerReferences ?? []).some((r) => r.kind === 'Pod' && r.name === pod.metadata.name && r.uid !== pod.metadata.uid)) return true;
  }
  return false;
}

export async function createStatefulPod(d: StsDeps, set: StatefulSet, pod: Pod): Promise<void> {
  try {
    await createMissingClaims(d, set, pod);
  } catch (err) {
    recordPodEvent(d, 'create', set, pod, err);
    throw err;
  }
  let created: Pod;
  try {
    created = await d.pods.inNamespace(set.metadata.namespace).create(pod);
  } catch (err) {
    if (isAlreadyExists(err)) throw err;
    recordPodEvent(d, 'create', set, pod, err);
    throw err;
  }
  try {
    await updateClaimsForRetentionPolicy(d, set, created);
  } catch (err) {
    recordPodEvent(d, 'update', set, created, err);
    throw err;
  }
  recordPodEvent(d, 'create', set, created);
}

export async function deleteStatefulPod(d: StsDeps, set: StatefulSet, pod: Pod): Promise<void> {
  try {
    await d.pods.inNamespace(set.metadata.namespace).delete(pod.metadata.name!);
  } catch (err) {
    if (!isNotFound(err)) recordPodEvent(d, 'delete', set, pod, err);
    throw err;
  }
  recordPodEvent(d, 'delete', set, pod);
}

/** Restores the pod's identity and storage and its claims' owner references. */
export async function updateStatefulPod(d: StsDeps, set: StatefulSet, cached: Pod): Promise<void> {
  const pod = structuredClone(cached);
  let consistent = true;
  try {
    if (!identityMatches(set, pod)) {
      updateIdentity(set, pod);
      consistent = false;
    }
    if (!storageMatches(set, pod)) {
      updateStorage(set, pod);
      consistent = false;
      await createMissingClaims(d, set, pod);
    }
    if (!claimsMatchRetentionPolicy(d, set, pod)) {
      await updateClaimsForRetentionPolicy(d, set, pod);
      consistent = false;
    }
  } catch (err) {
    recordPodEvent(d, 'update', set, pod, err);
    throw err;
  }
  if (consistent) return;
  try {
    if (!identityMatches(set, cached) || !storageMatches(set, cached)) await d.pods.inNamespace(set.metadata.namespace).update(pod);
    recordPodEvent(d, 'update', set, pod);
  } catch (err) {
    recordPodEvent(d, 'update', set, pod, err);
    throw err;
  }
}
