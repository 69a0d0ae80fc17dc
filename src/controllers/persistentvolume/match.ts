// Matching claims and volumes (upstream's storage helpers and the PV controller's volume index): which
// class a claim or volume is in, whether a volume is (pre-)bound to a claim, whether it satisfies a
// claim, and the best Available volume for a claim. Pure functions over plain objects.

import { cmp, parseQuantity, type Quantity } from '../../apiserver/registry/strategies/quantity.js';
import { fromLabelSelector, type Selector } from '../../machinery/labels/index.js';
import { claimClass, hasAnnotation, isVolumeBoundToClaim, volumeClass } from '../../machinery/volume/index.js';
import {
  ANN_BETA_IS_DEFAULT_CLASS,
  ANN_BETA_STORAGE_CLASS,
  ANN_BOUND_BY_CONTROLLER,
  ANN_IS_DEFAULT_CLASS,
  ANN_SELECTED_NODE,
  type ObjectReference,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from './types.js';

// The class and binding helpers are shared with the scheduler's VolumeBinding plugin.
export { claimClass, hasAnnotation, isVolumeBoundToClaim, volumeClass };

const ZERO: Quantity = parseQuantity('0');

function quantity(v: string | number | undefined): Quantity {
  if (v === undefined || v === null) return ZERO;
  try {
    return parseQuantity(v);
  } catch {
    return ZERO;
  }
}

/** spec.resources.requests.storage of a claim (zero when missing). */
export function requestedStorage(claim: PersistentVolumeClaim): Quantity {
  return quantity(claim.spec?.resources?.requests?.storage);
}

/** spec.capacity.storage of a volume (zero when missing). */
export function volumeStorage(volume: PersistentVolume): Quantity {
  return quantity(volume.spec?.capacity?.storage);
}

/** Whether the user asked for a class at all (the field, even "", or the beta annotation). */
export function claimHasClass(claim: PersistentVolumeClaim): boolean {
  if (claim.spec?.storageClassName !== undefined && claim.spec.storageClassName !== null) return true;
  return claim.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] !== undefined;
}

/** `namespace/name` of a claim. */
export function claimKey(claim: PersistentVolumeClaim): string {
  return `${claim.metadata.namespace ?? ''}/${claim.metadata.name ?? ''}`;
}

/** `namespace/name` a claim reference points to. */
export function claimRefKey(ref: ObjectReference): string {
  return `${ref.namespace ?? ''}/${ref.name ?? ''}`;
}

/** volumeMode differs (both default to Filesystem). */
export function volumeModeMismatch(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec?.volumeMode || 'Filesystem') !== (volume.spec?.volumeMode || 'Filesystem');
}

/** The volume offers every access mode the claim asks for. */
export function accessModesSatisfied(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = new Set(volume.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((m) => offered.has(m));
}

function vacMismatch(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec?.volumeAttributesClassName ?? '') !== (volume.spec?.volumeAttributesClassName ?? '');
}

/** Why a volume the user named in spec.volumeName cannot serve the claim, or undefined when it can. */
export function checkVolumeSatisfyClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if (cmp(volumeStorage(volume), requestedStorage(claim)) < 0) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (vacMismatch(claim, volume)) return 'volumeAttributesClassName does not match';
  if (volumeModeMismatch(claim, volume)) return 'incompatible volumeMode';
  if (!accessModesSatisfied(claim, volume)) return 'incompatible accessMode';
  return undefined;
}

function claimSelector(claim: PersistentVolumeClaim): Selector | undefined {
  const s = claim.spec?.selector;
  if (s === undefined || s === null) return undefined;
  try {
    return fromLabelSelector(s);
  } catch (err) {
    throw new Error(`error creating internal label selector for claim: ${claimKey(claim)}: ${(err as Error).message}`);
  }
}

/**
 * The best volume among `volumes` (upstream's FindMatchingVolume, controller path): a volume pre-bound to
 * the claim that is large enough wins; otherwise — unless binding is delayed to the first consumer — the
 * smallest Available, unclaimed volume of the claim's class whose labels match the claim's selector and
 * whose capacity covers the request. Volumes being deleted or of another volumeMode never match.
 */
