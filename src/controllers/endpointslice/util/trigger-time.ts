// The endpoints.kubernetes.io/last-change-trigger-time annotation (upstream's TriggerTimeTracker):
// the time of the earliest change, since the previous sync of a service, that made its endpoints
// change — a pod's Ready transition or the service's creation. A service seen for the first time
// reports its creation time; a sync with no newer trigger reports none (the annotation is dropped).

import type { Pod, Service } from './types.js';

interface ServiceState {
  podTriggerTimes: Map<string, number>;
  serviceTriggerTime: number;
}

function parseTime(t: string | null | undefined): number {
  if (!t) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

/** When the pod's Ready condition last changed (0: unknown). */
function podTriggerTime(pod: Pod): number {
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready');
  return c ? parseTime(c.lastTransitionTime) : 0;
}

function earliest(cur: number, t: number): number {
  return cur === 0 || t < cur ? t : cur;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** The trigger time to publish for this sync (ms since the epoch; 0: none). */
  compute(svc: Service, pods: Pod[]): number {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const prev = this.states.get(key);
    let min = 0;
    const times = new Map<string, number>();
    for (const pod of pods) {
      const t = podTriggerTime(pod);
      if (!t) continue;
      times.set(pod.metadata.name!, t);
      if (t > (prev?.podTriggerTimes.get(pod.metadata.name!) ?? 0)) min = earliest(min, t);
    }
    const st = parseTime(svc.metadata.creationTimestamp);
    if (st > (prev?.serviceTriggerTime ?? 0)) min = earliest(min, st);
    this.states.set(key, { podTriggerTimes: times, serviceTriggerTime: st });
    if (!prev) return st;
    return min;
  }

  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}

