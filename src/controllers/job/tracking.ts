// Counting finished pods exactly once (upstream's trackJobStatusAndRemoveFinalizers): finished pods
// first go into status.uncountedTerminatedPods, then lose their tracking finalizer, then move into
// the succeeded/failed counters; only then may the Job get its final Complete or Failed condition.

import { isNotFound } from '../../machinery/client/index.js';
import { findCondition, newCondition, successCriteriaMet, ensureCondition } from './conditions.js';
import type { JobDeps, SyncCtx } from './deps.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { completionIndex, formatIntervals, totalOf, withIndexes, hasIndex } from './indexes.js';
import { completionsOf, hasBackoffLimitPerIndex, isIndexed, isPodFailed } from './jobutil.js';
import { REMOVE_FINALIZER_PATCH, jobRef } from './podcontrol.js';
import { hasTrackingFinalizer } from './pods.js';
import type { Condition, Job, JobStatus, Pod } from './types.js';

export const MAX_UNCOUNTED_PODS = 500;

/** Moves uncounted UIDs whose pods lost their finalizer into the counters; true if anything moved. */
function cleanUncounted(status: JobStatus, withFinalizer: Set<string>): boolean {
  const u = (status.uncountedTerminatedPods ??= {});
  let changed = false;
  const keepS = (u.succeeded ?? []).filter((x) => withFinalizer.has(x));
  if (keepS.length !== (u.succeeded ?? []).length) {
    changed = true;
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded ?? []).length - keepS.length;
  }
  const keepF = (u.failed ?? []).filter((x) => withFinalizer.has(x));
  if (keepF.length !== (u.failed ?? []).length) {
    changed = true;
    status.failed = (status.failed ?? 0) + (u.failed ?? []).length - keepF.length;
  }
  if (keepS.length) u.succeeded = keepS;
  else delete u.succeeded;
  if (keepF.length) u.failed = keepF;
  else delete u.failed;
  return changed;
}

function canRemoveFinalizer(ctx: SyncCtx, pod: Pod, considerFailed: boolean): boolean {
  if (ctx.job.metadata.deletionTimestamp || ctx.finished || pod.status?.phase === 'Succeeded') return true;
  if (!considerFailed) return false;
  // backoffLimitPerIndex: the index's last failed pod stays until its replacement carries the counts.
  const ix = completionIndex(pod);
  if (hasBackoffLimitPerIndex(ctx.job) && ix >= 0 && ctx.podsWithDelayedDeletion?.get(ix)?.metadata.uid === pod.metadata.uid) return false;
  return true;
}

/** The status as upstream serializes it: zero counters omitted, pointers (ready, terminating) kept. */
function wireStatus(job: Job): Job {
  const out = structuredClone(job);
  const st = (out.status ??= {});
  for (const k of ['active', 'succeeded', 'failed'] as const) if (!st[k]) delete st[k];
  if (!st.completedIndexes) delete st.completedIndexes;
  st.uncountedTerminatedPods ??= {};
  return out;
}

async function updateStatus(d: JobDeps, ctx: SyncCtx): Promise<void> {
  const updated = await d.jobs.inNamespace(ctx.job.metadata.namespace).updateStatus(wireStatus(ctx.job));
  ctx.job = updated;
  ctx.job.status ??= {};
  ctx.job.status.uncountedTerminatedPods ??= {};
}

/** Removes the finalizer of each pod; returns which removals succeeded (a vanished pod counts). */
async function removeFinalizers(d: JobDeps, ctx: SyncCtx, pods: Pod[]): Promise<{ ok: boolean[]; err?: unknown }> {
  d.finalizerExpectations.expect(
    ctx.key,
    pods.map((p) => p.metadata.uid!),
  );
  let firstErr: unknown;
  const ok = await Promise.all(
    pods.map(async (p) => {
      try {
        await d.podControl.patch(p.metadata.namespace, p.metadata.name!, REMOVE_FINALIZER_PATCH);
        return true;
      } catch (err) {
        d.finalizerExpectations.observed(ctx.key, p.metadata.uid!);
        if (isNotFound(err)) return true;
        firstErr ??= err;
        return false;
      }
    }),
  );
  return { ok, ...(firstErr !== undefined ? { err: firstErr } : {}) };
}

/** Adds the final condition once nothing is left uncounted or terminating. */
function enactJobFinished(d: JobDeps, ctx: SyncCtx): boolean {
  const f = ctx.finished;
  if (!f) return false;
  const u = ctx.job.status?.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  const now = d.clock.now();
  ensureCondition(ctx.job, { type: f.type, status: f.status, reason: f.reason ?? '', message: f.message ?? '' }, now);
  if (f.type === 'Complete') ctx.job.status!.completionTime = findCondition(ctx.job, 'Complete')!.lastTransitionTime ?? undefined;
  return true;
}

