// NoSchedule taints that mirror node conditions and spec.unschedulable (upstream's
// doNoScheduleTaintingPass, "taint nodes by condition"), and the beta os/arch labels kept in step with
// the stable ones (reconcileNodeLabels).

import type { ResourceClient } from '../../machinery/client/index.js';
import { swapNodeControllerTaint, type TaintWriter } from './taints.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, taintsOf, type Node, type Taint } from './types.js';

/** condition type → status → taint key */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

export function desiredNoScheduleTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) out.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return out;
}

export async function doNoScheduleTaintingPass(w: TaintWriter, node: Node): Promise<void> {
  const want = desiredNoScheduleTaints(node);
  const have = taintsOf(node).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
  // Set difference by key, value and effect (upstream's TaintSetDiff).
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '');
  const add = want.filter((t) => !have.some((h) => same(h, t)));
  const del = have.filter((h) => !want.some((t) => same(h, t)));
  if (!add.length && !del.length) return;
  if (!(await swapNodeControllerTaint(w, node, add, del))) throw new Error(`failed to swap taints of node ${node.metadata.name}`);
}

const LABELS: Array<[primary: string, secondary: string]> = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

export async function reconcileNodeLabels(nodes: ResourceClient<Node>, node: Node): Promise<void> {
  const labels = node.metadata.labels;
  if (!labels) return;
  const update: Record<string, string> = {};
  for (const [primary, secondary] of LABELS) {
    const v = labels[primary];
    if (v === undefined) continue;
    if (labels[secondary] !== v) update[secondary] = v;
  }
  if (!Object.keys(update).length) return;
  await nodes.patch(node.metadata.name ?? '', { metadata: { labels: update } });
}
