// The simulated kubelets' pod work: one informer over every bound pod (fieldSelector spec.nodeName!=,
// indexed by node) and one queue. A pod bound to a live simulated node is started (Running, an IP from
// the node's pod CIDR, conditions and container statuses) in one status write; a terminating pod is
// deleted with grace period 0; with the sim.kts.io/exit annotation its containers exit a moment after
// they start — Succeeded/Failed by restartPolicy, or restarted (with kubelet-like back-off before the
// next exit). Pods of a dead node (heartbeats stopped) are left as they are, as a dead kubelet would.

import { isNotFound, type Client, type ResourceClient } from '../machinery/client/index.js';
import type { Clock } from '../machinery/clock/index.js';
import { runWorkers, type ReconcileResult } from '../machinery/controller/index.js';
import { metaNamespaceKey, nodeNameIndexFunc, objectOf, SharedIndexInformer, splitMetaNamespaceKey } from '../machinery/informers/index.js';
import { RateLimitingQueue } from '../machinery/workqueue/index.js';
import type { NodeAgents } from './agents.js';
import type { Semaphore } from './limiter.js';
import { EXIT_ANNOTATION, type Condition } from './objects.js';
import { desiredReady, exitedStatus, restartCountOf, restarts, runningStatus, setConditions, startedAtMs, type PodView } from './podstatus.js';
import type { TimerWheel } from './wheel.js';

export const NODE_INDEX = 'spec.nodeName';

export interface PodSimOptions {
  client: Client;
  agents: NodeAgents;
  clock: Clock;
  sem: Semaphore;
  wheel: TimerWheel<string>;
  workers: number;
  /** How long containers with the exit annotation run before they exit (default 1 s). */
  exitAfterMs?: number;
  log?: (m: string) => void;
  /** Where the pod informer reports relists and broken watches (default: log). */
  informerLog?: (m: string) => void;
}

type Obj = Record<string, unknown>;

function pick(o: unknown, keys: string[]): Obj | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const out: Obj = {};
  for (const k of keys) if ((o as Obj)[k] !== undefined) out[k] = (o as Obj)[k];
  return out;
}

/**
 * What the simulator keeps of a pod: identity, annotations, the spec fields it acts on, and the status it
 * rewrites (a status PUT takes only the status from the body). Keeps 150k pods in memory cheaply.
 */
export function slimPod(p: PodView): PodView {
  const { managedFields: _m, labels: _l, ownerReferences: _o, ...metadata } = p.metadata;
  const spec = p.spec ?? {};
  const containers = (key: string) => (Array.isArray(spec[key]) ? (spec[key] as unknown[]).map((c) => pick(c, ['name', 'image', 'restartPolicy'])) : undefined);
  const slim: Obj = { ...pick(spec, ['nodeName', 'restartPolicy', 'hostNetwork', 'readinessGates']), containers: containers('containers') };
  const init = containers('initContainers');
  if (init) slim.initContainers = init;
  return { metadata, spec: slim, ...(p.status ? { status: p.status } : {}) };
}

/** Kubelet's crash loop back-off: 10 s doubling to 5 min. */
export function backoffMs(restarts: number): number {
  return restarts <= 0 ? 0 : Math.min(10_000 * 2 ** (restarts - 1), 300_000);
}

export class PodSim {
  readonly informer: SharedIndexInformer<PodView>;
  readonly queue: RateLimitingQueue<string>;
  private readonly pods: ResourceClient<PodView>;
  /** Who holds an address: pod key → node and uid. */
  private readonly owners = new Map<string, { node: string; uid: string }>();
  private readonly log: (m: string) => void;
  private readonly waitingForCIDR = new Set<string>();
  stats = { started: 0, exited: 0, deleted: 0 };

  constructor(private readonly o: PodSimOptions) {
    this.pods = o.client.resource<PodView>('pods');
    const informerLog = o.informerLog ?? o.log;
    this.informer = new SharedIndexInformer<PodView>({
      client: this.pods,
      fieldSelector: 'spec.nodeName!=',
      transform: slimPod,
      clock: o.clock,
      indexers: { [NODE_INDEX]: nodeNameIndexFunc },
      ...(informerLog ? { log: informerLog } : {}),
    });
    this.queue = new RateLimitingQueue<string>({ clock: o.clock });
    this.log = o.log ?? (() => {});
  }

  private ours(p: PodView): boolean {
    return !!this.o.agents.get(String(p.spec?.nodeName ?? ''));
  }

  /** Queues every pod of a node (it came back, or got its pod CIDR). */
  wakeNode(name: string): void {
    for (const p of this.informer.indexer.byIndex(NODE_INDEX, name)) this.queue.add(metaNamespaceKey(p));
  }

  /** The wheel says a pod's containers are due to exit. */
  due(key: string): void {
    this.queue.add(key);
  }

