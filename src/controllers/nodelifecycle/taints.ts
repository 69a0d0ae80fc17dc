// Adding and removing taints on a Node (upstream's controller.AddOrUpdateTaintOnNode,
// RemoveTaintOffNode and SwapNodeControllerTaint): read the node (the cache first, the server on
// retries), change spec.taints, and patch them with the read resourceVersion as a precondition, retrying
// conflicts 5 times.

import type { ResourceClient } from '../../machinery/client/index.js';
import { isConflict } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { matchTaint, rfc3339, taintExists, taintsOf, type Node, type Taint } from './types.js';

export interface TaintWriter {
  nodes: ResourceClient<Node>;
  /** The node from the informer cache (first try). */
  cached(name: string): Node | undefined;
  clock: Clock;
}

const STEPS = 5;

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '') && (a.timeAdded ?? '') === (b.timeAdded ?? '');
}

async function modifyTaints(w: TaintWriter, name: string, change: (taints: Taint[]) => Taint[] | undefined): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const node = attempt === 0 ? (w.cached(name) ?? (await w.nodes.get(name))) : await w.nodes.get(name);
    const next = change(taintsOf(node));
    if (!next) return;
    try {
      await w.nodes.patch(name, { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: next.length ? next : null } });
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= STEPS - 1) throw err;
      await w.clock.sleep(100 * (1 + Math.random()));
    }
  }
}

export async function addOrUpdateTaints(w: TaintWriter, name: string, taints: Taint[]): Promise<void> {
  if (!taints.length) return;
  await modifyTaints(w, name, (cur) => {
    let out = [...cur];
    let updated = false;
    for (const t of taints) {
      const i = out.findIndex((x) => matchTaint(x, t));
      if (i >= 0) {
        if (sameTaint(out[i]!, t)) continue;
        out = out.map((x, j) => (j === i ? t : x));
      } else out.push(t);
      updated = true;
    }
    return updated ? out : undefined;
  });
}

export async function removeTaints(w: TaintWriter, name: string, node: Node | undefined, taints: Taint[]): Promise<void> {
  if (!taints.length) return;
  if (node && !taints.some((t) => taintExists(taintsOf(node), t))) return;
  await modifyTaints(w, name, (cur) => {
    const out = cur.filter((x) => !taints.some((t) => matchTaint(x, t)));
    return out.length === cur.length ? undefined : out;
  });
}

/** Adds taints (stamped with timeAdded) and removes others; false on failure (logged by the caller). */
export async function swapNodeControllerTaint(w: TaintWriter, node: Node, add: Taint[], remove: Taint[]): Promise<boolean> {
  const now = rfc3339(w.clock.now());
  try {
    await addOrUpdateTaints(w, node.metadata.name ?? '', add.map((t) => ({ ...t, timeAdded: now })));
    await removeTaints(w, node.metadata.name ?? '', node, remove);
    return true;
  } catch {
    return false;
  }
}
