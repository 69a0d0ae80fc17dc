// The Deployment's status from its ReplicaSets (upstream's calculateStatus and
// syncDeploymentStatus), and the Progressing condition while paused (checkPausedConditions).

import { writeDeploymentStatus, type SyncContext } from './context.js';
import { canonicalJSON } from './hash.js';
import type { Deployment, DeploymentStatus, ReplicaSet } from './types.js';
import { getCondition, hasProgressDeadline, maxUnavailable, newCondition, Reason, replicasOf, setCondition, sumReplicas, sumStatus } from './util.js';

export function calculateStatus(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus {
  const available = sumStatus(allRSs, 'availableReplicas');
  const unavailable = Math.max(0, sumReplicas(allRSs) - available);
  const fields: Array<[keyof DeploymentStatus, number]> = [
    ['observedGeneration', d.metadata.generation ?? 0],
    ['replicas', sumStatus(allRSs, 'replicas')],
    ['updatedReplicas', sumStatus([newRS], 'replicas')],
    ['readyReplicas', sumStatus(allRSs, 'readyReplicas')],
    ['availableReplicas', available],
    ['unavailableReplicas', unavailable],
  ];
  const status: DeploymentStatus = {};
  // Zero values are left out, as the API's omitempty fields are.
  for (const [k, v] of fields) if (v) (status as Record<string, number>)[k] = v;
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return canonicalJSON(a ?? {}) === canonicalJSON(b ?? {});
}

export async function syncDeploymentStatus(c: SyncContext, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, c.now());
  if (sameStatus(d.status, status)) return;
  d.status = status;
  await writeDeploymentStatus(c, d);
}

/**
 * Marks the Progressing condition Unknown with DeploymentPaused / DeploymentResumed when the
 * Deployment is paused or resumed, so time spent paused never counts against the deadline.
 */
export async function checkPausedConditions(c: SyncContext, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === Reason.TimedOut) return;
  const pausedCond = cond?.reason === Reason.Paused;
  d.status ??= {};
  if (d.spec.paused && !pausedCond) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reason.Paused, 'Deployment is paused', c.now()));
  } else if (!d.spec.paused && pausedCond) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reason.Resumed, 'Deployment is resumed', c.now()));
  } else return;
  await writeDeploymentStatus(c, d);
}
