// Small questions about a Job's spec and its pods.

import { JOB_CONTROLLER_NAME, type Job, type Pod } from './types.js';

export function isIndexed(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

export function isSuspended(job: Job): boolean {
  return job.spec?.suspend === true;
}

/** spec.completions (undefined: any success completes the Job). */
export function completionsOf(job: Job): number | undefined {
  const c = job.spec?.completions;
  return c === null || c === undefined ? undefined : c;
}

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;
}

/** spec.backoffLimit, defaulted as the API server does (MaxInt32 with backoffLimitPerIndex, else 6). */
export function backoffLimitOf(job: Job): number {
  const b = job.spec?.backoffLimit;
  if (b !== undefined && b !== null) return b;
  return hasBackoffLimitPerIndex(job) ? 2147483647 : 6;
}

/** Terminating pods are replaced only once they failed (podReplacementPolicy Failed, or a podFailurePolicy). */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;
}

/** Failed, or (unless only failed pods count) being deleted without having succeeded. */
export function isPodFailed(p: Pod, job: Job): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

/** spec.managedBy naming a controller other than this one. */
export function managedByExternal(job: Job): string | undefined {
  const m = job.spec?.managedBy;
  return m && m !== JOB_CONTROLLER_NAME ? m : undefined;
}

export function jobKeyOf(job: Job): string {
  return `${job.metadata.namespace ?? ''}/${job.metadata.name ?? ''}`;
}