  /** Re-marks addresses of pods that were running before (a simulator restart). */
  private restoreAddresses(): void {
    for (const p of this.informer.lister.list()) {
      const a = this.o.agents.get(String(p.spec?.nodeName ?? ''));
      const phase = p.status?.phase;
      const ip = p.status?.podIP;
      if (!a?.ips || typeof ip !== 'string' || phase === 'Succeeded' || phase === 'Failed' || p.spec?.hostNetwork) continue;
      a.ips.occupy(p.metadata.uid ?? '', ip);
      this.owners.set(metaNamespaceKey(p), { node: a.name, uid: p.metadata.uid ?? '' });
    }
  }

  async run(signal: AbortSignal, nodesSynced: Promise<boolean>): Promise<void> {
    const reg = this.informer.addEventHandler({
      onAdd: (p) => this.ours(p) && this.queue.add(metaNamespaceKey(p)),
      onUpdate: (_old, p) => this.ours(p) && this.queue.add(metaNamespaceKey(p)),
      onDelete: (p) => {
        const key = metaNamespaceKey(objectOf(p));
        this.release(key);
        this.o.wheel.cancel(`p:${key}`);
      },
    });
    const informerDone = this.informer.run(signal);
    try {
      if (!(await nodesSynced) || !(await this.informer.waitForSync(signal))) return;
      this.restoreAddresses();
      await runWorkers({ name: 'sim-pods', queue: this.queue, workers: this.o.workers, reconcile: (k) => this.reconcile(k), signal, log: this.log });
    } finally {
      reg.remove();
      await informerDone;
    }
  }

  private release(key: string): void {
    const owner = this.owners.get(key);
    if (!owner) return;
    this.owners.delete(key);
    this.o.agents.get(owner.node)?.ips?.release(owner.uid);
  }

  private async writeStatus(pod: PodView, status: Record<string, unknown>): Promise<void> {
    await this.o.sem.run(() => this.pods.inNamespace(pod.metadata.namespace).updateStatus({ ...pod, status }));
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.informer.lister.get(namespace, name);
    if (!pod) {
      this.release(key);
      return;
    }
    const agent = this.o.agents.get(String(pod.spec?.nodeName ?? ''));
    // Not ours, or a dead kubelet: nothing happens to the pod.
    if (!agent || !this.o.agents.alive(agent)) return;
    const uid = pod.metadata.uid ?? '';
    const owner = this.owners.get(key);
    if (owner && owner.uid !== uid) this.release(key);
    if (pod.metadata.deletionTimestamp) {
      try {
        await this.o.sem.run(() => this.pods.inNamespace(namespace).delete(name, { gracePeriodSeconds: 0, preconditions: { uid } }));
        this.stats.deleted++;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.release(key);
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.release(key);
      return;
    }
    const now = this.o.clock.now();
    if (phase !== 'Running' || startedAtMs(pod) === undefined) return this.start(key, pod, agent.name, now);
    const exit = pod.metadata.annotations?.[EXIT_ANNOTATION];
    if (exit !== undefined) {
      const parsed = Number.parseInt(exit, 10);
      const code = Number.isFinite(parsed) ? parsed : 1;
      const at = (startedAtMs(pod) ?? now) + (this.o.exitAfterMs ?? 1000) + backoffMs(restartCountOf(pod));
      if (now < at) {
        this.o.wheel.schedule(`p:${key}`, at);
        return;
      }
      await this.writeStatus(pod, exitedStatus(pod, code, now));
      this.stats.exited++;
      if (!restarts(pod, code)) this.release(key);
      return;
    }
    // Readiness gates may have changed.
    const want = desiredReady(pod);
    const conds = (Array.isArray(pod.status?.conditions) ? pod.status!.conditions : []) as Condition[];
    const cur = conds.find((c) => c.type === 'Ready');
    if (want && (!cur || cur.status !== want.status || (cur.reason ?? '') !== (want.reason ?? '') || (cur.message ?? '') !== (want.message ?? ''))) {
      await this.writeStatus(pod, { ...pod.status, conditions: setConditions(conds, [want], now) });
    }
  }

  private async start(key: string, pod: PodView, node: string, now: number): Promise<void> {
    const agent = this.o.agents.get(node)!;
    let podIP = agent.address;
    if (!pod.spec?.hostNetwork) {
      if (!agent.ips) {
        if (!this.waitingForCIDR.has(node)) {
          this.waitingForCIDR.add(node);
          this.log(`sim: node ${node} has no pod CIDR yet; its pods wait for node-ipam`);
        }
        return;
      }
      const uid = pod.metadata.uid ?? '';
      const ip = agent.ips.allocate(uid);
      if (!ip) {
        this.log(`sim: no free pod address in ${agent.ips.cidr} on ${node}`);
        return;
      }
      podIP = ip;
      this.owners.set(key, { node, uid });
    }
    await this.writeStatus(pod, runningStatus(pod, { hostIP: agent.address, podIP, nowMs: now }));
    this.stats.started++;
  }
}

