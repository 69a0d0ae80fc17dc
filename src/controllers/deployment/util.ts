// Deployment helpers (upstream's pkg/controller/deployment/util): annotations and revisions,
// conditions, maxSurge/maxUnavailable, proportions, orderings and the completeness checks.

import { canonicalJSON } from './hash.js';
import type { Deployment, DeploymentCondition, DeploymentStatus, IntOrString, PodTemplateSpec, ReplicaSet } from './types.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** Revision history kept on a ReplicaSet, in characters (upstream's maxRevHistoryLengthInChars). */
export const MAX_REV_HISTORY_CHARS = 2000;
const MAX_INT32 = 2147483647;

export const Reason = {
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  FailedRSCreate: 'ReplicaSetCreateError',
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** metav1.Time as the API writes it. */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function timeOf(t: string | null | undefined): number {
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

export function replicasOf(o: Deployment | ReplicaSet): number {
  return o.spec.replicas ?? 1;
}

// ---------------------------------------------------------------- conditions

export function newCondition(type: string, status: string, reason: string, message: string, now: number): DeploymentCondition {
  const t = metaTime(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** Adds or replaces a condition; no change when status and reason are the same; keeps lastTransitionTime when the status is. */
export function setCondition(status: DeploymentStatus, c: DeploymentCondition): void {
  const cur = getCondition(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  const next = { ...c };
  if (cur && cur.status === c.status && cur.lastTransitionTime) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((x) => x.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

// ---------------------------------------------------------------- revisions and annotations

/** The revision annotation as a number: 0 when absent, undefined when unparsable. */
export function revisionOf(o: { metadata: { annotations?: Record<string, string> } }): number | undefined {
  const v = o.metadata.annotations?.[REVISION];
  if (v === undefined) return 0;
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

export function maxRevision(rss: ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

const SKIPPED_ANNOTATIONS = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO]);

/** Copies the Deployment's annotations (kubernetes.io/change-cause and the like) onto the ReplicaSet. */
function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED_ANNOTATIONS.has(k) || ann[k] === v) continue;
    ann[k] = v;
    changed = true;
  }
  return changed;
}

export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let changed = false;
  if (ann[DESIRED_REPLICAS] !== String(desired)) {
    ann[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (ann[MAX_REPLICAS] !== String(max)) {
    ann[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = rs.metadata.annotations ?? {};
  return ann[DESIRED_REPLICAS] !== String(desired) || ann[MAX_REPLICAS] !== String(max);
}

/**
 * Sets the new ReplicaSet's annotations (upstream's SetNewReplicaSetAnnotations): the Deployment's
 * own annotations, the revision (raised to newRevision, remembering the old one in revision-history
 * when this is a rollback to it), and for a ReplicaSet about to be created the replica annotations.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const ann = (rs.metadata.annotations ??= {});
  const had = Object.prototype.hasOwnProperty.call(ann, REVISION);
  const oldRevision = ann[REVISION] ?? '';
  let oldInt = 0;
  if (oldRevision !== '') {
    if (!/^\d+$/.test(oldRevision)) return false;
    oldInt = Number(oldRevision);
  }
  if (oldInt < newRevision) {
    ann[REVISION] = String(newRevision);
    changed = true;
    if (had) {
      const history = ann[REVISION_HISTORY] ?? '';
      if (history === '') ann[REVISION_HISTORY] = oldRevision;
      else {
        const old = history.split(',');
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_CHARS && start < old.length) total -= old[start++]!.length + 1;
        if (total <= MAX_REV_HISTORY_CHARS) ann[REVISION_HISTORY] = [...old.slice(start), oldRevision].join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

// ---------------------------------------------------------------- surge and unavailability

/** An int, or a percentage of total rounded up or down (upstream's GetScaledValueFromIntOrPercent). */
export function intOrPercent(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export function isRollingUpdate(d: Deployment): boolean {
  return d.spec.strategy?.type === 'RollingUpdate';
}

/** maxSurge rounded up, maxUnavailable rounded down; both 0 becomes unavailable 1. */
export function resolveFenceposts(surgeV: IntOrString | undefined, unavailableV: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = intOrPercent(surgeV ?? 0, desired, true);
  let unavailable = intOrPercent(unavailableV ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).unavailable, replicasOf(d));
}

// ---------------------------------------------------------------- replica sets

export function filterActive(rss: Array<ReplicaSet | undefined>): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => !!rs && replicasOf(rs) > 0);
}

export function sumReplicas(rss: Array<ReplicaSet | undefined>): number {
  return rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
}

export function sumStatus(rss: Array<ReplicaSet | undefined>, field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return rss.reduce((n, rs) => n + (rs?.status?.[field] ?? 0), 0);
}

/** Older first; the same second: by name (upstream's ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = timeOf(a.metadata.creationTimestamp);
  const tb = timeOf(b.metadata.creationTimestamp);
  if (ta !== tb) return ta - tb;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
}

/** Larger first; the same size: older first. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(a) !== replicasOf(b) ? replicasOf(b) - replicasOf(a) : byCreation(a, b);
}

/** Larger first; the same size: newer first. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(a) !== replicasOf(b) ? replicasOf(b) - replicasOf(a) : byCreation(b, a);
}

/** Lower revision first; unparsable or equal: by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return byCreation(a, b);
  return ra - rb;
}

function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const c = structuredClone(t ?? {});
  if (c.metadata?.labels) delete c.metadata.labels[POD_TEMPLATE_HASH];
  return c;
}

/** Two templates equal but for the pod-template-hash label (semantic: empty equals absent). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJSON(withoutHash(a)) === canonicalJSON(withoutHash(b));
}

/** The oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: Deployment, rss: ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** Every other ReplicaSet. */
export function findOldReplicaSets(d: Deployment, rss: ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, rss);
  return rss.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
}

/** The only active ReplicaSet, or the newest when none is active; undefined when several are. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...olds, newRS]);
  if (active.length === 0) return newRS ?? olds[0];
  return active.length === 1 ? active[0] : undefined;
}

/** How many replicas the new ReplicaSet may have now (upstream's NewRSNewReplicas). */
export function newRSNewReplicas(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
  if (d.spec.strategy?.type === 'Recreate') return replicasOf(d);
  if (!isRollingUpdate(d)) throw new Error(`deployment type ${d.spec.strategy?.type} isn't supported`);
  const surge = intOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge ?? 0, replicasOf(d), true);
  const current = sumReplicas(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + up;
}

/** The new ReplicaSet holds, and has available, all desired replicas. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
  if (desired === undefined || !/^-?\d+$/.test(desired)) return false;
  return replicasOf(rs) === replicasOf(d) && Number(desired) === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

function goRound(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** What share of a scaling event a ReplicaSet gets (upstream's GetProportion). */
export function getProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const ann = rs.metadata.annotations?.[MAX_REPLICAS];
  const annotated = ann !== undefined && /^-?\d+$/.test(ann) ? Number(ann) : (d.status?.replicas ?? 0);
  return goRound((replicasOf(rs) * deploymentReplicas) / annotated) - replicasOf(rs);
}

// ---------------------------------------------------------------- progress

export function hasProgressDeadline(d: Deployment): boolean {
  return d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== null && d.spec.progressDeadlineSeconds !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: Deployment): boolean {
  return d.spec.revisionHistoryLimit !== undefined && d.spec.revisionHistoryLimit !== null && d.spec.revisionHistoryLimit !== MAX_INT32;
}

/** All desired replicas updated and available, no old ones left, and this generation observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const n = replicasOf(d);
  return (s.updatedReplicas ?? 0) === n && (s.replicas ?? 0) === n && (s.availableReplicas ?? 0) === n && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** New pods were added or became ready/available, or old ones went away, since the current status. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** The Progressing condition was last updated more than progressDeadlineSeconds ago. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === Reason.NewRSAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  return timeOf(c.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < now;
}

/** When the Progressing condition was last updated (ms), for the next progress check. */
export function conditionUpdatedAt(c: DeploymentCondition): number {
  return timeOf(c.lastUpdateTime);
}
