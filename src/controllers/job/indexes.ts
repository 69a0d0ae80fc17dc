// Indexed Jobs: completion indexes on pods, and sets of indexes kept as ordered intervals and written
// as "1,3-5,7" in status.completedIndexes / status.failedIndexes (upstream's orderedIntervals).

import type { Pod, PodTemplateSpec } from './types.js';
import { JOB_COMPLETION_INDEX } from './types.js';

export interface Interval {
  first: number;
  last: number;
}

export type Intervals = Interval[];

/** The pod's completion index, or -1 when missing or invalid. */
export function completionIndex(p: Pod): number {
  const v = p.metadata.annotations?.[JOB_COMPLETION_INDEX];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return -1;
  const n = Number(v);
  return n < 0 || !Number.isSafeInteger(n) ? -1 : n;
}

/** Merges two interval lists (each ordered), joining adjacent and overlapping intervals. */
export function mergeIntervals(a: Intervals, b: Intervals): Intervals {
  const out: Intervals = [];
  let i = 0;
  let j = 0;
  const push = (iv: Interval) => {
    const last = out[out.length - 1];
    if (!last || iv.first > last.last + 1) out.push({ ...iv });
    else if (last.last < iv.last) last.last = iv.last;
  };
  while (i < a.length && j < b.length) push(a[i]!.first < b[j]!.first ? a[i++]! : b[j++]!);
  while (i < a.length) push(a[i++]!);
  while (j < b.length) push(b[j++]!);
  return out;
}

/** The intervals with more indexes (given in increasing order). */
export function withIndexes(iv: Intervals, indexes: number[]): Intervals {
  return mergeIntervals(
    iv,
    indexes.map((x) => ({ first: x, last: x })),
  );
}

export function totalOf(iv: Intervals): number {
  let n = 0;
  for (const x of iv) n += x.last - x.first + 1;
  return n;
}

export function hasIndex(iv: Intervals, ix: number): boolean {
  return iv.some((x) => x.first <= ix && ix <= x.last);
}

/** "0,2-4": two adjacent indexes are written "5,6", longer runs as ranges. */
export function formatIntervals(iv: Intervals): string {
  return iv.map((x) => (x.last === x.first ? `${x.first}` : x.last === x.first + 1 ? `${x.first},${x.last}` : `${x.first}-${x.last}`)).join(',');
}

/** Parses status.completedIndexes, ignoring corrupt parts and indexes ≥ completions. */
export function parseIntervals(s: string | undefined, completions: number): Intervals {
  if (!s) return [];
  const out: Intervals = [];
  for (const part of s.split(',')) {
    const limits = part.split('-');
    const first = /^\d+$/.test(limits[0] ?? '') ? Number(limits[0]) : NaN;
    if (Number.isNaN(first)) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      last = /^\d+$/.test(limits[1] ?? '') ? Number(limits[1]) : NaN;
      if (Number.isNaN(last)) continue;
      if (last >= completions) last = completions - 1;
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/** Up to `count` indexes below `completions` not in `taken` (ordered intervals). */
export function firstPendingIndexes(taken: Intervals, count: number, completions: number): number[] {
  const out: number[] = [];
  let candidate = 0;
  for (const iv of taken) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/** `<job>-<index>-`, shortened so a generated name stays within 63 characters. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  const max = 58; // names.MaxGeneratedNameLength: 63 minus the 5 random characters
  return prefix.length > max ? jobName.slice(0, max - suffix.length) + suffix : prefix;
}

/** JOB_COMPLETION_INDEX in every (init) container, from the completion-index label. */
export function addCompletionIndexEnv(t: PodTemplateSpec): void {
  const containers = [...(t.spec?.initContainers ?? []), ...(t.spec?.containers ?? [])];
  for (const c of containers) {
    if ((c.env ?? []).some((e) => e.name === 'JOB_COMPLETION_INDEX')) continue;
    c.env = [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } }];
  }
}
