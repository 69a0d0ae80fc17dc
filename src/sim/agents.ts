// The simulated kubelets' node-level work: registering each Node and its Lease, renewing the Lease every
// 10 s and posting status heartbeats about once a minute (spread over the interval so 5,000 nodes make
// a steady trickle, not bursts), all through one TimerWheel and one bound on requests in flight. A node
// annotated sim.kts.io/heartbeat=stop goes silent (a dead node) until the annotation goes.

import type { KubeObject } from '../api/types.js';
import { isAlreadyExists, isConflict, isNotFound, type Client, type ResourceClient } from '../machinery/client/index.js';
import type { Clock } from '../machinery/clock/index.js';
import { PodIPs } from './ip.js';
import type { Semaphore } from './limiter.js';
import { HEARTBEAT_ANNOTATION, healthyConditions, leaseObject, LEASE_NAMESPACE, microTime, nodeAddress, nodeObject, type Capacity, type Condition } from './objects.js';
import type { TimerWheel } from './wheel.js';

export interface Agent {
  name: string;
  index: number;
  address: string;
  uid: string | undefined;
  lease: KubeObject | undefined;
  registered: boolean;
  /** Heartbeats stopped by the annotation: the kubelet is "dead". */
  stopped: boolean;
  /** The Node object was deleted. */
  gone: boolean;
  leaseBusy: boolean;
  statusBusy: boolean;
  /** Pod addresses, once node-ipam gave the node a pod CIDR. */
  ips: PodIPs | undefined;
}

export interface NodeAgentsOptions {
  client: Client;
  names: string[];
  capacity: Capacity;
  clock: Clock;
  sem: Semaphore;
  wheel: TimerWheel<string>;
  /** The node from the informer cache. */
  cachedNode(name: string): KubeObject | undefined;
  leaseIntervalMs?: number;
  statusIntervalMs?: number;
  /** A node finished registering (its pods may be waiting). */
  onRegistered?(name: string): void;
  log?: (m: string) => void;
}

export class NodeAgents {
  readonly byName = new Map<string, Agent>();
  private readonly nodes: ResourceClient;
  private readonly leases: ResourceClient;
  private readonly leaseMs: number;
  private readonly statusMs: number;
  private readonly log: (m: string) => void;
  stats = { leaseRenewals: 0, statusUpdates: 0, errors: 0 };

  constructor(private readonly o: NodeAgentsOptions) {
    this.nodes = o.client.resource('nodes');
    this.leases = o.client.resource('leases.coordination.k8s.io', LEASE_NAMESPACE);
    this.leaseMs = o.leaseIntervalMs ?? 10_000;
    // Upstream's nodeStatusReportFrequency: an unchanged node status is posted every 5 minutes; the
    // Lease is the heartbeat.
    this.statusMs = o.statusIntervalMs ?? 300_000;
    this.log = o.log ?? (() => {});
    o.names.forEach((name, index) => {
      this.byName.set(name, { name, index, address: nodeAddress(index), uid: undefined, lease: undefined, registered: false, stopped: false, gone: false, leaseBusy: false, statusBusy: false, ips: undefined });
    });
  }

  get(name: string): Agent | undefined {
    return this.byName.get(name);
  }

  /** Alive: registered, heartbeating, not deleted. */
  alive(a: Agent): boolean {
    return a.registered && !a.stopped && !a.gone;
  }

  /** Registers every node (and its Lease); resolves when all are registered. */
  async registerAll(signal: AbortSignal): Promise<void> {
    const count = this.byName.size;
    await Promise.all(
      [...this.byName.values()].map((a) =>
        this.o.sem.run(async () => {
          if (signal.aborted) return;
          await this.register(a).catch((err: Error) => {
            this.stats.errors++;
            this.log(`sim: registering node ${a.name} failed: ${err.message}`);
          });
          // Spread the renewals over the interval.
          const now = this.o.clock.now();
          this.o.wheel.schedule(`l:${a.name}`, now + Math.floor((this.leaseMs * a.index) / Math.max(1, count)) + (a.registered ? 0 : 1000));
          this.o.wheel.schedule(`s:${a.name}`, now + this.statusMs / 2 + Math.floor((this.statusMs * a.index) / Math.max(1, count)) / 2);
        }),
      ),
    );
  }

  private async register(a: Agent): Promise<void> {
    const now = this.o.clock.now();
    const obj = nodeObject({ name: a.name, index: a.index, capacity: this.o.capacity, nowMs: now });
    let node: KubeObject;
    try {
      node = await this.nodes.create(obj);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // A node of an earlier run: take it over and report fresh status.
      node = await this.nodes.get(a.name);
      a.stopped = node.metadata.annotations?.[HEARTBEAT_ANNOTATION] === 'stop';
      if (!a.stopped) await this.patchStatus(a.name, { ...(obj.status as object), conditions: healthyConditions(now, conditionsOf(node)) });
    }
    a.uid = node.metadata.uid;
    a.registered = true;
    a.gone = false;
    if (!a.stopped) await this.writeLease(a, now);
    this.o.onRegistered?.(a.name);
  }

