// An in-memory stand-in for the API server around a Scheduler (tests and the benchmark): the binder
// "writes" the binding and feeds the bound pod back as the informer would; status patches, deletions
// and events are recorded (and fed back too).

import type { Node, Pod, PodCondition } from '../framework/api.js';
import { podKey } from '../framework/api.js';
import type { PodStatusPatch } from '../framework/interface.js';
import { Scheduler, type SchedulerOptions } from '../scheduler.js';

export interface RecordedEvent {
  pod: string;
  type: string;
  reason: string;
  message: string;
}

export class FakeCluster {
  readonly scheduler: Scheduler;
  readonly pods = new Map<string, Pod>();
  readonly events: RecordedEvent[] = [];
  readonly statusPatches: { pod: string; patch: PodStatusPatch }[] = [];
  readonly deleted: { pod: string; condition: PodCondition }[] = [];
  /** Makes the next binds fail with this error. */
  failBinds: Error | null = null;
  bindCount = 0;

  constructor(opts: Partial<SchedulerOptions> = {}) {
    this.scheduler = new Scheduler({
      binder: {
        bind: async (pod, nodeName) => {
          if (this.failBinds) throw this.failBinds;
          this.bindCount++;
          const cur = this.pods.get(podKey(pod));
          if (!cur) throw new Error(`pods "${pod.metadata.name}" not found`);
          const bound: Pod = { ...cur, spec: { ...cur.spec, nodeName } };
          this.pods.set(podKey(pod), bound);
          this.scheduler.onPodUpdate(cur, bound);
        },
      },
      recorder: {
        event: (pod, type, reason, message) => this.events.push({ pod: pod.metadata.name ?? '', type, reason, message }),
      },
      statusUpdater: {
        updatePodStatus: async (pod, patch) => {
          this.statusPatches.push({ pod: pod.metadata.name ?? '', patch });
          const cur = this.pods.get(podKey(pod));
          if (!cur) return;
          const status = { ...(cur.status ?? {}) };
          if (patch.nominatedNodeName !== undefined) status.nominatedNodeName = patch.nominatedNodeName;
          if (patch.condition) status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== patch.condition!.type), patch.condition];
          const next: Pod = { ...cur, status };
          this.pods.set(podKey(pod), next);
          this.scheduler.onPodUpdate(cur, next);
        },
      },
      podDeleter: {
        deletePod: async (pod, { condition }) => {
          this.deleted.push({ pod: pod.metadata.name ?? '', condition });
        },
      },
      ...opts,
    });
  }

  addNode(node: Node): void {
    this.scheduler.onNodeAdd(node);
  }

  addPod(pod: Pod): void {
    this.pods.set(podKey(pod), pod);
    this.scheduler.onPodAdd(pod);
  }

  deletePod(pod: Pod): void {
    const cur = this.pods.get(podKey(pod));
    if (!cur) return;
    this.pods.delete(podKey(pod));
    this.scheduler.onPodDelete(cur);
  }

  nodeOf(name: string, namespace = 'default'): string | undefined {
    for (const p of this.pods.values()) if (p.metadata.name === name && p.metadata.namespace === namespace) return p.spec.nodeName;
    return undefined;
  }

  /** Runs scheduleOne until the active queue is empty (and bindings settled). */
  async drain(): Promise<void> {
    while (this.scheduler.queue.sizes().active > 0) await this.scheduler.scheduleOne();
    await this.scheduler.waitForBindings();
  }
}
