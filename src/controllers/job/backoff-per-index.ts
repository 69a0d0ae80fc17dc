// spec.backoffLimitPerIndex (Indexed Jobs): each index has its own failure budget. A pod carries the
// failures of its index so far in the job-index-failure-count annotation (and the failures a
// podFailurePolicy Ignore rule skipped in job-index-ignored-failure-count); an index whose failures
// exceed the limit, or whose pod matched a FailIndex rule, is failed for good and listed in
// status.failedIndexes. The last failed pod of an index keeps its tracking finalizer until its
// replacement exists, so the replacement can inherit the counts; replacements wait an exponential
// back-off of their own index.

import { remainingBackoffMs } from './backoff.js';
import type { SyncCtx } from './deps.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { completionIndex, hasIndex, parseIntervals, withIndexes, type Intervals } from './indexes.js';
import { completionsOf, isPodFailed } from './jobutil.js';
import { finishedTime, hasTrackingFinalizer } from './pods.js';
import { JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT, type Job, type Pod } from './types.js';

const MAX_INT32 = 2147483647;

/** An annotation as a count: missing, unparsable or out of int32 range reads as 0. */
function countAnnotation(p: Pod, key: string): number {
  const v = p.metadata.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > MAX_INT32 ? 0 : n;
}

export function indexFailureCount(p: Pod): number {
  return countAnnotation(p, JOB_INDEX_FAILURE_COUNT);
}

export function indexIgnoredFailureCount(p: Pod): number {
  return countAnnotation(p, JOB_INDEX_IGNORED_FAILURE_COUNT);
}

/** Every failure of the index before this pod, ignored ones included. */
function absoluteFailureCount(p: Pod): number {
  return indexFailureCount(p) + indexIgnoredFailureCount(p);
}

/** The pod's failure fails its index: a FailIndex rule matched, or a counted failure exceeds the limit. */
export function isIndexFailed(job: Job, p: Pod): boolean {
  if (!isPodFailed(p, job)) return false;
  let counted = true;
  if (job.spec?.podFailurePolicy) {
    const m = matchPodFailurePolicy(job, p);
    if (m.action === 'FailIndex') return true;
    counted = m.countFailed;
  }
  return counted && indexFailureCount(p) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** status.failedIndexes plus the indexes whose not yet counted pods failed them. */
export function calculateFailedIndexes(job: Job, pods: Pod[]): Intervals {
  const completions = completionsOf(job) ?? 0;
  const prev = parseIntervals(job.status?.failedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix >= 0 && ix < completions && hasTrackingFinalizer(p) && isIndexFailed(job, p)) fresh.add(ix);
  }
  return withIndexes(
    prev,
    [...fresh].sort((a, b) => a - b),
  );
}

/**
 * Per index still to be retried (not succeeded, not failed, no active pod): its latest failed pod,
 * whose finalizer stays until the replacement is created.
 */
export function podsWithDelayedDeletion(ctx: SyncCtx): Map<number, Pod> {
  const job = ctx.job;
  const completions = completionsOf(job) ?? 0;
  const active = new Set(ctx.activePods.map(completionIndex).filter((ix) => ix >= 0));
  const out = new Map<number, Pod>();
  for (const p of ctx.pods) {
    if (!hasTrackingFinalizer(p) || ctx.expectedRmFinalizers.has(p.metadata.uid!) || !isPodFailed(p, job)) continue;
    const ix = completionIndex(p);
    if (ix < 0 || ix >= completions) continue;
    if (hasIndex(ctx.succeededIndexes, ix) || hasIndex(ctx.failedIndexes ?? [], ix) || active.has(ix)) continue;
    const last = out.get(ix);
    if (!last || (absoluteFailureCount(last) <= absoluteFailureCount(p) && finishedTime(p) >= finishedTime(last))) out.set(ix, p);
  }
  return out;
}

/** The failure counts a replacement of `replaced` (undefined: the index's first pod) starts with. */
export function newIndexFailureCounts(job: Job, replaced: Pod | undefined): { failed: number; ignored: number } {
  if (!replaced) return { failed: 0, ignored: 0 };
  let failed = indexFailureCount(replaced);
  let ignored = indexIgnoredFailureCount(replaced);
  if (!job.spec?.podFailurePolicy || matchPodFailurePolicy(job, replaced).countFailed) failed++;
  else ignored++;
  return { failed, ignored };
}

/** The annotations a new pod of the index gets. */
export function indexFailureAnnotations(job: Job, replaced: Pod | undefined): Record<string, string> {
  const c = newIndexFailureCounts(job, replaced);
  return { [JOB_INDEX_FAILURE_COUNT]: String(c.failed), ...(c.ignored > 0 ? { [JOB_INDEX_IGNORED_FAILURE_COUNT]: String(c.ignored) } : {}) };
}

/** How long the index waits before its replacement pod (10 s doubling per failure, at most 6 min). */
export function remainingIndexBackoffMs(lastFailed: Pod | undefined, now: number): number {
  if (!lastFailed) return 0;
  return remainingBackoffMs({ key: '', failuresAfterLastSuccess: absoluteFailureCount(lastFailed) + 1, lastFailureTime: finishedTime(lastFailed) }, now);
}

/** The indexes whose back-off is over; when none is, the shortest wait left. */
export function indexesReadyNow(indexes: number[], delayed: Map<number, Pod>, now: number): { ready: number[]; waitMs: number } {
  const ready: number[] = [];
  let waitMs: number | undefined;
  for (const ix of indexes) {
    const w = remainingIndexBackoffMs(delayed.get(ix), now);
    if (w === 0) ready.push(ix);
    else if (waitMs === undefined || w < waitMs) waitMs = w;
  }
  return { ready, waitMs: ready.length > 0 ? 0 : (waitMs ?? 0) };
}