  private patchStatus(name: string, status: Record<string, unknown>): Promise<KubeObject> {
    return this.nodes.patch(name, { status }, { type: 'strategic', subresource: 'status' });
  }

  private async writeLease(a: Agent, now: number): Promise<void> {
    if (a.lease) {
      const next = { ...a.lease, spec: { ...(a.lease.spec as object), holderIdentity: a.name, leaseDurationSeconds: 40, renewTime: microTime(now) } };
      try {
        a.lease = await this.leases.update(next);
        return;
      } catch (err) {
        if (!isConflict(err) && !isNotFound(err)) throw err;
        a.lease = undefined;
      }
    }
    const node = this.o.cachedNode(a.name) ?? { metadata: { name: a.name, uid: a.uid ?? '' } };
    try {
      a.lease = await this.leases.create(leaseObject({ ...node, metadata: { ...node.metadata, uid: a.uid ?? node.metadata.uid ?? '' } }, now));
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const cur = await this.leases.get(a.name);
      a.lease = await this.leases.update({ ...cur, spec: { ...(cur.spec as object), holderIdentity: a.name, leaseDurationSeconds: 40, renewTime: microTime(now) } });
    }
  }

  /** A wheel key came due: "l:<node>" renews the lease, "s:<node>" posts status. */
  due(key: string): void {
    const a = this.byName.get(key.slice(2));
    if (!a || a.gone) return;
    if (key.startsWith('l:')) void this.renewLease(a);
    else void this.postStatus(a);
  }

  private async renewLease(a: Agent): Promise<void> {
    const next = () => this.o.wheel.schedule(`l:${a.name}`, this.o.clock.now() + this.leaseMs);
    if (a.stopped || a.leaseBusy || !a.registered) return next();
    a.leaseBusy = true;
    try {
      await this.o.sem.run(() => this.writeLease(a, this.o.clock.now()));
      this.stats.leaseRenewals++;
    } catch (err) {
      this.stats.errors++;
      this.log(`sim: renewing lease of ${a.name} failed: ${(err as Error).message}`);
    } finally {
      a.leaseBusy = false;
      if (!a.gone) next();
    }
  }

  private async postStatus(a: Agent): Promise<void> {
    const next = () => this.o.wheel.schedule(`s:${a.name}`, this.o.clock.now() + this.statusMs);
    if (a.stopped || a.statusBusy || !a.registered) return next();
    a.statusBusy = true;
    try {
      await this.o.sem.run(() => this.patchStatus(a.name, { conditions: healthyConditions(this.o.clock.now(), conditionsOf(this.o.cachedNode(a.name))) }));
      this.stats.statusUpdates++;
    } catch (err) {
      this.stats.errors++;
      if (isNotFound(err)) a.gone = true;
      this.log(`sim: posting status of ${a.name} failed: ${(err as Error).message}`);
    } finally {
      a.statusBusy = false;
      if (!a.gone) next();
    }
  }

  /** The node changed (informer): heartbeat annotation, pod CIDR. Returns true when its pods need a look. */
  observe(node: KubeObject): boolean {
    const a = this.byName.get(node.metadata.name ?? '');
    if (!a) return false;
    let wake = false;
    if (a.gone && a.registered) {
      // The Node is back (re-created): heartbeat for it again.
      const now = this.o.clock.now();
      this.o.wheel.schedule(`l:${a.name}`, now);
      this.o.wheel.schedule(`s:${a.name}`, now);
      wake = true;
    }
    a.gone = false;
    if (node.metadata.uid) a.uid = node.metadata.uid;
    const stop = node.metadata.annotations?.[HEARTBEAT_ANNOTATION] === 'stop';
    if (stop !== a.stopped) {
      a.stopped = stop;
      this.log(`sim: node ${a.name} heartbeats ${stop ? 'stopped' : 'resumed'}`);
      if (!stop) {
        // Back to life: heartbeat at once.
        const now = this.o.clock.now();
        this.o.wheel.schedule(`l:${a.name}`, now);
        this.o.wheel.schedule(`s:${a.name}`, now);
        wake = true;
      }
    }
    const spec = (node.spec ?? {}) as { podCIDR?: string; podCIDRs?: string[] };
    const cidr = spec.podCIDRs?.[0] ?? spec.podCIDR;
    if (cidr && a.ips?.cidr !== cidr) {
      a.ips = new PodIPs(cidr);
      wake = true;
    }
    return wake;
  }

  forget(name: string): void {
    const a = this.byName.get(name);
    if (!a) return;
    a.gone = true;
    a.lease = undefined;
    this.o.wheel.cancel(`l:${name}`);
    this.o.wheel.cancel(`s:${name}`);
  }
}

function conditionsOf(node: KubeObject | undefined): Condition[] {
  const st = (node?.status ?? {}) as { conditions?: Condition[] };
  return Array.isArray(st.conditions) ? st.conditions : [];
}
