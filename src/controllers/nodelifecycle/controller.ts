// The node lifecycle controller (upstream's pkg/controller/nodelifecycle): every --node-monitor-period
// it checks each node's health signals (the Ready condition's heartbeat and the kube-node-lease Lease);
// a node silent for longer than --node-monitor-grace-period (--node-startup-grace-period before its
// first status) gets its conditions set to Unknown ("Kubelet stopped posting node status."), its pods
// marked not Ready, and — through a per-zone rate-limited queue — the NoExecute taint unreachable (or
// not-ready when Ready=False) that the taint eviction controller acts on. NoSchedule taints mirror the
// node conditions and spec.unschedulable.

import type { Client, ResourceClient } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { runWorkers } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { metaNamespaceKey, nodeNameIndexFunc, objectOf, splitMetaNamespaceKey, type SharedIndexInformer, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { RateLimitingQueue, WorkQueue } from '../../machinery/workqueue/index.js';
import { NodeHealthMap } from './health.js';
import { NODE_LEASE_NAMESPACE, type Lease } from './lease.js';
import { doNoScheduleTaintingPass, reconcileNodeLabels } from './noschedule.js';
import { markPodsNotReady } from './podstatus.js';
import { removeTaints, swapNodeControllerTaint, type TaintWriter } from './taints.js';
import { getCondition, NOT_READY_NO_EXECUTE, taintExists, taintsOf, UNREACHABLE_NO_EXECUTE, zoneKey, type Condition, type Node, type Pod } from './types.js';
import { Zones, type ZoneRates } from './zones.js';

export const NODE_NAME_INDEX = 'spec.nodeName';
const EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';
/** How often the NoExecute tainting queues are tried (upstream's NodeEvictionPeriod). */
const EVICTION_PERIOD_MS = 100;
const HEALTH_UPDATE_RETRY = 5;
const PARALLELISM = 8;

export interface NodeLifecycleOptions extends ZoneRates {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  monitorPeriodMs: number;
  monitorGraceMs: number;
  startupGraceMs: number;
  log?: (m: string) => void;
}

/** Runs fn over items with at most n in flight (upstream's workqueue.ParallelizeUntil). */
async function parallelize<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

export function podsOnNode(pods: SharedIndexInformer<Pod>, node: string): Pod[] {
  return pods.indexer.byIndex(NODE_NAME_INDEX, node);
}

export function ensureNodeNameIndex(pods: SharedIndexInformer<Pod>): void {
  if (!pods.indexer.hasIndexer(NODE_NAME_INDEX)) pods.addIndexer(NODE_NAME_INDEX, nodeNameIndexFunc);
}

export class NodeLifecycleController {
  readonly nodes: SharedIndexInformer<Node>;
  readonly pods: SharedIndexInformer<Pod>;
  readonly leases: SharedIndexInformer<Lease>;
  readonly health = new NodeHealthMap();
  private readonly zones: Zones;
  private readonly known = new Map<string, Node>();
  private readonly nodesToRetry = new Set<string>();
  private readonly nodeQueue: WorkQueue<string>;
  private readonly podQueue: RateLimitingQueue<string>;
  private readonly nodesApi: ResourceClient<Node>;
  private readonly podsApi: ResourceClient<Pod>;
  readonly taints: TaintWriter;
  private readonly log: (m: string) => void;

  constructor(private readonly o: NodeLifecycleOptions) {
    this.log = o.log ?? (() => {});
    this.nodes = o.informers.informerFor<Node>('nodes');
    this.pods = o.informers.informerFor<Pod>('pods');
    this.leases = o.informers.informerFor<Lease>('leases.coordination.k8s.io', { namespace: NODE_LEASE_NAMESPACE });
    ensureNodeNameIndex(this.pods);
    this.zones = new Zones(o.clock, o, this.log);
    this.nodeQueue = new WorkQueue<string>();
    this.podQueue = new RateLimitingQueue<string>({ clock: o.clock });
    this.nodesApi = o.client.resource<Node>('nodes');
    this.podsApi = o.client.resource<Pod>('pods');
    this.taints = { nodes: this.nodesApi, cached: (n) => this.nodes.lister.get('', n), clock: o.clock };
  }

  async run(signal: AbortSignal): Promise<void> {
    const regs = [
      this.pods.addEventHandler({
        onAdd: (p) => this.podUpdated(undefined, p),
        onUpdate: (old, p) => this.podUpdated(old, p),
      }),
      this.nodes.addEventHandler({
        onAdd: (n) => this.nodeQueue.add(n.metadata.name ?? ''),
        onUpdate: (_o, n) => this.nodeQueue.add(n.metadata.name ?? ''),
        onDelete: (n) => this.nodesToRetry.delete(objectOf(n).metadata.name ?? ''),
      }),
    ];
    const stopQueues = () => {
      this.nodeQueue.shutDown();
      this.podQueue.shutDown();
    };
    signal.addEventListener('abort', stopQueues, { once: true });
    try {
      const synced = await Promise.all([this.leases.waitForSync(signal), this.nodes.waitForSync(signal), this.pods.waitForSync(signal)]);
      if (!synced.every(Boolean)) return;
      await Promise.all([
        this.nodeWorkers(signal),
        runWorkers({ name: 'node-lifecycle-pods', queue: this.podQueue, workers: 4, reconcile: (k) => this.processPod(k), signal, log: this.log }),
        this.loop(signal, EVICTION_PERIOD_MS, () => this.doNoExecuteTaintingPass()),
        this.loop(signal, this.o.monitorPeriodMs, () => this.monitorNodeHealth(), true),
      ]);
    } finally {
      signal.removeEventListener('abort', stopQueues);
      stopQueues();
      for (const r of regs) r.remove();
    }
  }

  private async loop(signal: AbortSignal, periodMs: number, fn: () => Promise<void>, immediate = false): Promise<void> {
    if (!immediate && !(await this.o.clock.sleep(periodMs, signal))) return;
    do {
      try {
        await fn();
      } catch (err) {
        if (!signal.aborted) this.log(`node-lifecycle: ${(err as Error).message}`);
      }
    } while (await this.o.clock.sleep(periodMs, signal));
  }

  private async nodeWorkers(signal: AbortSignal): Promise<void> {
    const worker = async () => {
      for (;;) {
        const name = await this.nodeQueue.get();
        if (typeof name !== 'string') return;
        try {
          const node = this.nodes.lister.get('', name);
          if (node) {
            await doNoScheduleTaintingPass(this.taints, node).catch((err: Error) => this.log(`node-lifecycle: failed to taint NoSchedule on node ${name}: ${err.message}`));
            await reconcileNodeLabels(this.nodesApi, node).catch((err: Error) => this.log(`node-lifecycle: failed to reconcile labels for node ${name}: ${err.message}`));
          }
        } finally {
          this.nodeQueue.done(name);
        }
      }
    };
    if (signal.aborted) return;
    await Promise.all(Array.from({ length: PARALLELISM }, worker));
  }

  // ---------------------------------------------------------------- pods assigned to unhealthy nodes

  private podUpdated(old: Pod | undefined, cur: Pod): void {
    const node = cur.spec?.nodeName;
    if (node && (!old || old.spec?.nodeName !== node)) this.podQueue.add(metaNamespaceKey(cur));
  }

  async processPod(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.pods.lister.get(namespace, name);
    if (!pod) return;
    const nodeName = pod.spec?.nodeName ?? '';
    if (!this.health.has(nodeName)) return;
    if (!this.nodes.lister.get('', nodeName)) throw new Error(`failed to read node ${nodeName}`);
    const ready = this.health.ready(nodeName);
    if (!ready || ready.status === 'True') return;
    await markPodsNotReady({ pods: this.podsApi, recorder: this.o.recorder, nowMs: this.o.clock.now() }, [pod], nodeName);
  }

  // ---------------------------------------------------------------- NoExecute tainting

  async doNoExecuteTaintingPass(): Promise<void> {
    for (const zone of [...this.zones.tainters.keys()]) {
      await this.zones.tainter(zone).try(async (v) => {
        const node = this.nodes.lister.get('', v.value);
        if (!node) return [true, 0];
        const ready = getCondition(node.status?.conditions, 'Ready');
        if (!ready) return [false, 50];
        // Unreachable and not-ready mirror Ready=Unknown and Ready=False, so they exclude each other.
        if (ready.status === 'False') return [await swapNodeControllerTaint(this.taints, node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]), 0];
        if (ready.status === 'Unknown') return [await swapNodeControllerTaint(this.taints, node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]), 0];
        return [true, 0];
      });
    }
  }

  private markNodeForTainting(node: Node, status: 'False' | 'Unknown'): boolean {
    const q = this.zones.tainter(zoneKey(node));
    const name = node.metadata.name ?? '';
    if (status === 'False' && !taintExists(taintsOf(node), NOT_READY_NO_EXECUTE)) q.remove(name);
    if (status === 'Unknown' && !taintExists(taintsOf(node), UNREACHABLE_NO_EXECUTE)) q.remove(name);
    return q.add(name, node.metadata.uid ?? '');
  }

  private async markNodeAsReachable(node: Node): Promise<boolean> {
    const name = node.metadata.name ?? '';
    await removeTaints(this.taints, name, node, [UNREACHABLE_NO_EXECUTE]);
    await removeTaints(this.taints, name, node, [NOT_READY_NO_EXECUTE]);
    return this.zones.tainter(zoneKey(node)).remove(name);
  }

  private async processTaintBasedEviction(node: Node, observed: Condition): Promise<void> {
    const name = node.metadata.name ?? '';
    switch (observed.status) {
      case 'False':
        if (taintExists(taintsOf(node), UNREACHABLE_NO_EXECUTE)) {
          if (!(await swapNodeControllerTaint(this.taints, node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]))) this.log(`node-lifecycle: failed to instantly swap UnreachableTaint to NotReadyTaint on ${name}`);
        } else this.markNodeForTainting(node, 'False');
        break;
      case 'Unknown':
        if (taintExists(taintsOf(node), NOT_READY_NO_EXECUTE)) {
          if (!(await swapNodeControllerTaint(this.taints, node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]))) this.log(`node-lifecycle: failed to instantly swap NotReadyTaint to UnreachableTaint on ${name}`);
        } else this.markNodeForTainting(node, 'Unknown');
        break;
      case 'True':
        await this.markNodeAsReachable(node).catch((err: Error) => this.log(`node-lifecycle: failed to remove taints from node ${name}: ${err.message}`));
        break;
    }
  }

  // ---------------------------------------------------------------- health monitoring

  private nodeEvent(name: string, uid: string | undefined, reason: string, message: string): void {
    this.o.recorder.event({ apiVersion: 'v1', kind: 'Node', name, ...(uid ? { uid } : {}) }, 'Normal', reason, `Node ${name} event: ${message}`);
  }

  /** upstream's RecordNodeStatusChange. */
  private statusChange(node: Node, status: string): void {
    const name = node.metadata.name ?? '';
    this.o.recorder.event({ apiVersion: 'v1', kind: 'Node', name, ...(node.metadata.uid ? { uid: node.metadata.uid } : {}) }, 'Normal', status, `Node ${name} status is now: ${status}`);
  }

  /** One node's health pass; the Ready condition before and after, or undefined when it could not be updated. */
  private async updateNodeHealth(cached: Node): Promise<{ node: Node; observed: Condition; current: Condition | undefined } | undefined> {
    const name = cached.metadata.name ?? '';
    let base: Node = cached;
    for (let attempt = 0; attempt < HEALTH_UPDATE_RETRY; attempt++) {
      // A copy of what observe() may change: the conditions.
      const node: Node = { ...base, status: { ...base.status, conditions: (base.status?.conditions ?? []).map((c) => ({ ...c })) } };
      const lease = this.leases.lister.get(NODE_LEASE_NAMESPACE, name);
      const now = this.o.clock.now();
      const r = this.health.observe(node, lease, now, { monitorMs: this.o.monitorGraceMs, startupMs: this.o.startupGraceMs });
      if (!r.changed) return { node, observed: r.observed, current: r.current };
      try {
        const updated = await this.nodesApi.updateStatus(node);
        this.health.commit(updated, lease, now);
        return { node: updated, observed: r.observed, current: getCondition(updated.status?.conditions, 'Ready') };
      } catch (err) {
        this.log(`node-lifecycle: error updating node ${name}: ${(err as Error).message}`);
        await this.o.clock.sleep(20);
        try {
          base = await this.nodesApi.get(name);
        } catch {
          return undefined;
        }
      }
    }
    return undefined;
  }

  async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodes.lister.list();
    const seen = new Set<string>();
    for (const n of nodes) {
      const name = n.metadata.name ?? '';
      seen.add(name);
      if (!this.known.has(name)) {
        this.nodeEvent(name, n.metadata.uid, 'RegisteredNode', `Registered Node ${name} in Controller`);
        this.known.set(name, n);
        this.zones.ensure(zoneKey(n));
        await this.markNodeAsReachable(n).catch(() => {});
      } else this.zones.ensure(zoneKey(n));
    }
    for (const [name, n] of [...this.known]) {
      if (seen.has(name)) continue;
      this.nodeEvent(name, n.metadata.uid, 'RemovingNode', `Removing Node ${name} from Controller`);
      this.known.delete(name);
      this.health.delete(name);
    }
    const byZone = new Map<string, Array<Condition | undefined>>();
    await parallelize(nodes, PARALLELISM, async (cached) => {
      const r = await this.updateNodeHealth(cached);
      if (!r) return;
      const { node, observed, current } = r;
      const name = node.metadata.name ?? '';
      if (node.metadata.labels?.[EXCLUDE_DISRUPTION] === undefined) {
        const z = zoneKey(node);
        byZone.set(z, [...(byZone.get(z) ?? []), current]);
      }
      if (current) {
        const pods = podsOnNode(this.pods, name);
        await this.processTaintBasedEviction(node, observed);
        const becameNotReady = current.status !== 'True' && observed.status === 'True';
        if (becameNotReady) this.statusChange(node, 'NodeNotReady');
        if (becameNotReady || (this.nodesToRetry.has(name) && observed.status !== 'True')) {
          try {
            await markPodsNotReady({ pods: this.podsApi, recorder: this.o.recorder, nowMs: this.o.clock.now() }, pods, name);
          } catch (err) {
            this.log(`node-lifecycle: unable to mark all pods NotReady on node ${name}: ${(err as Error).message}; queuing for retry`);
            this.nodesToRetry.add(name);
            return;
          }
        }
      }
      this.nodesToRetry.delete(name);
    });
    const change = this.zones.handleDisruption(byZone);
    if (change === 'enter') for (const n of nodes) await this.markNodeAsReachable(n).catch(() => {});
    if (change === 'exit') this.health.resetProbes(this.o.clock.now());
  }
}
