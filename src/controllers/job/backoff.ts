// Exponential delay before replacing failed pods (upstream's backoffStore): per Job, the failures
// since the last success and when the last one happened; the delay is 10 s doubling per failure, at
// most 6 minutes, counted from the last failure.

import { finishedTime } from './pods.js';
import type { Pod } from './types.js';

export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 360_000;

export interface BackoffRecord {
  key: string;
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  /** The record after the newly finished pods are taken into account (not stored yet). */
  next(key: string, newSucceeded: Pod[], newFailed: Pod[]): BackoffRecord {
    const old = this.records.get(key);
    const rec: BackoffRecord = { key, failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0, ...(old?.lastFailureTime !== undefined ? { lastFailureTime: old.lastFailureTime } : {}) };
    const succeeded = newSucceeded.map(finishedTime).sort((a, b) => a - b);
    const failed = newFailed.map(finishedTime).sort((a, b) => a - b);
    if (succeeded.length === 0) {
      if (failed.length === 0) return rec;
      rec.failuresAfterLastSuccess += failed.length;
      rec.lastFailureTime = failed[failed.length - 1]!;
      return rec;
    }
    rec.failuresAfterLastSuccess = 0;
    delete rec.lastFailureTime;
    const lastSuccess = succeeded[succeeded.length - 1]!;
    for (let i = failed.length - 1; i >= 0; i--) {
      if (failed[i]! <= lastSuccess) break;
      rec.lastFailureTime ??= failed[i]!;
      rec.failuresAfterLastSuccess++;
    }
    return rec;
  }

  update(rec: BackoffRecord): void {
    this.records.set(rec.key, rec);
  }

  remove(key: string): void {
    this.records.delete(key);
  }
}

/** How long to wait before creating pods again (0: now). */
export function remainingBackoffMs(rec: BackoffRecord, now: number, baseMs = DEFAULT_POD_FAILURE_BACKOFF_MS, maxMs = MAX_POD_FAILURE_BACKOFF_MS): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let d = baseMs;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    d *= 2;
    if (d >= maxMs) {
      d = maxMs;
      break;
    }
  }
  const elapsed = now - rec.lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}
