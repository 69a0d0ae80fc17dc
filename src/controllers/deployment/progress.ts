// The rollout's status and conditions (upstream's syncRolloutStatus): Progressing tells whether the
// new ReplicaSet is making progress (ReplicaSetUpdated), done (NewReplicaSetAvailable) or stuck past
// progressDeadlineSeconds (ProgressDeadlineExceeded); ReplicaFailure is carried over from the
// ReplicaSets; a rollout that has not finished is checked again when its deadline would pass.

import { writeDeploymentStatus, type SyncContext } from './context.js';
import { calculateStatus, sameStatus } from './status.js';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from './types.js';
import {
  conditionUpdatedAt,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  Reason,
  removeCondition,
  setCondition,
} from './util.js';

/** ReplicaFailure conditions of the new ReplicaSet, else of any ReplicaSet, as Deployment conditions. */
function replicaFailures(allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const convert = (rs: ReplicaSet | undefined) =>
    (rs?.status?.conditions ?? [])
      .filter((c) => c.type === 'ReplicaFailure')
      .map((c) => ({ type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime ?? '', lastTransitionTime: c.lastTransitionTime ?? '', reason: c.reason ?? '', message: c.message ?? '' }));
  const fromNew = convert(newRS);
  return fromNew.length ? fromNew : allRSs.flatMap(convert);
}

export async function syncRolloutStatus(c: SyncContext, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const now = c.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewRSAvailable;
  if (hasProgressDeadline(d) && !complete) {
    if (deploymentComplete(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', Reason.NewRSAvailable, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const cond = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, msg, now);
      // Progress refreshes lastUpdateTime even with the same reason; lastTransitionTime stays while True.
      if (current) {
        if (current.status === 'True' && current.lastTransitionTime) cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(status, newCondition('Progressing', 'False', Reason.TimedOut, msg, now));
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  if (failures.length) setCondition(status, failures[0]!);
  else removeCondition(status, 'ReplicaFailure');

  if (sameStatus(d.status, status)) {
    requeueStuckDeployment(c, d, status);
    return;
  }
  d.status = status;
  await writeDeploymentStatus(c, d);
}

/** Schedules a progress check for when the deadline would pass (upstream's requeueStuckDeployment). */
function requeueStuckDeployment(c: SyncContext, d: Deployment, status: DeploymentStatus): void {
  const cond = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return;
  if (deploymentComplete(d, status) || cond.reason === Reason.TimedOut) return;
  const after = conditionUpdatedAt(cond) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - c.now();
  if (after < 1000) {
    c.requeueRateLimited(d);
    return;
  }
  // A second more, against clock skew between the timestamp's whole seconds and now.
  c.requeueAfter(d, after + 1000);
}
