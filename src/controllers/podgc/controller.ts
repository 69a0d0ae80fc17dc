// The pod garbage collector (upstream's pkg/controller/podgc): every 20 s it force-deletes
//  - terminated pods (Succeeded/Failed) beyond --terminated-pod-gc-threshold, evicted and oldest first;
//  - terminating pods on nodes that are not ready and carry the node.kubernetes.io/out-of-service taint;
//  - pods bound to nodes that no longer exist (after a 40 s quarantine and a live check of the node),
//    marked Failed with a DisruptionTarget condition first;
//  - terminating pods that were never scheduled.
// Pods that are not yet terminal are marked Failed before they are deleted (no kubelet will do it).

import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/clock.js';
import { waitForCacheSync, type Lister, type SharedInformerFactory } from '../../machinery/informers/index.js';

export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;
const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface Pod extends KubeObject {
  spec?: { nodeName?: string };
  status?: { phase?: string; reason?: string; conditions?: PodCondition[] };
}

export interface Node extends KubeObject {
  spec?: { taints?: Array<{ key: string; effect?: string }> };
  status?: { conditions?: Array<{ type: string; status: string }> };
}

export interface PodGCOptions {
  client: Client;
  informers: SharedInformerFactory;
  clock: Clock;
  /** Terminated pods kept at most (--terminated-pod-gc-threshold, default 12500; <= 0: no limit). */
  terminatedPodThreshold?: number;
  gcCheckPeriodMs?: number;
  quarantineMs?: number;
  log?: (m: string) => void;
}

/** Not Pending, Running or Unknown. */
function isTerminated(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

function isEvicted(p: Pod): boolean {
  return p.status?.phase === 'Failed' && p.status.reason === 'Evicted';
}

/** Evicted first, then by creation time, then by name. */
function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = isEvicted(a);
  const eb = isEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function isNodeReady(n: Node): boolean {
  return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export class PodGCController {
  private readonly pods: Lister<Pod>;
  private readonly nodes: Lister<Node>;
  private readonly syncs: Array<{ hasSynced(): boolean }>;
  /** Node name → when pods were first seen bound to it while it did not exist. */
  private readonly quarantine = new Map<string, number>();
  private readonly log: (m: string) => void;

  constructor(private readonly o: PodGCOptions) {
    this.log = o.log ?? (() => {});
    const podInf = o.informers.informerFor<Pod>('pods');
    const nodeInf = o.informers.informerFor<Node>('nodes');
    this.pods = podInf.lister;
    this.nodes = nodeInf.lister;
    this.syncs = [podInf.addEventHandler({}), nodeInf.addEventHandler({})];
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, ...this.syncs))) return;
    while (!signal.aborted) {
      try {
        await this.gc();
      } catch (err) {
        this.log(`pod-garbage-collector: ${(err as Error).message}`);
      }
      if (!(await this.o.clock.sleep(this.o.gcCheckPeriodMs ?? GC_CHECK_PERIOD_MS, signal))) return;
    }
  }

  /** One pass over all pods. */
  async gc(): Promise<void> {
    const pods = this.pods.list();
    const nodes = this.nodes.list();
    const threshold = this.o.terminatedPodThreshold ?? 12500;
    if (threshold > 0) await this.gcTerminated(pods, threshold);
    await this.gcTerminatingOutOfService(pods);
    await this.gcOrphaned(pods, nodes);
    await this.gcUnscheduledTerminating(pods);
  }

  private async gcTerminated(pods: Pod[], threshold: number): Promise<void> {
    const terminated = pods.filter(isTerminated);
    const n = terminated.length - threshold;
    if (n <= 0) return;
    this.log(`pod-garbage-collector: garbage collecting ${n} pods`);
    terminated.sort(byEvictionAndCreation);
    await Promise.all(terminated.slice(0, n).map((p) => this.forceDelete(p)));
  }

  private async gcTerminatingOutOfService(pods: Pod[]): Promise<void> {
    const victims = pods.filter((p) => {
      if (!p.metadata.deletionTimestamp) return false;
      const node = this.nodes.get('', p.spec?.nodeName ?? '');
      return !!node && !isNodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT);
    });
    victims.sort(byEvictionAndCreation);
    await Promise.all(victims.map((p) => this.forceDelete(p)));
  }

  private async gcOrphaned(pods: Pod[], nodes: Node[]): Promise<void> {
    const existing = new Set(nodes.map((n) => n.metadata.name!));
    const now = this.o.clock.now();
    for (const p of pods) {
      const node = p.spec?.nodeName;
      if (node && !existing.has(node) && !this.quarantine.has(node)) this.quarantine.set(node, now);
    }
    const deleted = new Set<string>();
    for (const [node, since] of [...this.quarantine]) {
      if (now - since < (this.o.quarantineMs ?? QUARANTINE_MS)) continue;
      this.quarantine.delete(node);
      if (existing.has(node)) continue;
      try {
        await this.o.client.resource('nodes').get(node);
      } catch (err) {
        if (isNotFound(err)) deleted.add(node);
        else this.log(`pod-garbage-collector: error while getting node ${node}: ${(err as Error).message}`);
      }
    }
    for (const p of pods) {
      if (!deleted.has(p.spec?.nodeName ?? '')) continue;
      this.log(`pod-garbage-collector: found orphaned pod ${p.metadata.namespace}/${p.metadata.name} assigned to the node ${p.spec?.nodeName}, deleting`);
      await this.forceDelete(p, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
    }
  }

  private async gcUnscheduledTerminating(pods: Pod[]): Promise<void> {
    for (const p of pods) {
      if (!p.metadata.deletionTimestamp || p.spec?.nodeName) continue;
      await this.forceDelete(p);
    }
  }

  /** Marks the pod Failed (with the condition) unless it is terminal already, then deletes it at once. */
  private async forceDelete(p: Pod, condition?: PodCondition): Promise<void> {
    const api = this.o.client.resource<Pod>('pods', p.metadata.namespace);
    try {
      if (p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') {
        const status: Record<string, unknown> = { phase: 'Failed' };
        if (condition) {
          const cur = p.status?.conditions?.find((c) => c.type === condition.type);
          const changed = !cur || cur.status !== condition.status;
          const lastTransitionTime = changed || !cur?.lastTransitionTime ? new Date(this.o.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') : cur.lastTransitionTime;
          status.conditions = [{ ...condition, lastTransitionTime }];
        }
        await api.patch(p.metadata.name!, { metadata: { uid: p.metadata.uid }, status }, { type: 'strategic', subresource: 'status', fieldManager: 'PodGC' });
      }
      await api.delete(p.metadata.name!, { gracePeriodSeconds: 0 });
    } catch (err) {
      if (!isNotFound(err)) this.log(`pod-garbage-collector: deleting ${p.metadata.namespace}/${p.metadata.name}: ${(err as Error).message}`);
    }
  }
}
