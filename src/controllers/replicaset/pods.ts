// Pod predicates and orderings the replica controllers share (upstream's pkg/controller helpers and
// pkg/api/v1/pod): active, ready, available; a pod built from a template; and which pods to delete
// first when scaling down (ActivePodsWithRanks).

import type { KubeObject, OwnerReference } from '../../api/types.js';
import type { Pod, PodCondition, PodTemplateSpec } from './types.js';

/** metav1.Time as the API writes it: RFC 3339 in UTC, whole seconds. */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds since the epoch of an API timestamp; undefined for a missing or zero time. */
export function parseTime(t: string | null | undefined): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) || ms <= Date.parse('0001-01-01T00:00:01Z') ? undefined : ms;
}

/** Not terminating and not in a terminal phase (upstream's IsPodActive). */
export function isPodActive(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

export function podReadyCondition(p: Pod): PodCondition | undefined {
  return p.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(p: Pod): boolean {
  return podReadyCondition(p)?.status === 'True';
}

/** When a ready pod became ready (ms), or undefined. */
export function podReadySince(p: Pod): number | undefined {
  const c = podReadyCondition(p);
  return c?.status === 'True' ? parseTime(c.lastTransitionTime) : undefined;
}

/** Ready for at least minReadySeconds (strictly longer, as upstream compares with Before). */
export function isPodAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(p)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadySince(p);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** Milliseconds until a ready pod becomes available; undefined when it is not ready, already available, or never will be. */
export function msUntilAvailable(p: Pod, minReadySeconds: number, now: number): number | undefined {
  if (!isPodReady(p) || minReadySeconds <= 0) return undefined;
  const since = podReadySince(p);
  if (since === undefined || isPodAvailable(p, minReadySeconds, now)) return undefined;
  return since + minReadySeconds * 1000 - now + 1;
}

export function podKey(p: KubeObject): string {
  return `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;
}

/** A pod for a controller from its template (upstream's GetPodFromTemplate): generateName "<owner>-". */
export function podFromTemplate(template: PodTemplateSpec, owner: KubeObject, ref: OwnerReference): Pod {
  const tm = template.metadata ?? {};
  const metadata: Pod['metadata'] = { generateName: `${owner.metadata.name}-`, ownerReferences: [ref] };
  if (tm.labels && Object.keys(tm.labels).length) metadata.labels = { ...tm.labels };
  if (tm.annotations && Object.keys(tm.annotations).length) metadata.annotations = { ...tm.annotations };
  if (tm.finalizers?.length) metadata.finalizers = [...tm.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(template.spec ?? {}) };
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseOrdinal(p: Pod): number {
  return PHASE_ORDINAL[p.status?.phase ?? ''] ?? 0;
}

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** The pod-deletion-cost annotation (an int32; 0 when absent or invalid). */
export function deletionCost(p: Pod): number {
  const v = p.metadata.annotations?.[DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0;
  const n = Number(v.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function maxRestarts(p: Pod): number {
  let m = 0;
  for (const c of p.status?.containerStatuses ?? []) m = Math.max(m, c.restartCount ?? 0);
  return m;
}

/** "t1 is later than t2, or t1 is zero" (upstream's afterOrZero). */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** Compares how long ago two times were on a log2 scale of nanoseconds (upstream's logarithmicRankDiff). */
function logRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number) => {
    const ns = (now - t) * 1e6;
    return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
  };
  return rank(t1) - rank(t2);
}

function compareTimes(a: Pod, b: Pod, ta: number | undefined, tb: number | undefined, now: number): boolean {
  if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
  const d = logRankDiff(ta, tb, now);
  if (d === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
  return d < 0;
}

export interface RankedPod {
  pod: Pod;
  /** How many related active pods share the pod's node. */
  rank: number;
}

/** True when `a` should be deleted before `b` (upstream's ActivePodsWithRanks.Less, with LogarithmicScaleDown and PodDeletionCost on). */
export function deleteBefore(a: RankedPod, b: RankedPod, now: number): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  // 1. Unassigned before assigned.
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. Pending, then Unknown, then Running.
  if (phaseOrdinal(pa) !== phaseOrdinal(pb)) return phaseOrdinal(pa) < phaseOrdinal(pb);
  // 3. Not ready before ready.
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return !ra;
  // 4. Lower pod-deletion-cost first.
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca < cb;
  // 5. More related pods on the same node first.
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Ready for less time first.
  if (ra && rb) {
    const ta = podReadySince(pa);
    const tb = podReadySince(pb);
    if (ta !== tb) return compareTimes(pa, pb, ta, tb, now);
  }
  // 7. More container restarts first.
  if (maxRestarts(pa) !== maxRestarts(pb)) return maxRestarts(pa) > maxRestarts(pb);
  // 8. Newer first.
  const ka = parseTime(pa.metadata.creationTimestamp);
  const kb = parseTime(pb.metadata.creationTimestamp);
  if (ka !== kb) return compareTimes(pa, pb, ka, kb, now);
  return false;
}

/**
 * The `count` pods to delete first among `pods`; each ranked by how many of `related` (the active
 * pods of every ReplicaSet with the same owner) run on its node (upstream's getPodsToDelete).
 */
export function podsToDelete(pods: Pod[], related: Pod[], count: number, now: number): Pod[] {
  if (count >= pods.length) return pods.slice(0, count);
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? '', (onNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  const ranked: RankedPod[] = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => (deleteBefore(x, y, now) ? -1 : deleteBefore(y, x, now) ? 1 : 0));
  return ranked.slice(0, count).map((r) => r.pod);
}
