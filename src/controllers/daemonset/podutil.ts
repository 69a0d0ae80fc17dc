// Pod readiness and availability, and the order daemon pods on one node are kept in.

import type { Pod } from './types.js';

function readyCondition(p: Pod) {
  return (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
}

export function isPodReady(p: Pod): boolean {
  return readyCondition(p)?.status === 'True';
}

/** Ready for at least minReadySeconds. */
export function isPodAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  const c = readyCondition(p);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const t = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(t) && t + minReadySeconds * 1000 < now;
}

export function isPodTerminal(p: Pod): boolean {
  return p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
}

/** Scheduled pods first, then oldest first, then by name (upstream's podByCreationTimestampAndPhase). */
export function byCreationAndPhase(a: Pod, b: Pod): number {
  const sa = a.spec?.nodeName ? 0 : 1;
  const sb = b.spec?.nodeName ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta === tb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  return Date.parse(ta) - Date.parse(tb);
}

/** An int or a percentage of total, rounded up (upstream's GetScaledValueFromIntOrPercent with roundUp). */
export function scaledValue(v: number | string | undefined, total: number): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number(v);
  if (Number.isInteger(n)) return n;
  throw new Error(`invalid value for IntOrString: invalid value: "${v}"`);
}
