// Pod lifecycle questions the StatefulSet controller asks.

import type { Pod } from './types.js';

function ready(p: Pod) {
  return (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
}

/** The kubelet (or the API server) gave it a phase: it exists, not just in our plans. */
export function isCreated(p: Pod): boolean {
  return !!p.status?.phase;
}

export function isPending(p: Pod): boolean {
  return p.status?.phase === 'Pending';
}

export function isFailed(p: Pod): boolean {
  return p.status?.phase === 'Failed';
}

export function isSucceeded(p: Pod): boolean {
  return p.status?.phase === 'Succeeded';
}

export function isTerminating(p: Pod): boolean {
  return !!p.metadata.deletionTimestamp;
}

export function isRunningAndReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && ready(p)?.status === 'True';
}

export function isRunningAndAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  if (!isRunningAndReady(p)) return false;
  if (!minReadySeconds) return true;
  const t = ready(p)?.lastTransitionTime;
  return !!t && Date.parse(t) + minReadySeconds * 1000 < now;
}

export function isHealthy(p: Pod): boolean {
  return isRunningAndReady(p) && !isTerminating(p);
}