export function findMatchingVolume(claim: PersistentVolumeClaim, volumes: Iterable<PersistentVolume>, delayBinding: boolean): PersistentVolume | undefined {
  const requested = requestedStorage(claim);
  const requestedClass = claimClass(claim);
  const selector = claimSelector(claim);
  let smallest: PersistentVolume | undefined;
  let smallestQty: Quantity | undefined;
  for (const volume of volumes) {
    if (volumeModeMismatch(claim, volume)) continue;
    if (volume.metadata.deletionTimestamp) continue;
    const qty = volumeStorage(volume);
    if (isVolumeBoundToClaim(volume, claim)) {
      if (cmp(qty, requested) < 0) continue;
      return volume;
    }
    if (delayBinding) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (volume.spec?.claimRef) continue;
    if (selector && !selector.matches(volume.metadata.labels ?? {})) continue;
    if (volumeClass(volume) !== requestedClass) continue;
    if (cmp(qty, requested) < 0) continue;
    if (!smallestQty || cmp(smallestQty, qty) > 0) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}

function modesKey(modes: string[]): string {
  return [...new Set(modes)].sort().join(',');
}

/**
 * The volume for a claim (upstream's persistentVolumeOrderedIndex.findByClaim): volumes are grouped by
 * their set of access modes; only sets that include every requested mode are candidates, tried from the
 * fewest modes to the most, and the first set with a match wins — so a ReadWriteOnce claim takes an
 * RWO volume before an RWO+RWX one, even a larger one.
 */
export function findBestMatchForClaim(claim: PersistentVolumeClaim, volumes: Iterable<PersistentVolume>, delayBinding: boolean): PersistentVolume | undefined {
  const requested = claim.spec?.accessModes ?? [];
  const groups = new Map<string, { size: number; volumes: PersistentVolume[] }>();
  for (const v of volumes) {
    const modes = v.spec?.accessModes ?? [];
    const offered = new Set(modes);
    if (!requested.every((m) => offered.has(m))) continue;
    const key = modesKey(modes);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { size: offered.size, volumes: [] }));
    g.volumes.push(v);
  }
  const ordered = [...groups.entries()].sort(([ka, a], [kb, b]) => a.size - b.size || (ka < kb ? -1 : ka > kb ? 1 : 0));
  for (const [, g] of ordered) {
    const v = findMatchingVolume(claim, g.volumes, delayBinding);
    if (v) return v;
  }
  return undefined;
}

/** A reference to a claim, as spec.claimRef (upstream's reference.GetReference). */
export function claimReference(claim: PersistentVolumeClaim): ObjectReference {
  const ref: ObjectReference = { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace ?? '', name: claim.metadata.name ?? '' };
  if (claim.metadata.uid) ref.uid = claim.metadata.uid;
  ref.apiVersion = 'v1';
  if (claim.metadata.resourceVersion) ref.resourceVersion = claim.metadata.resourceVersion;
  return ref;
}

/**
 * The volume bound to the claim (upstream's GetBindVolumeToClaim): claimRef set to the claim, and
 * bound-by-controller added unless the volume was pre-bound to the claim by the user. `dirty` says
 * whether anything changed.
 */
export function bindVolumeToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): { volume: PersistentVolume; dirty: boolean } {
  const setBoundByController = !isVolumeBoundToClaim(volume, claim);
  const clone = structuredClone(volume);
  clone.spec ??= {};
  let dirty = false;
  const ref = volume.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || (ref.namespace ?? '') !== (claim.metadata.namespace ?? '') || (ref.uid ?? '') !== (claim.metadata.uid ?? '')) {
    clone.spec.claimRef = claimReference(claim);
    dirty = true;
  }
  if (setBoundByController && !hasAnnotation(clone, ANN_BOUND_BY_CONTROLLER)) {
    clone.metadata.annotations = { ...(clone.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
    dirty = true;
  }
  return { volume: clone, dirty };
}

/**
 * Whether the claim's class binds at the first consumer (upstream's IsDelayBindingMode): false without a
 * class or when the class does not exist; throws when the class has no volumeBindingMode.
 */
export function isDelayBindingMode(claim: PersistentVolumeClaim, getClass: (name: string) => StorageClass | undefined): boolean {
  const name = claimClass(claim);
  if (name === '') return false;
  const sc = getClass(name);
  if (!sc) return false;
  if (!sc.volumeBindingMode) throw new Error(`VolumeBindingMode not set for StorageClass "${name}"`);
  return sc.volumeBindingMode === 'WaitForFirstConsumer';
}

/** The scheduler picked a node for the claim (it asks for provisioning there). */
export function isDelayBindingProvisioning(claim: PersistentVolumeClaim): boolean {
  return hasAnnotation(claim, ANN_SELECTED_NODE);
}

function isDefaultClass(sc: StorageClass): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[ANN_IS_DEFAULT_CLASS] === 'true' || a[ANN_BETA_IS_DEFAULT_CLASS] === 'true';
}

/** The default StorageClass: of several, the newest (then the first by name), as upstream's GetDefaultClass. */
export function defaultClass(classes: StorageClass[]): StorageClass | undefined {
  const defaults = classes.filter(isDefaultClass);
  defaults.sort((a, b) => {
    const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
    if (ta !== tb) return tb - ta;
    const na = a.metadata.name ?? '';
    const nb = b.metadata.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
  return defaults[0];
}
