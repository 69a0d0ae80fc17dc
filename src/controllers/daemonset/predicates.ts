// Which nodes a DaemonSet's pods belong on (upstream's NodeShouldRunDaemonPod): the node name,
// nodeSelector and required node affinity must match, and the node's NoSchedule/NoExecute taints
// must be tolerated — by the template's tolerations plus those every daemon pod gets.

import type { Affinity, DaemonSet, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec, Taint, Toleration } from './types.js';

/** Tolerations added to every daemon pod (upstream's AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const extra: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) extra.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const out = [...(spec.tolerations ?? [])];
  for (const t of extra) {
    // Add or update: a toleration with the same key, operator, value and effect is replaced.
    const i = out.findIndex((x) => (x.key ?? '') === t.key && (x.operator ?? 'Equal') === t.operator && (x.value ?? '') === '' && (x.effect ?? '') === t.effect);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The first taint passing `filter` that no toleration tolerates. */
export function untoleratedTaint(taints: Taint[], tolerations: Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerations.some((t) => tolerates(t, taint)));
}

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0]!)) return false;
      const a = Number(value);
      const b = Number(values[0]);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

function matchTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) if (!matchRequirement(r, labels[r.key])) return false;
  for (const r of fields) if (r.key !== 'metadata.name' || !matchRequirement(r, node.metadata.name)) return false;
  return true;
}

/** nodeSelector and the required node affinity terms (upstream's GetRequiredNodeAffinity().Match). */
export function matchesNodeAffinity(spec: PodSpec, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const req = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req) return true;
  return (req.nodeSelectorTerms ?? []).some((t) => matchTerm(t, node));
}

/** [shouldRun, shouldContinueRunning] for the DaemonSet on the node. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): [boolean, boolean] {
  const spec = ds.spec?.template?.spec ?? {};
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return [false, false];
  if (!matchesNodeAffinity(spec, node)) return [false, false];
  const tolerations = daemonTolerations(spec);
  const taints = node.spec?.taints ?? [];
  if (untoleratedTaint(taints, tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) {
    // A scheduled daemon pod keeps running unless a NoExecute taint would evict it.
    return [false, !untoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute')];
  }
  return [true, true];
}

/** Required node affinity to exactly this node (upstream's ReplaceDaemonSetPodNodeNameNodeAffinity). */
export function withNodeAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const terms = [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }] }];
  const a: Affinity = structuredClone(affinity ?? {});
  a.nodeAffinity ??= {};
  const req = a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req) a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: terms };
  else req.nodeSelectorTerms = terms;
  return a;
}

/** The node a daemon pod is for: spec.nodeName, or the node its affinity names. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return undefined;
}
