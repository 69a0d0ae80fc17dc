// Keeping the right number of pods running (upstream's manageJob): delete extra or suspended pods,
// or create missing ones — in slow-start batches, after the failure backoff, with completion indexes
// for Indexed Jobs and the tracking finalizer on every pod.

import { newControllerRef } from '../../machinery/controller/index.js';
import { isNotFound } from '../../machinery/client/index.js';
import { remainingBackoffMs } from './backoff.js';
import { indexesReadyNow, indexFailureAnnotations } from './backoff-per-index.js';
import type { JobDeps, SyncCtx } from './deps.js';
import { addCompletionIndexEnv, completionIndex, firstPendingIndexes, generateNameWithIndex, withIndexes } from './indexes.js';
import { completionsOf, hasBackoffLimitPerIndex, isIndexed, isSuspended, onlyReplaceFailedPods } from './jobutil.js';
import { isNamespaceTerminating, REMOVE_FINALIZER_PATCH } from './podcontrol.js';
import { compareForDeletion, hasTrackingFinalizer, isPodReady, isPodTerminating } from './pods.js';
import { JOB_COMPLETION_INDEX, JOB_GVK, JOB_TRACKING_FINALIZER, type Job, type Pod, type PodTemplateSpec } from './types.js';

export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** Pods to remove: for Indexed Jobs duplicates and pods without a valid index first, then the least progressed. */
export function activePodsForRemoval(job: Job, pods: Pod[], rmAtLeast: number): Pod[] {
  const rm: Pod[] = [];
  let left: Pod[] = pods;
  if (isIndexed(job)) {
    left = [];
    const completions = completionsOf(job) ?? 0;
    const byIndex = new Map<number, Pod[]>();
    for (const p of pods) {
      const ix = completionIndex(p);
      if (ix < 0 || ix >= completions) rm.push(p);
      else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
    }
    for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
      const same = byIndex.get(ix)!.sort(compareForDeletion);
      rm.push(...same.slice(0, -1));
      left.push(same[same.length - 1]!);
    }
  }
  if (rm.length < rmAtLeast) rm.push(...[...left].sort(compareForDeletion).slice(0, rmAtLeast - rm.length));
  return rm;
}

interface Removal {
  deletedReady: number;
  deleted: number;
  err?: unknown;
}

/** Removes the finalizer, then deletes each pod (suspended Jobs, too many pods). */
export async function deleteJobPods(d: JobDeps, ctx: SyncCtx, pods: Pod[]): Promise<Removal> {
  const out: Removal = { deletedReady: 0, deleted: pods.length };
  await Promise.all(
    pods.map(async (pod) => {
      const fail = (err: unknown) => {
        d.expectations.deletionObserved(ctx.key);
        if (isNotFound(err)) return;
        out.deleted--;
        out.err ??= err;
      };
      if (hasTrackingFinalizer(pod)) {
        try {
          await d.podControl.patch(pod.metadata.namespace, pod.metadata.name!, REMOVE_FINALIZER_PATCH);
        } catch (err) {
          fail(err);
          return;
        }
      }
      try {
        await d.podControl.delete(ctx.job, pod.metadata.name!);
      } catch (err) {
        fail(err);
      }
      if (isPodReady(pod)) out.deletedReady++;
    }),
  );
  return out;
}

/** Deletes active pods of a finishing Job, keeping their finalizers (they are counted first). */
export async function deleteActivePods(d: JobDeps, ctx: SyncCtx, pods: Pod[]): Promise<Removal> {
  const out: Removal = { deletedReady: 0, deleted: pods.length };
  await Promise.all(
    pods.map(async (pod) => {
      try {
        await d.podControl.delete(ctx.job, pod.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) {
          out.deleted--;
          out.err ??= err;
        }
      }
      if (isPodReady(pod)) out.deletedReady++;
    }),
  );
  return out;
}

function wantedActive(job: Job, ctx: SyncCtx, active: number): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = completionsOf(job);
  if (completions === undefined) return ctx.succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
}

function podTemplateFor(job: Job): PodTemplateSpec {
  const t = structuredClone(job.spec?.template ?? {});
  if (isIndexed(job)) addCompletionIndexEnv(t);
  t.metadata ??= {};
  const fins = t.metadata.finalizers ?? [];
  if (!fins.includes(JOB_TRACKING_FINALIZER)) t.metadata.finalizers = [...fins, JOB_TRACKING_FINALIZER];
  return t;
}

