// Scaling ReplicaSets (upstream's scale, scaleReplicaSet, cleanupDeployment, isScalingEvent): a
// change of spec.replicas is spread over the active ReplicaSets in proportion to their size, so a
// scaling event never speeds up or slows down a rollout; old ReplicaSets beyond
// revisionHistoryLimit are deleted once they have no pods.

import { isNotFound } from '../../machinery/client/index.js';
import { replaceIn, subject, type SyncContext } from './context.js';
import { getAllReplicaSetsAndSyncRevision } from './newrs.js';
import type { Deployment, ReplicaSet } from './types.js';
import {
  byRevision,
  bySizeNewer,
  bySizeOlder,
  DESIRED_REPLICAS,
  filterActive,
  findActiveOrLatest,
  getProportion,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  setReplicasAnnotations,
  sumReplicas,
} from './util.js';

/**
 * Sets a ReplicaSet's size (and its desired/max replicas annotations), recording a ScalingReplicaSet
 * event when the size changed. Returns the ReplicaSet as written.
 */
export async function scaleReplicaSet(c: SyncContext, rs: ReplicaSet, newScale: number, d: Deployment, rsList?: ReplicaSet[]): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const oldScale = replicasOf(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const updated = await c.replicaSets.inNamespace(rs.metadata.namespace).update(copy);
  if (rsList) replaceIn(rsList, updated);
  if (sizeNeedsUpdate) {
    const op = oldScale < newScale ? 'up' : 'down';
    c.recorder.event(subject(d), 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/** Scales proportionally on a scaling event or while paused (upstream's scale). */
export async function scale(c: SyncContext, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
  // One active ReplicaSet (or none): it (or the newest) takes the whole size.
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) === replicasOf(d)) return;
    await scaleReplicaSet(c, activeOrLatest, replicasOf(d), d);
    return;
  }
  // A saturated new ReplicaSet: the old ones go to zero.
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleReplicaSet(c, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - sumReplicas(all);
  // Larger ones first; same size: newer first when growing, older first when shrinking.
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = getProportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name!, replicasOf(rs) + p);
      added += p;
    } else sizes.set(rs.metadata.name!, replicasOf(rs));
  }
  for (let i = 0; i < all.length; i++) {
    const rs = all[i]!;
    // Leftovers go to the largest.
    if (i === 0 && toAdd !== 0) sizes.set(rs.metadata.name!, Math.max(0, sizes.get(rs.metadata.name!)! + toAdd - added));
    await scaleReplicaSet(c, rs, sizes.get(rs.metadata.name!)!, d);
  }
}

/** Deletes the oldest ReplicaSets beyond revisionHistoryLimit that have no pods left. */
export async function cleanupDeployment(c: SyncContext, oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - (d.spec.revisionHistoryLimit ?? 0);
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
    try {
      await c.replicaSets.inNamespace(rs.metadata.namespace).delete(rs.metadata.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** spec.replicas differs from what an active ReplicaSet was sized for (its desired-replicas annotation). */
export async function isScalingEvent(c: SyncContext, d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, d, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const v = rs.metadata.annotations?.[DESIRED_REPLICAS];
    if (v === undefined || !/^-?\d+$/.test(v)) continue;
    if (Number(v) !== replicasOf(d)) return true;
  }
  return false;
}

/** Scaling and cleanup only: while paused, or on a scaling event (upstream's sync). */
export async function syncScaling(c: SyncContext, d: Deployment, rsList: ReplicaSet[]): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, d, rsList, false);
  await scale(c, d, newRS, oldRSs);
  if (d.spec.paused) await cleanupDeployment(c, oldRSs, d);
  return { newRS, oldRSs };
}
