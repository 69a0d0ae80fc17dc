// The taint eviction controller (upstream's pkg/controller/tainteviction, "taint-eviction-controller"):
// pods on a node with NoExecute taints are deleted — at once when some taint is not tolerated, after the
// smallest tolerationSeconds of the tolerations used otherwise (never when none sets it). The deletion
// first adds the DisruptionTarget condition (DeletionByTaintManager). Removing the taint or changing the
// tolerations cancels a scheduled deletion.

import { isNotFound, type Client, type ResourceClient } from '../../machinery/client/index.js';
import type { Clock, Timer } from '../../machinery/clock/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { metaNamespaceKey, objectOf, splitMetaNamespaceKey, type SharedIndexInformer, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { WorkQueue } from '../../machinery/workqueue/index.js';
import { ensureNodeNameIndex, podsOnNode } from './controller.js';
import { getMatchingTolerations, rfc3339, type Node, type Pod, type Taint, type Toleration } from './types.js';

export interface TaintEvictionOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  log?: (m: string) => void;
}

interface Work {
  createdAt: number;
  fireAt: number;
  /** undefined once the deletion ran (kept so the pod is not scheduled again). */
  timer: Timer | undefined;
}

const WORKERS = 8;
const RETRIES = 5;

/** The smallest tolerationSeconds (ms; 0 for ≤ 0), or -1 when no used toleration limits the time. */
export function minTolerationTimeMs(used: Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

function noExecute(node: Node | undefined): Taint[] {
  return (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

export class TaintEvictionController {
  private readonly nodes: SharedIndexInformer<Node>;
  private readonly pods: SharedIndexInformer<Pod>;
  private readonly tainted = new Map<string, Taint[]>();
  private readonly work = new Map<string, Work>();
  private readonly nodeQueue = new WorkQueue<string>();
  private readonly podQueue = new WorkQueue<string>();
  private readonly podsApi: ResourceClient<Pod>;
  private readonly log: (m: string) => void;
  private signal: AbortSignal | undefined;

  constructor(private readonly o: TaintEvictionOptions) {
    this.nodes = o.informers.informerFor<Node>('nodes');
    this.pods = o.informers.informerFor<Pod>('pods');
    ensureNodeNameIndex(this.pods);
    this.podsApi = o.client.resource<Pod>('pods');
    this.log = o.log ?? (() => {});
  }

  async run(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    const regs = [
      this.pods.addEventHandler({
        onAdd: (p) => this.podUpdated(undefined, p),
        onUpdate: (old, p) => this.podUpdated(old, p),
        onDelete: (p) => this.podUpdated(objectOf(p), undefined),
      }),
      this.nodes.addEventHandler({
        onAdd: (n) => this.nodeQueue.add(n.metadata.name ?? ''),
        onUpdate: (old, n) => {
          if (!sameJSON(noExecute(old), noExecute(n))) this.nodeQueue.add(n.metadata.name ?? '');
        },
        onDelete: (n) => this.nodeQueue.add(objectOf(n).metadata.name ?? ''),
      }),
    ];
    const stop = () => {
      this.nodeQueue.shutDown();
      this.podQueue.shutDown();
      for (const w of this.work.values()) w.timer?.cancel();
    };
    signal.addEventListener('abort', stop, { once: true });
    try {
      const synced = await Promise.all([this.pods.waitForSync(signal), this.nodes.waitForSync(signal)]);
      if (!synced.every(Boolean)) return;
      const drain = async (q: WorkQueue<string>, fn: (k: string) => void) => {
        for (;;) {
          const k = await q.get();
          if (typeof k !== 'string') return;
          try {
            fn(k);
          } catch (err) {
            this.log(`taint-eviction: ${(err as Error).message}`);
          } finally {
            q.done(k);
          }
        }
      };
      // Node changes first: every node update is handled before pending pod updates.
      await Promise.all([
        ...Array.from({ length: WORKERS }, () => drain(this.nodeQueue, (n) => this.handleNodeUpdate(n))),
        ...Array.from({ length: WORKERS }, () => drain(this.podQueue, (p) => this.handlePodUpdate(p))),
      ]);
    } finally {
      signal.removeEventListener('abort', stop);
      stop();
      for (const r of regs) r.remove();
    }
  }

  private podUpdated(old: Pod | undefined, cur: Pod | undefined): void {
    if (old && cur && old.spec?.nodeName === cur.spec?.nodeName && sameJSON(old.spec?.tolerations, cur.spec?.tolerations)) return;
    const p = cur ?? old;
    if (p) this.podQueue.add(metaNamespaceKey(p));
  }

  // ---------------------------------------------------------------- scheduled deletions

  private cancelWithEvent(key: string): void {
    const w = this.work.get(key);
    if (!w) return;
    this.work.delete(key);
    if (!w.timer) return;
    w.timer.cancel();
    const { namespace, name } = splitMetaNamespaceKey(key);
    this.o.recorder.event({ apiVersion: 'v1', kind: 'Pod', namespace, name }, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  private addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.work.has(key)) return;
    const w: Work = { createdAt, fireAt, timer: undefined };
    this.work.set(key, w);
    w.timer = this.o.clock.setTimeout(() => void this.fire(key, w), Math.max(0, fireAt - this.o.clock.now()));
  }

  private async fire(key: string, w: Work): Promise<void> {
    if (this.work.get(key) !== w || this.signal?.aborted) return;
    w.timer = undefined;
    const { namespace, name } = splitMetaNamespaceKey(key);
    this.log(`taint-eviction: deleting pod ${key}`);
    this.o.recorder.event({ apiVersion: 'v1', kind: 'Pod', namespace, name }, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    let err: unknown;
    for (let i = 0; i < RETRIES; i++) {
      try {
        await this.addConditionAndDelete(namespace, name);
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        err = e;
        await this.o.clock.sleep(10);
      }
    }
    // Failed: forget it so the next update schedules it again.
    if (this.work.get(key) === w) this.work.delete(key);
    this.log(`taint-eviction: failed to delete pod ${key}: ${(err as Error)?.message}`);
  }

  private async addConditionAndDelete(namespace: string, name: string): Promise<void> {
    const api = this.podsApi.inNamespace(namespace);
    const pod = await api.get(name);
    const conds = pod.status?.conditions ?? [];
    const cur = conds.find((c) => c.type === 'DisruptionTarget');
    const want = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
    if (!cur || cur.status !== want.status || cur.reason !== want.reason || cur.message !== want.message) {
      const next = cur
        ? conds.map((c) => (c === cur ? { ...c, ...want, lastTransitionTime: cur.status === want.status ? c.lastTransitionTime : rfc3339(this.o.clock.now()) } : c))
        : [...conds, { ...want, lastProbeTime: null, lastTransitionTime: rfc3339(this.o.clock.now()) }];
      await api.updateStatus({ ...pod, status: { ...pod.status, conditions: next } });
    }
    await api.delete(name, { preconditions: { uid: pod.metadata.uid! } });
  }

  // ---------------------------------------------------------------- decisions

  private processPodOnNode(key: string, tolerations: Toleration[], taints: Taint[], now: number): void {
    if (taints.length === 0) this.cancelWithEvent(key);
    const { all, used } = getMatchingTolerations(taints, tolerations);
    if (!all) {
      this.cancelWithEvent(key);
      this.addWork(key, now, now);
      return;
    }
    const min = minTolerationTimeMs(used);
    if (min < 0) {
      this.cancelWithEvent(key);
      return;
    }
    let start = now;
    const trigger = start + min;
    const scheduled = this.work.get(key);
    if (scheduled?.timer) {
      start = scheduled.createdAt;
      if (start + min < trigger) return;
      this.cancelWithEvent(key);
    } else if (scheduled) return;
    this.addWork(key, start, trigger);
  }

  handlePodUpdate(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.pods.lister.get(namespace, name);
    if (!pod) {
      this.cancelWithEvent(key);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const taints = this.tainted.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(key, pod.spec?.tolerations ?? [], taints, this.o.clock.now());
  }

  handleNodeUpdate(nodeName: string): void {
    const node = this.nodes.lister.get('', nodeName);
    if (!node) {
      this.tainted.delete(nodeName);
      return;
    }
    const taints = noExecute(node);
    if (taints.length) this.tainted.set(nodeName, taints);
    else this.tainted.delete(nodeName);
    const pods = podsOnNode(this.pods, nodeName);
    if (!pods.length) return;
    if (!taints.length) {
      for (const p of pods) this.cancelWithEvent(metaNamespaceKey(p));
      return;
    }
    const now = this.o.clock.now();
    for (const p of pods) this.processPodOnNode(metaNamespaceKey(p), p.spec?.tolerations ?? [], taints, now);
  }
}
