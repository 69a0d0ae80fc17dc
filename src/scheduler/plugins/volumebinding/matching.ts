// The matching rules the scheduler side of volume binding needs (upstream's component-helpers
// storage/volume: CheckNodeAffinity, FindMatchingVolume on the scheduler path, and v1helper's
// MatchTopologySelectorTerms). Pure functions over plain objects.

import { fromLabelSelector, type Selector } from '../../../machinery/labels/index.js';
import {
  ANN_BIND_COMPLETED,
  claimClass,
  hasAnnotation,
  isVolumeBoundToClaim,
  namespacedKey,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type TopologySelectorTerm,
  volumeClass,
} from '../../../machinery/volume/index.js';
import { quantityValue } from '../../framework/quantity.js';
import { CompiledNodeSelector } from '../helper/node-selector.js';

type Labels = Readonly<Record<string, string>>;

function storage(v: string | number | undefined): number {
  if (v === undefined || v === null) return 0;
  try {
    return quantityValue(v);
  } catch {
    return 0;
  }
}

/** spec.resources.requests.storage of a claim, in bytes (0 when missing). */
export function requestedStorage(claim: PersistentVolumeClaim): number {
  return storage(claim.spec?.resources?.requests?.storage);
}

/** spec.capacity.storage of a volume, in bytes (0 when missing). */
export function volumeStorage(volume: PersistentVolume): number {
  return storage(volume.spec?.capacity?.storage);
}

/** The claim has a volume and the binding was completed at least once (upstream's isPVCFullyBound). */
export function isClaimFullyBound(claim: PersistentVolumeClaim): boolean {
  return (claim.spec?.volumeName ?? '') !== '' && hasAnnotation(claim, ANN_BIND_COMPLETED);
}

/** volumeMode differs (both default to Filesystem). */
export function volumeModeMismatch(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec?.volumeMode || 'Filesystem') !== (volume.spec?.volumeMode || 'Filesystem');
}

/** The volume offers every access mode the claim asks for. */
export function accessModesSatisfied(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = volume.spec?.accessModes ?? [];
  return (claim.spec?.accessModes ?? []).every((m) => offered.includes(m));
}

// Compiled once per volume object (informer objects are replaced, never modified, on change).
const compiledAffinity = new WeakMap<PersistentVolume, CompiledNodeSelector | null>();

function volumeSelector(volume: PersistentVolume): CompiledNodeSelector | null {
  let c = compiledAffinity.get(volume);
  if (c === undefined) {
    const required = volume.spec?.nodeAffinity?.required;
    c = required ? new CompiledNodeSelector({ nodeSelectorTerms: required.nodeSelectorTerms ?? [] }) : null;
    compiledAffinity.set(volume, c);
  }
  return c;
}

/**
 * Whether a node with these labels satisfies the volume's spec.nodeAffinity (CheckNodeAffinity): true
 * without required terms. As upstream, only labels are known, so matchFields never match.
 */
export function volumeNodeAffinityMatches(volume: PersistentVolume, nodeLabels: Labels): boolean {
  const sel = volumeSelector(volume);
  return sel === null || sel.matches(nodeLabels, '');
}

/** A StorageClass's allowedTopologies admit the node: no terms, or one term whose every expression matches. */
export function topologyAllows(terms: readonly TopologySelectorTerm[] | null | undefined, nodeLabels: Labels): boolean {
  if (!terms || terms.length === 0) return true;
  for (const t of terms) {
    const exprs = t.matchLabelExpressions ?? [];
    if (exprs.every((e) => nodeLabels[e.key] !== undefined && e.values.includes(nodeLabels[e.key]!))) return true;
  }
  return false;
}

function claimSelector(claim: PersistentVolumeClaim): Selector | undefined {
  const s = claim.spec?.selector;
  if (s === undefined || s === null) return undefined;
  try {
    return fromLabelSelector(s);
  } catch (err) {
    throw new Error(`error creating internal label selector for claim: ${namespacedKey(claim)}: ${(err as Error).message}`);
  }
}

/**
 * The volume for a WaitForFirstConsumer claim on a node (FindMatchingVolume, scheduler path): a volume
 * pre-bound to the claim wins if the node suits it (and if it does not, nothing matches); otherwise the
 * smallest Available, unclaimed volume of the claim's class that is large enough, has the claim's
 * volumeMode and access modes, matches the claim's selector and whose node affinity admits the node.
 * Volumes being deleted or named in `excluded` are skipped. Throws on an invalid claim selector.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  nodeLabels: Labels,
  excluded: ReadonlySet<string>,
): PersistentVolume | undefined {
  const requested = requestedStorage(claim);
  const requestedClass = claimClass(claim);
  const selector = claimSelector(claim);
  let smallest: PersistentVolume | undefined;
  let smallestQty = 0;
  for (const volume of volumes) {
    if (excluded.has(volume.metadata.name ?? '')) continue;
    const boundToClaim = isVolumeBoundToClaim(volume, claim);
    if (volume.spec?.claimRef && !boundToClaim) continue;
    const qty = volumeStorage(volume);
    if (qty < requested) continue;
    if (volumeModeMismatch(claim, volume)) continue;
    if (volume.metadata.deletionTimestamp) continue;
    const affinityOK = volumeNodeAffinityMatches(volume, nodeLabels);
    if (boundToClaim) return affinityOK ? volume : undefined;
    if (volume.status?.phase !== 'Available') continue;
    if (selector && !selector.matches(volume.metadata.labels ?? {})) continue;
    if (volumeClass(volume) !== requestedClass) continue;
    if (!affinityOK) continue;
    if (!accessModesSatisfied(claim, volume)) continue;
    if (smallest === undefined || smallestQty > qty) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}
