// policy/v1 PodDisruptionBudget: a typed view of the fields the disruption controller and the
// pods/eviction subresource read and write, and the DisruptionAllowed condition helpers both share
// (upstream keeps them in k8s.io/component-helpers/apps/poddisruptionbudget).

import type { KubeObject } from './types.js';
import type { LabelSelector } from '../machinery/labels/index.js';

export type IntOrString = number | string;

/** A meta/v1 Condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | (string & {});
  observedGeneration?: number;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

export interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString | null;
  maxUnavailable?: IntOrString | null;
  selector?: LabelSelector | null;
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow' | (string & {}) | null;
}

export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  /** Pod name → when the eviction subresource approved its eviction (RFC 3339). */
  disruptedPods?: Record<string, string> | null;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  conditions?: Condition[] | null;
}

export interface PodDisruptionBudget extends KubeObject {
  spec?: PodDisruptionBudgetSpec;
  status?: PodDisruptionBudgetStatus;
}

export const DISRUPTION_ALLOWED_CONDITION = 'DisruptionAllowed';
export const SUFFICIENT_PODS_REASON = 'SufficientPods';
export const INSUFFICIENT_PODS_REASON = 'InsufficientPods';
export const SYNC_FAILED_REASON = 'SyncFailed';
/** The StatusCause type of a refused eviction. */
export const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';

/** A metav1.Time: RFC 3339 with seconds. */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * apimeta.SetStatusCondition: adds the condition or updates the one of its type; the transition time
 * changes only when the status does (or was never set).
 */
export function setStatusCondition(conditions: Condition[], c: Condition, nowMs: number): void {
  const i = conditions.findIndex((x) => x.type === c.type);
  if (i < 0) {
    conditions.push({ ...c, lastTransitionTime: c.lastTransitionTime || metaTime(nowMs) });
    return;
  }
  const cur = conditions[i]!;
  const next: Condition = { ...cur, reason: c.reason, message: c.message };
  if (c.observedGeneration !== undefined) next.observedGeneration = c.observedGeneration;
  else delete next.observedGeneration;
  if (cur.status !== c.status) {
    next.status = c.status;
    next.lastTransitionTime = c.lastTransitionTime || metaTime(nowMs);
  }
  conditions[i] = next;
}

/** pdbhelper.UpdateDisruptionAllowedCondition: DisruptionAllowed from status.disruptionsAllowed. */
export function updateDisruptionAllowedCondition(pdb: PodDisruptionBudget, nowMs: number): void {
  const st = (pdb.status ??= {});
  const conds = (st.conditions ??= []);
  const allowed = (st.disruptionsAllowed ?? 0) > 0;
  const c: Condition = {
    type: DISRUPTION_ALLOWED_CONDITION,
    status: allowed ? 'True' : 'False',
    reason: allowed ? SUFFICIENT_PODS_REASON : INSUFFICIENT_PODS_REASON,
    message: '',
  };
  if (st.observedGeneration !== undefined) c.observedGeneration = st.observedGeneration;
  setStatusCondition(conds, c, nowMs);
}

/** pdbhelper.ConditionsAreUpToDate: the DisruptionAllowed condition agrees with the status. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const cond = pdb.status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED_CONDITION);
  if (!cond) return false;
  if ((pdb.status?.observedGeneration ?? 0) !== (pdb.metadata.generation ?? 0)) return false;
  if ((pdb.status?.disruptionsAllowed ?? 0) > 0) return cond.status === 'True' && cond.reason === SUFFICIENT_PODS_REASON;
  return cond.status === 'False' && cond.reason === INSUFFICIENT_PODS_REASON;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  const conds = (pod.status as { conditions?: Array<{ type: string; status: string }> | null } | undefined)?.conditions ?? [];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}
