// The arithmetic of a disruption budget, free of informers and clients: how many pods a budget
// expects and wants healthy, which approved evictions still count, how many pods are healthy, and
// the status that follows (upstream's getExpectedPodCount, buildDisruptedPodMap, countHealthyPods
// and updatePdbStatus of pkg/controller/disruption).

import type { OwnerReference } from '../../api/types.js';
import {
  conditionsAreUpToDate,
  isPodReady,
  type IntOrString,
  type PodDisruptionBudget,
  type PodDisruptionBudgetStatus,
  updateDisruptionAllowedCondition,
} from '../../api/poddisruptionbudget.js';
import type { KubeObject } from '../../api/types.js';
import { controllerOf } from '../../machinery/controller/index.js';

/** How long an approved eviction keeps a pod out of currentHealthy before the pod is counted again. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export interface Pod extends KubeObject {
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> | null };
}

/** A controller's identity and its desired scale (spec.replicas). */
export interface ControllerScale {
  uid: string;
  scale: number;
}

/** Finds the controller a pod's controller reference names, with its scale; null when it is not one of its kind. */
export type ScaleFinder = (ref: OwnerReference, namespace: string) => Promise<ControllerScale | null>;

/** intstr.GetScaledValueFromIntOrPercent, rounding up. Throws for a string that is not a percentage. */
export function scaledValue(v: IntOrString, total: number): number {
  if (typeof v === 'number') return v;
  if (!v.endsWith('%')) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const s = v.slice(0, -1);
  const n = /^[+-]?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isInteger(n)) throw new Error(`invalid value "${v}": strconv.Atoi: parsing "${s}": invalid syntax`);
  return Math.ceil((n * total) / 100);
}

export interface ExpectedCount {
  expectedCount: number;
  desiredHealthy: number;
  /** Names of selected pods without a controller (their budget cannot be computed from a scale). */
  unmanagedPods: string[];
}

/**
 * The sum of the scales of the controllers of the pods (each controller counted once). Pods without
 * a controller are reported, not counted; a pod whose controller no finder knows is an error.
 */
export async function expectedScale(pods: readonly Pod[], finders: readonly ScaleFinder[]): Promise<{ expectedCount: number; unmanagedPods: string[] }> {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    let found = false;
    for (const finder of finders) {
      const cs = await finder(ref, pod.metadata.namespace ?? '');
      if (cs) {
        scales.set(cs.uid, cs.scale);
        found = true;
        break;
      }
    }
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
  }
  let expectedCount = 0;
  for (const n of scales.values()) expectedCount += n;
  return { expectedCount, unmanagedPods };
}

/** expectedPods and desiredHealthy of a budget over the pods its selector matches. */
export async function expectedPodCount(pdb: PodDisruptionBudget, pods: readonly Pod[], finders: readonly ScaleFinder[]): Promise<ExpectedCount> {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { expectedCount, unmanagedPods } = await expectedScale(pods, finders);
    const maxUnavailable = scaledValue(spec.maxUnavailable, expectedCount);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable), unmanagedPods };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    const { expectedCount, unmanagedPods } = await expectedScale(pods, finders);
    return { expectedCount, desiredHealthy: scaledValue(spec.minAvailable, expectedCount), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/**
 * The approved evictions that still hold: pods listed in status.disruptedPods, not yet being deleted,
 * whose approval is younger than the deletion timeout. Also when the oldest of them expires (the
 * budget must be looked at again then), and the pods whose approval expired without a deletion.
 */
export function buildDisruptedPodMap(
  pods: readonly Pod[],
  pdb: PodDisruptionBudget,
  nowMs: number,
  timeoutMs = DELETION_TIMEOUT_MS,
): { disruptedPods: Record<string, string>; recheckAtMs?: number; expired: Pod[] } {
  const listed = pdb.status?.disruptedPods ?? {};
  const disruptedPods: Record<string, string> = {};
  const expired: Pod[] = [];
  let recheckAtMs: number | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const name = pod.metadata.name ?? '';
    const at = Object.prototype.hasOwnProperty.call(listed, name) ? listed[name] : undefined;
    if (at === undefined) continue;
    const expectedDeletion = (Date.parse(at) || 0) + timeoutMs;
    if (expectedDeletion < nowMs) {
      expired.push(pod);
      continue;
    }
    if (recheckAtMs === undefined || expectedDeletion < recheckAtMs) recheckAtMs = expectedDeletion;
    disruptedPods[name] = at;
  }
  return { disruptedPods, ...(recheckAtMs !== undefined ? { recheckAtMs } : {}), expired };
}

/** Ready pods that are neither being deleted nor about to be (an eviction of them was just approved). */
export function countHealthyPods(pods: readonly Pod[], disruptedPods: Record<string, string>, nowMs: number, timeoutMs = DELETION_TIMEOUT_MS): number {
  let n = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disruptedPods[pod.metadata.name ?? ''];
    if (at !== undefined && (Date.parse(at) || 0) + timeoutMs > nowMs) continue;
    if (isPodReady(pod)) n++;
  }
  return n;
}

function sameDisruptedPods(a: Record<string, string> | null | undefined, b: Record<string, string>): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a![k]);
}

/**
 * The budget with its new status, or null when the stored one is already up to date. Evictions are
 * allowed only when the budget expects pods at all (a budget matching no pods yet stays safe when the
 * first ones appear before the next sync).
 */
export function nextStatus(
  pdb: PodDisruptionBudget,
  o: { currentHealthy: number; desiredHealthy: number; expectedCount: number; disruptedPods: Record<string, string> },
  nowMs: number,
): PodDisruptionBudget | null {
  let disruptionsAllowed = o.currentHealthy - o.desiredHealthy;
  if (o.expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const st = pdb.status ?? {};
  const generation = pdb.metadata.generation ?? 0;
  if (
    (st.currentHealthy ?? 0) === o.currentHealthy &&
    (st.desiredHealthy ?? 0) === o.desiredHealthy &&
    (st.expectedPods ?? 0) === o.expectedCount &&
    (st.disruptionsAllowed ?? 0) === disruptionsAllowed &&
    sameDisruptedPods(st.disruptedPods, o.disruptedPods) &&
    (st.observedGeneration ?? 0) === generation &&
    conditionsAreUpToDate(pdb)
  )
    return null;
  const status: PodDisruptionBudgetStatus = {
    observedGeneration: generation,
    disruptionsAllowed,
    currentHealthy: o.currentHealthy,
    desiredHealthy: o.desiredHealthy,
    expectedPods: o.expectedCount,
    conditions: (st.conditions ?? []).map((c) => ({ ...c })),
  };
  if (Object.keys(o.disruptedPods).length) status.disruptedPods = { ...o.disruptedPods };
  const next: PodDisruptionBudget = { ...pdb, status };
  updateDisruptionAllowedCondition(next, nowMs);
  return next;
}