function recordJobFinished(d: JobDeps, job: Job, f: Condition): void {
  if (f.type === 'Complete') {
    const completions = completionsOf(job);
    if (completions !== undefined && (job.status?.succeeded ?? 0) > completions) {
      d.recorder.event(jobRef(job), 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    }
    d.recorder.event(jobRef(job), 'Normal', 'Completed', 'Job completed');
  } else d.recorder.event(jobRef(job), 'Warning', f.reason ?? '', f.message ?? '');
}

export async function trackJobStatusAndRemoveFinalizers(d: JobDeps, ctx: SyncCtx, needsFlushIn: boolean): Promise<void> {
  let needsFlush = needsFlushIn;
  const job = ctx.job;
  const status = (job.status ??= {});
  const uncounted = (status.uncountedTerminatedPods ??= {});
  const indexed = isIndexed(job);
  const completions = completionsOf(job) ?? 0;
  const pods = indexed ? [...ctx.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : ctx.pods;
  const withFinalizer = new Set<string>();
  for (const p of pods) if (hasTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata.uid!)) withFinalizer.add(p.metadata.uid!);
  if (cleanUncounted(status, withFinalizer)) needsFlush = true;

  const toRemove: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    const uid = pod.metadata.uid!;
    if (!hasTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uid)) continue;
    const considerFailed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, considerFailed)) continue;
    toRemove.push(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncountedFailed.has(uid)) {
      if (indexed) {
        const ix = completionIndex(pod);
        if (ix >= 0 && ix < completions && !hasIndex(ctx.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!ctx.uncountedSucceeded.has(uid)) {
        needsFlush = true;
        (uncounted.succeeded ??= []).push(uid);
      }
    } else if (considerFailed || (ctx.finished && ctx.finished.type !== 'SuccessCriteriaMet')) {
      const ix = completionIndex(pod);
      if (!ctx.uncountedFailed.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
        if (matchPodFailurePolicy(job, pod).countFailed) {
          needsFlush = true;
          (uncounted.failed ??= []).push(uid);
        }
      }
    }
    if (newSucceededIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    ctx.succeededIndexes = withIndexes(
      ctx.succeededIndexes,
      [...new Set(newSucceededIndexes)].sort((a, b) => a - b),
    );
    const s = formatIntervals(ctx.succeededIndexes);
    if (s !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = totalOf(ctx.succeededIndexes);
    status.completedIndexes = s;
    const f = ctx.failedIndexes ? formatIntervals(ctx.failedIndexes) : undefined;
    if (f !== (status.failedIndexes ?? undefined)) {
      if (f === undefined) delete status.failedIndexes;
      else status.failedIndexes = f;
      needsFlush = true;
    }
  }
  const now = d.clock.now();
  if (ctx.finished?.type === 'FailureTarget') {
    (status.conditions ??= []).push(ctx.finished);
    needsFlush = true;
    ctx.finished = newCondition('Failed', 'True', ctx.finished.reason ?? '', ctx.finished.message ?? '', now);
  }
  if (ctx.finished?.type === 'SuccessCriteriaMet') {
    if (!successCriteriaMet(job)) {
      (status.conditions ??= []).push(ctx.finished);
      needsFlush = true;
    }
    ctx.finished = newCondition('Complete', 'True', ctx.finished.reason ?? '', ctx.finished.message ?? '', now);
  }

  // Flush the uncounted pods (and interim conditions) before removing finalizers.
  if (needsFlush) {
    await updateStatus(d, ctx);
    d.backoff.update(ctx.newBackoffRecord);
    needsFlush = false;
  }
  let rmErr: unknown;
  if (toRemove.length > 0) {
    const r = await removeFinalizers(d, ctx, toRemove);
    r.ok.forEach((ok, i) => ok && withFinalizer.delete(toRemove[i]!.metadata.uid!));
    rmErr = r.err;
  }
  if (cleanUncounted(ctx.job.status!, withFinalizer)) needsFlush = true;
  if (rmErr !== undefined) {
    if (needsFlush) await updateStatus(d, ctx);
    throw rmErr;
  }
  const finished = !reachedMax && enactJobFinished(d, ctx);
  if (finished) needsFlush = true;
  if (needsFlush) {
    await updateStatus(d, ctx);
    if (finished && ctx.finished) recordJobFinished(d, ctx.job, ctx.finished);
  }
}
