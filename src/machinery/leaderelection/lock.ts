// The lock leader election takes turns on (client-go's resourcelock): a coordination.k8s.io/v1
// Lease whose spec holds the leader election record. Updates carry the resourceVersion last seen,
// so two candidates can never both win the same turn.

import type { KubeObject } from '../../api/types.js';
import type { Client, ResourceClient } from '../client/client.js';

export interface LeaderElectionRecord {
  /** Who holds the lock; "" when released. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** RFC 3339 with microseconds (metav1.MicroTime). */
  acquireTime: string;
  renewTime: string;
  leaderTransitions: number;
}

export interface ResourceLock {
  readonly identity: string;
  /** The record and its raw form (to notice any change); throws NotFound when there is no lock yet. */
  get(signal?: AbortSignal): Promise<{ record: LeaderElectionRecord; raw: string }>;
  create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  /** Writes over the version last read or written (Conflict if someone else wrote since). */
  update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  describe(): string;
}

/** metav1.MicroTime: 2006-01-02T15:04:05.000000Z */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

type Lease = KubeObject & { spec?: LeaseSpec };

function toSpec(r: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: r.acquireTime,
    renewTime: r.renewTime,
    leaseTransitions: r.leaderTransitions,
  };
}

function fromSpec(s: LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: s?.holderIdentity ?? '',
    leaseDurationSeconds: s?.leaseDurationSeconds ?? 0,
    acquireTime: s?.acquireTime ?? '',
    renewTime: s?.renewTime ?? '',
    leaderTransitions: s?.leaseTransitions ?? 0,
  };
}

export interface LeaseLockOptions {
  client: Client;
  namespace: string;
  name: string;
  identity: string;
}

export class LeaseLock implements ResourceLock {
  readonly identity: string;
  private readonly leases: ResourceClient<Lease>;
  private lease: Lease | null = null;

  constructor(private readonly o: LeaseLockOptions) {
    this.identity = o.identity;
    this.leases = o.client.resource<Lease>('leases.coordination.k8s.io', o.namespace);
  }

  async get(signal?: AbortSignal): Promise<{ record: LeaderElectionRecord; raw: string }> {
    const lease = await this.leases.get(this.o.name, signal ? { signal } : {});
    this.lease = lease;
    const record = fromSpec(lease.spec);
    return { record, raw: JSON.stringify(record) };
  }

  async create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    this.lease = await this.leases.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.o.name, namespace: this.o.namespace }, spec: toSpec(record) }, signal ? { signal } : {});
  }

  async update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    if (!this.lease) throw new Error('lease not initialized, call get or create first');
    this.lease = await this.leases.update({ ...this.lease, spec: { ...this.lease.spec, ...toSpec(record) } }, signal ? { signal } : {});
  }

  describe(): string {
    return `${this.o.namespace}/${this.o.name}`;
  }
}
