// Job conditions (Complete, Failed, SuccessCriteriaMet, FailureTarget, Suspended) and the questions
// asked about them.

import type { Condition, Job } from './types.js';

export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function newCondition(type: string, status: string, reason: string, message: string, now: number): Condition {
  const t = rfc3339(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

export function findCondition(job: Job, type: string): Condition | undefined {
  return (job.status?.conditions ?? []).find((c) => c.type === type);
}

function isTrue(job: Job, type: string): boolean {
  return findCondition(job, type)?.status === 'True';
}

/** Complete or Failed is True. */
export function isJobFinished(job: Job): boolean {
  return isTrue(job, 'Complete') || isTrue(job, 'Failed');
}

export function isJobSucceeded(job: Job): boolean {
  return isTrue(job, 'Complete');
}

/** The SuccessCriteriaMet condition when it is True. */
export function successCriteriaMet(job: Job): Condition | undefined {
  const c = findCondition(job, 'SuccessCriteriaMet');
  return c?.status === 'True' ? c : undefined;
}

/**
 * Sets a condition (a new one when status, reason or message changed); adding a False condition
 * that was never there is a no-op. Returns whether the list changed.
 */
export function ensureCondition(job: Job, c: Omit<Condition, 'lastProbeTime' | 'lastTransitionTime'>, now: number): boolean {
  const status = (job.status ??= {});
  const list = (status.conditions ??= []);
  const i = list.findIndex((x) => x.type === c.type);
  if (i >= 0) {
    const cur = list[i]!;
    if (cur.status === c.status && (cur.reason ?? '') === (c.reason ?? '') && (cur.message ?? '') === (c.message ?? '')) return false;
    list[i] = newCondition(c.type, c.status, c.reason ?? '', c.message ?? '', now);
    return true;
  }
  if (c.status === 'False') return false;
  list.push(newCondition(c.type, c.status, c.reason ?? '', c.message ?? '', now));
  return true;
}
