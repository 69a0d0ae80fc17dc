// The parts of Nodes, Pods, taints and tolerations these controllers read, and upstream's small helpers
// over them (GetNodeCondition, TaintExists, ToleratesTaint, GetMatchingTolerations, GetZoneKey).

import type { KubeObject } from '../../api/types.js';

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string | null;
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Node extends KubeObject {
  spec?: { taints?: Taint[]; unschedulable?: boolean; podCIDR?: string; podCIDRs?: string[] };
  status?: { conditions?: Condition[]; [k: string]: unknown };
}

export interface Pod extends KubeObject {
  spec?: { nodeName?: string; tolerations?: Toleration[]; [k: string]: unknown };
  status?: { phase?: string; conditions?: Condition[]; [k: string]: unknown };
}

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

export function getCondition(conds: Condition[] | undefined, type: string): Condition | undefined {
  return conds?.find((c) => c.type === type);
}

export function taintsOf(node: Node): Taint[] {
  return node.spec?.taints ?? [];
}

/** Same key and effect (upstream's MatchTaint). */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: Taint[], t: Taint): boolean {
  return taints.some((x) => matchTaint(x, t));
}

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Equal':
    case '':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether every taint is tolerated, and the first toleration used for each. */
export function getMatchingTolerations(taints: Taint[], tolerations: Toleration[]): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return { all: false, used: [] };
    used.push(t);
  }
  return { all: true, used };
}

/** "<region>:\0:<zone>", or "" for nodes without topology labels (upstream's GetZoneKey). */
export function zoneKey(node: KubeObject): string {
  const l = node.metadata.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (!region && !zone) return '';
  return `${region}:\x00:${zone}`;
}

/** RFC 3339 with seconds, as metav1.Time serializes. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Compare metav1.Time values (second precision; absent as the zero time). */
export function timeMs(t: string | null | undefined): number {
  if (!t) return 0;
  const n = Date.parse(t);
  return Number.isFinite(n) ? n : 0;
}
