// The range allocator (upstream's ipam.rangeAllocator) as a level-triggered controller: one CidrSet per
// cluster CIDR (one, or two for dual-stack); nodes that already have podCIDRs occupy them (all of them
// before any allocation, from the synced cache), nodes without get the next free subnets, written with
// a patch of spec.podCIDR/podCIDRs; a deleted node's subnets return to the pool.

import type { KubeObject } from '../../api/types.js';
import type { Client, ResourceClient } from '../../machinery/client/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { deletionHandlingKey, objectOf, type SharedIndexInformer } from '../../machinery/informers/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { runWorkers, type ReconcileResult } from '../../machinery/controller/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { CidrSet, ERR_NO_CIDRS } from './cidrset.js';

export interface RangeAllocatorOptions {
  client: Client;
  nodes: SharedIndexInformer;
  recorder: EventRecorder;
  clock: Clock;
  /** One per IP family, in the order of --cluster-cidr. */
  cidrSets: CidrSet[];
  workers?: number;
  log?: (m: string) => void;
}

function podCIDRsOf(node: KubeObject): string[] {
  const spec = (node.spec ?? {}) as { podCIDR?: string; podCIDRs?: string[] };
  if (Array.isArray(spec.podCIDRs) && spec.podCIDRs.length) return spec.podCIDRs;
  return spec.podCIDR ? [spec.podCIDR] : [];
}

export class RangeAllocator {
  private readonly queue: RateLimitingQueue<string>;
  private readonly nodesApi: ResourceClient;
  /** What this allocator has marked used for each node (what to release when it goes). */
  private readonly owned = new Map<string, string[]>();
  private readonly log: (m: string) => void;

  constructor(private readonly o: RangeAllocatorOptions) {
    this.queue = new RateLimitingQueue<string>({ clock: o.clock });
    this.nodesApi = o.client.resource('nodes');
    this.log = o.log ?? (() => {});
  }

  async run(signal: AbortSignal): Promise<void> {
    const reg = this.o.nodes.addEventHandler({
      onAdd: (n) => this.queue.add(deletionHandlingKey(n)),
      onUpdate: (_old, n) => {
        const mine = this.owned.get(n.metadata.name ?? '');
        const cidrs = podCIDRsOf(n);
        if (cidrs.length === 0 || !mine || mine.join(',') !== cidrs.join(',')) this.queue.add(deletionHandlingKey(n));
      },
      onDelete: (n) => {
        this.release(objectOf(n).metadata.name ?? '');
      },
    });
    if (!(await this.o.nodes.waitForSync(signal))) return;
    // Occupy every existing allocation before handing out new ones.
    for (const n of this.o.nodes.lister.list()) this.occupy(n);
    try {
      await runWorkers({ name: 'node-ipam', queue: this.queue, workers: this.o.workers ?? 4, reconcile: (k) => this.reconcile(k), signal, log: this.log });
    } finally {
      reg.remove();
    }
  }

  private occupy(node: KubeObject): void {
    const name = node.metadata.name ?? '';
    const cidrs = podCIDRsOf(node);
    if (!cidrs.length) return;
    const cur = this.owned.get(name);
    if (cur && cur.length === cidrs.length && cur.every((c, i) => c === cidrs[i])) return;
    // A reservation that lost to another writer (or a stale one) goes back first.
    if (cur) this.release(name);
    const marked: string[] = [];
    cidrs.forEach((c, i) => {
      const set = this.o.cidrSets[i];
      if (!set) {
        this.log(`node-ipam: node ${name} has an allocated cidr: ${c} at index:${i} that does not exist in cluster cidrs configuration`);
        return;
      }
      try {
        set.occupy(c);
        marked.push(c);
      } catch (err) {
        this.log(`node-ipam: failed to mark cidr[${c}] at idx [${i}] as occupied for node: ${name}: ${(err as Error).message}`);
      }
    });
    this.owned.set(name, marked);
  }

  private release(name: string): void {
    const cidrs = this.owned.get(name);
    if (!cidrs) return;
    this.owned.delete(name);
    cidrs.forEach((c, i) => {
      try {
        this.o.cidrSets[i]?.release(c);
      } catch {
        // outside our ranges: nothing was marked
      }
    });
  }

  async reconcile(name: string): Promise<ReconcileResult | void> {
    const node = this.o.nodes.lister.get('', name);
    if (!node) {
      this.release(name);
      return;
    }
    if (podCIDRsOf(node).length) {
      this.occupy(node);
      return;
    }
    // Reserve (or reuse what an earlier failed write reserved), then write.
    let cidrs = this.owned.get(name);
    if (!cidrs || cidrs.length !== this.o.cidrSets.length) {
      if (cidrs) this.release(name);
      const fresh: string[] = [];
      try {
        for (const set of this.o.cidrSets) fresh.push(set.allocateNext());
      } catch (err) {
        fresh.forEach((c, i) => this.o.cidrSets[i]!.release(c));
        this.statusChange(node, 'CIDRNotAvailable');
        throw new Error(`failed to allocate cidr from cluster cidr: ${(err as Error).message === ERR_NO_CIDRS ? ERR_NO_CIDRS : (err as Error).message}`);
      }
      cidrs = fresh;
      this.owned.set(name, cidrs);
    }
    try {
      await this.nodesApi.patch(name, { spec: { podCIDR: cidrs[0], podCIDRs: cidrs } }, { fieldManager: 'kube-controller-manager' });
      this.log(`node-ipam: set node ${name} PodCIDR to ${cidrs.join(',')}`);
    } catch (err) {
      this.statusChange(node, 'CIDRAssignmentFailed');
      throw err;
    }
  }

  /** upstream's RecordNodeStatusChange. */
  private statusChange(node: KubeObject, status: string): void {
    const name = node.metadata.name ?? '';
    this.o.recorder.event({ apiVersion: 'v1', kind: 'Node', name, ...(node.metadata.uid ? { uid: node.metadata.uid } : {}) }, 'Normal', status, `Node ${name} status is now: ${status}`);
  }
}
