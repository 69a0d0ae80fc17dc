// One Job sync (upstream's syncJob): claim pods, count what finished, decide whether the Job failed
// (backoffLimit, activeDeadlineSeconds, podFailurePolicy, backoffLimitPerIndex / maxFailedIndexes)
// or succeeded, otherwise keep the right number of pods running; then record status and release
// finished pods.

import type { KubeObject, OwnerReference } from '../../api/types.js';
import { claimObjects } from '../../machinery/controller/index.js';
import { splitMetaNamespaceKey } from '../../machinery/informers/index.js';
import { fromLabelSelector } from '../../machinery/labels/index.js';
import { ensureCondition, findCondition, isJobFinished, newCondition, rfc3339, successCriteriaMet } from './conditions.js';
import type { JobDeps, SyncCtx } from './deps.js';
import { calculateFailedIndexes, podsWithDelayedDeletion } from './backoff-per-index.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { completionIndex, parseIntervals, totalOf, withIndexes } from './indexes.js';
import { backoffLimitOf, completionsOf, hasBackoffLimitPerIndex, isIndexed, isPodFailed, isSuspended, managedByExternal } from './jobutil.js';
import { deleteActivePods, manageJob } from './manage.js';
import { jobRef } from './podcontrol.js';
import { hasTrackingFinalizer, isPodActive, isPodReady, isPodTerminating } from './pods.js';
import { matchSuccessPolicy } from './success-policy.js';
import { trackJobStatusAndRemoveFinalizers } from './tracking.js';
import { JOB_GVK, JOB_TRACKING_FINALIZER, type Condition, type Job, type Pod } from './types.js';

/** The Job's pods: owned ones, plus matching orphans it adopts (adding the tracking finalizer). */
async function podsForJob(d: JobDeps, job: Job): Promise<Pod[]> {
  const selector = fromLabelSelector(job.spec?.selector);
  const all = d.podLister.list(job.metadata.namespace);
  const uid = job.metadata.uid!;
  const claimed = (await claimObjects(all, {
    owner: job,
    gvk: JOB_GVK,
    matches: (p) => selector.matches(p.metadata.labels ?? {}),
    adopt: async (p: KubeObject, ref: OwnerReference) => {
      await d.podControl.patch(p.metadata.namespace, p.metadata.name!, { metadata: { ownerReferences: [ref], uid: p.metadata.uid, finalizers: [JOB_TRACKING_FINALIZER] } });
    },
    release: async (p: KubeObject) => {
      await d.podControl.patch(p.metadata.namespace, p.metadata.name!, {
        metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: p.metadata.uid, [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] },
      });
    },
  })) as Pod[];
  const owned = new Set(all.filter((p) => (p.metadata.ownerReferences ?? []).some((r) => r.uid === uid)).map((p) => p.metadata.uid));
  // Pods adopted just now carry the finalizer on the server; count them as such already.
  return claimed.map((p) => {
    const adopted = !owned.has(p.metadata.uid);
    if (!adopted || hasTrackingFinalizer(p)) return p;
    return { ...p, metadata: { ...p.metadata, finalizers: [...(p.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER] } };
  });
}

/** Finished pods not counted yet: they have the finalizer and are in no uncounted list. */
function newFinishedPods(ctx: SyncCtx): { succeeded: Pod[]; failed: Pod[] } {
  const completions = completionsOf(ctx.job) ?? 0;
  const valid = (p: Pod, uncounted: Set<string>) => {
    const uid = p.metadata.uid!;
    if (!hasTrackingFinalizer(p) || uncounted.has(uid) || ctx.expectedRmFinalizers.has(uid)) return false;
    if (!isIndexed(ctx.job)) return true;
    const ix = completionIndex(p);
    return ix >= 0 && ix < completions;
  };
  return {
    succeeded: ctx.pods.filter((p) => valid(p, ctx.uncountedSucceeded) && p.status?.phase === 'Succeeded'),
    failed: ctx.pods.filter((p) => valid(p, ctx.uncountedFailed) && isPodFailed(p, ctx.job)),
  };
}

/** restartPolicy OnFailure: container restarts in running pods reach backoffLimit. */
function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let n = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const cs of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) n += cs.restartCount ?? 0;
  }
  const limit = backoffLimitOf(job);
  return limit === 0 ? n > 0 : n >= limit;
}

function pastActiveDeadline(job: Job, now: number): boolean {
  const ads = job.spec?.activeDeadlineSeconds;
  const start = job.status?.startTime;
  if (ads === undefined || ads === null || !start || isSuspended(job)) return false;
  return now - Date.parse(start) >= ads * 1000;
}

function failJobMessage(job: Job, pods: Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) if (isPodFailed(p, job)) {
    const m = matchPodFailurePolicy(job, p).failJobMessage;
    if (m !== undefined) return m;
  }
  return undefined;
}

/** The failure (or success) the Job reached, if any, before pods are managed. */
function finishedByFailure(d: JobDeps, ctx: SyncCtx, now: number): Condition | undefined {
  const job = ctx.job;
  const existing = successCriteriaMet(job);
  if (existing) return existing;
  const target = findCondition(job, 'FailureTarget');
  if (target?.status === 'True') return newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
  const msg = failJobMessage(job, ctx.pods);
  if (msg !== undefined) return newCondition('FailureTarget', 'True', 'PodFailurePolicy', msg, now);
  if (ctx.failed > backoffLimitOf(job) || pastBackoffLimitOnFailure(job, ctx.pods)) {
    return newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
  }
  if (pastActiveDeadline(job, now)) return newCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
  const ads = job.spec?.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null && !isSuspended(job) && job.status?.startTime) {
    d.enqueueAfter(ctx.key, ads * 1000 - (now - Date.parse(job.status.startTime)));
  }
  return undefined;
}

