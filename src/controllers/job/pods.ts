// Pod predicates and orderings the Job controller uses (upstream's podutil and controller_utils).

import type { Pod } from './types.js';
import { JOB_TRACKING_FINALIZER } from './types.js';

export function isPodReady(p: Pod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Not finished and not being deleted (upstream's FilterActivePods). */
export function isPodActive(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

/** Being deleted but not finished yet (upstream's CountTerminatingPods). */
export function isPodTerminating(p: Pod): boolean {
  const phase = p.status?.phase;
  return !!p.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

export function hasTrackingFinalizer(p: Pod): boolean {
  return (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

function ms(t: string | null | undefined): number {
  const n = t ? Date.parse(t) : NaN;
  return Number.isNaN(n) ? 0 : n;
}

/**
 * When a pod finished: the last container's finish time, else when Ready turned False, else its
 * deletion time less the grace period, else its creation time (upstream's getFinishedTime).
 */
export function finishedTime(p: Pod): number {
  const statuses = p.status?.containerStatuses ?? [];
  let latest: number | undefined;
  for (const cs of statuses) {
    const t = ms(cs.state?.terminated?.finishedAt);
    if (!cs.state?.terminated || t === 0) {
      latest = undefined;
      break;
    }
    latest = latest === undefined ? t : Math.max(latest, t);
  }
  if (latest !== undefined && statuses.length > 0) return latest;
  const ready = (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready && ready.status === 'False' && ms(ready.lastTransitionTime) !== 0) return ms(ready.lastTransitionTime);
  if (p.metadata.deletionTimestamp) return ms(p.metadata.deletionTimestamp) - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return ms(p.metadata.creationTimestamp);
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readySince(p: Pod): number {
  const c = (p.status?.conditions ?? []).find((x) => x.type === 'Ready');
  return ms(c?.lastTransitionTime);
}

function restarts(p: Pod): number {
  let n = 0;
  for (const cs of p.status?.containerStatuses ?? []) n = Math.max(n, cs.restartCount ?? 0);
  return n;
}

/**
 * Orders pods so the ones to delete first come first (upstream's controller.ActivePods): unassigned
 * before assigned, pending before unknown before running, not ready before ready, ready for less time
 * first, more restarts first, newer first.
 */
export function compareForDeletion(a: Pod, b: Pod): number {
  const na = a.spec?.nodeName ? 1 : 0;
  const nb = b.spec?.nodeName ? 1 : 0;
  if (na !== nb) return na - nb;
  const pa = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  if (ra && rb) {
    const ta = readySince(a);
    const tb = readySince(b);
    if (ta !== tb) return tb - ta;
  }
  const xa = restarts(a);
  const xb = restarts(b);
  if (xa !== xb) return xb - xa;
  return ms(b.metadata.creationTimestamp) - ms(a.metadata.creationTimestamp);
}