function withIndex(ctx: SyncCtx, base: PodTemplateSpec, ix: number): PodTemplateSpec {
  const job = ctx.job;
  const t = structuredClone(base);
  t.metadata ??= {};
  t.metadata.annotations = { ...(t.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(ix) };
  if (hasBackoffLimitPerIndex(job)) Object.assign(t.metadata.annotations, indexFailureAnnotations(job, ctx.podsWithDelayedDeletion?.get(ix)));
  t.metadata.labels = { ...(t.metadata.labels ?? {}), [JOB_COMPLETION_INDEX]: String(ix) };
  t.spec = { ...(t.spec ?? {}), hostname: `${job.metadata.name}-${ix}` };
  return t;
}

/** Creates `diff` pods in batches of 1, 2, 4 … stopping at the first batch with a failure. */
async function createPods(d: JobDeps, ctx: SyncCtx, diff: number, indexes: number[]): Promise<{ created: number; err?: unknown }> {
  const job = ctx.job;
  d.expectations.expectCreations(ctx.key, diff);
  const base = podTemplateFor(job);
  const controllerRef = newControllerRef(job, JOB_GVK);
  let created = 0;
  let firstErr: unknown;
  let remaining = diff;
  for (let batch = Math.min(remaining, SLOW_START_INITIAL_BATCH_SIZE); remaining > 0; batch = Math.min(2 * batch, remaining)) {
    let failed = false;
    await Promise.all(
      Array.from({ length: batch }, async () => {
        const ix = indexes.shift();
        const template = ix === undefined ? base : withIndex(ctx, base, ix);
        const generateName = ix === undefined ? `${job.metadata.name}-` : generateNameWithIndex(job.metadata.name ?? '', ix);
        try {
          await d.podControl.create(job, template, { generateName, controllerRef });
          created++;
        } catch (err) {
          if (isNamespaceTerminating(err)) return;
          d.expectations.creationObserved(ctx.key);
          failed = true;
          firstErr ??= err;
        }
      }),
    );
    remaining -= batch;
    if (failed && remaining > 0) {
      d.expectations.lower(ctx.key, remaining, 0);
      break;
    }
  }
  return { created, ...(firstErr !== undefined ? { err: firstErr } : {}) };
}

/** Returns the number of active pods afterwards, and the first error. */
export async function manageJob(d: JobDeps, ctx: SyncCtx): Promise<{ active: number; err?: unknown }> {
  const job = ctx.job;
  let active = ctx.activePods.length;
  const adjust = (r: Removal) => {
    active -= r.deleted;
    ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    return { active, ...(r.err !== undefined ? { err: r.err } : {}) };
  };
  if (isSuspended(job)) {
    const toDelete = activePodsForRemoval(job, ctx.activePods, active);
    d.expectations.expectDeletions(ctx.key, toDelete.length);
    return adjust(await deleteJobPods(d, ctx, toDelete));
  }
  const want = wantedActive(job, ctx, active);
  const toDelete = activePodsForRemoval(job, ctx.activePods, Math.max(0, active - want)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    d.expectations.expectDeletions(ctx.key, toDelete.length);
    return adjust(await deleteJobPods(d, ctx, toDelete));
  }
  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = want - terminating - active;
  if (diff <= 0) return { active };
  if (!hasBackoffLimitPerIndex(job)) {
    const wait = remainingBackoffMs(ctx.newBackoffRecord, d.clock.now());
    if (wait > 0) {
      d.enqueueAfter(ctx.key, wait);
      return { active };
    }
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] = [];
  if (isIndexed(job)) {
    let taken = withIndexes(
      ctx.succeededIndexes,
      [...new Set(ctx.activePods.map(completionIndex).filter((x) => x >= 0))].sort((a, b) => a - b),
    );
    if (onlyReplaceFailedPods(job)) {
      const term = [...new Set(ctx.pods.filter(isPodTerminating).map(completionIndex).filter((x) => x >= 0))].sort((a, b) => a - b);
      taken = withIndexes(taken, term);
    }
    if (ctx.failedIndexes) taken = withIndexes(taken, ctx.failedIndexes.flatMap((iv) => Array.from({ length: iv.last - iv.first + 1 }, (_, i) => iv.first + i)));
    indexes = firstPendingIndexes(taken, diff, completionsOf(job) ?? 0);
    if (hasBackoffLimitPerIndex(job)) {
      const r = indexesReadyNow(indexes, ctx.podsWithDelayedDeletion ?? new Map(), d.clock.now());
      if (r.waitMs > 0) {
        d.enqueueAfter(ctx.key, r.waitMs);
        return { active };
      }
      indexes = r.ready;
    }
    diff = indexes.length;
    if (diff === 0) return { active };
  }
  const r = await createPods(d, ctx, diff, indexes);
  active += r.created;
  return { active, ...(r.err !== undefined ? { err: r.err } : {}) };
}
