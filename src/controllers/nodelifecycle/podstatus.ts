// upstream's MarkPodsNotReady: the pods of a node that stopped being Ready get Ready=False (with a
// fresh lastTransitionTime) written to their status, and a "NodeNotReady" warning event each.

import { isNotFound, type ResourceClient } from '../../machinery/client/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { rfc3339, type Pod } from './types.js';

export async function markPodsNotReady(o: { pods: ResourceClient<Pod>; recorder: EventRecorder; nowMs: number }, pods: Pod[], nodeName: string): Promise<void> {
  const errs: Error[] = [];
  for (const p of pods) {
    if (p.spec?.nodeName !== nodeName) continue;
    const conds = p.status?.conditions ?? [];
    const i = conds.findIndex((c) => c.type === 'Ready');
    if (i < 0 || conds[i]!.status === 'False') continue;
    const next: Pod = structuredClone(p);
    next.status!.conditions![i] = { ...conds[i]!, status: 'False', lastTransitionTime: rfc3339(o.nowMs) };
    try {
      await o.pods.inNamespace(p.metadata.namespace).updateStatus(next);
    } catch (err) {
      if (isNotFound(err)) continue;
      errs.push(err as Error);
    }
    o.recorder.event(p, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
  if (errs.length) throw new Error(errs.map((e) => e.message).join('; '));
}