/** Suspended / resumed bookkeeping after pods were managed; true when a condition changed. */
function updateSuspendCondition(d: JobDeps, job: Job, now: number): boolean {
  if (isSuspended(job)) {
    const changed = ensureCondition(job, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }, now);
    if (changed) d.recorder.event(jobRef(job), 'Normal', 'Suspended', 'Job suspended');
    return changed;
  }
  const changed = ensureCondition(job, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }, now);
  if (changed) {
    d.recorder.event(jobRef(job), 'Normal', 'Resumed', 'Job resumed');
    job.status!.startTime = rfc3339(now);
  }
  return changed;
}

export async function syncJob(d: JobDeps, key: string): Promise<void> {
  const { namespace, name } = splitMetaNamespaceKey(key);
  const shared = d.jobLister.get(namespace, name);
  if (!shared) {
    d.expectations.delete(key);
    d.finalizerExpectations.delete(key);
    d.backoff.remove(key);
    return;
  }
  if (managedByExternal(shared)) return;
  const job = structuredClone(shared);
  if (isJobFinished(job)) {
    d.backoff.remove(key);
    return;
  }
  const mode = job.spec?.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
    d.recorder.event(jobRef(job), 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
    return;
  }
  const status = (job.status ??= {});
  const uncounted = (status.uncountedTerminatedPods ??= {});
  const satisfied = d.expectations.satisfied(key);
  const pods = await podsForJob(d, job);
  const activePods = pods.filter(isPodActive);
  const ctx: SyncCtx = {
    key,
    job,
    pods,
    activePods,
    succeeded: 0,
    failed: 0,
    prevSucceededIndexes: [],
    succeededIndexes: [],
    newBackoffRecord: { key, failuresAfterLastSuccess: 0 },
    expectedRmFinalizers: d.finalizerExpectations.get(key),
    uncountedSucceeded: new Set(uncounted.succeeded ?? []),
    uncountedFailed: new Set(uncounted.failed ?? []),
    terminating: pods.filter(isPodTerminating).length,
    ready: activePods.filter(isPodReady).length,
  };
  let active = activePods.length;
  const fresh = newFinishedPods(ctx);
  ctx.succeeded = (status.succeeded ?? 0) + fresh.succeeded.length + ctx.uncountedSucceeded.size;
  ctx.failed = (status.failed ?? 0) + fresh.failed.filter((p) => matchPodFailurePolicy(job, p).countFailed).length + ctx.uncountedFailed.size;
  const now = d.clock.now();
  if (!status.startTime && !isSuspended(job)) status.startTime = rfc3339(now);
  ctx.newBackoffRecord = d.backoff.next(key, fresh.succeeded, fresh.failed);

  ctx.finished = finishedByFailure(d, ctx, now);
  if (isIndexed(job)) {
    const completions = completionsOf(job) ?? 0;
    ctx.prevSucceededIndexes = parseIntervals(status.completedIndexes, completions);
    const newly = pods.filter((p) => p.status?.phase === 'Succeeded' && hasTrackingFinalizer(p)).map(completionIndex).filter((ix) => ix >= 0 && ix < completions);
    ctx.succeededIndexes = withIndexes(
      ctx.prevSucceededIndexes,
      [...new Set(newly)].sort((a, b) => a - b),
    );
    ctx.succeeded = ctx.succeededIndexes.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
    if (hasBackoffLimitPerIndex(job)) {
      ctx.failedIndexes = calculateFailedIndexes(job, pods);
      const failedCount = totalOf(ctx.failedIndexes);
      const maxFailed = job.spec?.maxFailedIndexes;
      if (!ctx.finished && maxFailed !== undefined && maxFailed !== null && failedCount > maxFailed) {
        ctx.finished = newCondition('FailureTarget', 'True', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes', now);
      } else if (!ctx.finished && failedCount > 0 && failedCount + ctx.succeeded >= completions) {
        ctx.finished = newCondition('FailureTarget', 'True', 'FailedIndexes', 'Job has failed indexes', now);
      }
      ctx.podsWithDelayedDeletion = podsWithDelayedDeletion(ctx);
    }
    const met = ctx.finished ? undefined : matchSuccessPolicy(job, completions, ctx.succeededIndexes);
    if (met !== undefined) ctx.finished = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', met, now);
  }

  let manageErr: unknown;
  let suspendChanged = false;
  if (ctx.finished) {
    const r = await deleteActivePods(d, ctx, activePods);
    if (r.deleted !== active || !satisfied) delete ctx.finished;
    active -= r.deleted;
    ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    manageErr = r.err;
  } else {
    let managed = false;
    if (satisfied && !job.metadata.deletionTimestamp) {
      const r = await manageJob(d, ctx);
      active = r.active;
      manageErr = r.err;
      managed = true;
    }
    const completions = completionsOf(job);
    const complete = completions === undefined ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
    if (complete) ctx.finished = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
    else if (managed) suspendChanged = updateSuspendCondition(d, job, now);
  }
  const needsUpdate = suspendChanged || active !== (status.active ?? 0) || ctx.ready !== status.ready || ctx.terminating !== status.terminating;
  status.active = active;
  status.ready = ctx.ready;
  status.terminating = ctx.terminating;
  await trackJobStatusAndRemoveFinalizers(d, ctx, needsUpdate);
  if (manageErr !== undefined) throw manageErr;
}
