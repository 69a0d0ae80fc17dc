// Leader election (client-go's tools/leaderelection): candidates take turns on a lock. A candidate
// acquires the lock when it is free, released, or not renewed within leaseDuration (measured on the
// candidate's own clock from when it last saw the record change — never trusting other clocks);
// the leader renews every retryPeriod and gives up if it cannot renew within renewDeadline.

import { isConflict, isNotFound } from '../client/errors.js';
import { linkedController } from '../client/signals.js';
import type { Client } from '../client/client.js';
import { realClock, type Clock } from '../clock/clock.js';
import { LeaseLock, microTime, type LeaderElectionRecord, type ResourceLock } from './lock.js';

export const JITTER_FACTOR = 1.2;

export interface LeaderCallbacks {
  /** Runs while leading; the signal aborts when leadership ends (lost or cancelled). */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called when the election loop ends (also if this candidate never led, as client-go does). */
  onStoppedLeading?(): void;
  /** A different leader was observed (including the first one and this candidate). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig extends LeaderCallbacks {
  lock: ResourceLock;
  /** How long non-leaders wait after the last observed change before taking over (default 15 s). */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying to renew before giving up (default 10 s). */
  renewDeadlineMs?: number;
  /** Between attempts (default 2 s). */
  retryPeriodMs?: number;
  /** Give the lock up (holder "", 1 s lease) when the signal aborts, so another candidate need not wait. */
  releaseOnCancel?: boolean;
  clock?: Clock;
  name?: string;
  log?: (msg: string) => void;
}

const EMPTY: LeaderElectionRecord = { holderIdentity: '', leaseDurationSeconds: 0, acquireTime: '', renewTime: '', leaderTransitions: 0 };

export class LeaderElector {
  private observed: LeaderElectionRecord = EMPTY;
  private observedRaw = '';
  private observedTime = 0;
  private reportedLeader = '';
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly retryMs: number;
  private readonly log: (m: string) => void;

  constructor(private readonly c: LeaderElectionConfig) {
    this.clock = c.clock ?? realClock;
    this.leaseMs = c.leaseDurationMs ?? 15_000;
    this.renewMs = c.renewDeadlineMs ?? 10_000;
    this.retryMs = c.retryPeriodMs ?? 2_000;
    this.log = c.log ?? (() => {});
    if (this.leaseMs <= this.renewMs) throw new Error('leaseDuration must be greater than renewDeadline');
    if (this.renewMs <= JITTER_FACTOR * this.retryMs) throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
    if (this.leaseMs < 1000) throw new Error('leaseDuration must be at least 1 s (leases count whole seconds)');
    if (this.retryMs <= 0) throw new Error('retryPeriod must be greater than zero');
    if (!c.lock.identity) throw new Error('lock identity is empty');
  }

  /** The last observed leader ("" if none yet). */
  getLeader(): string {
    return this.observed.holderIdentity;
  }

  isLeader(): boolean {
    return this.observed.holderIdentity === this.c.lock.identity;
  }

  /** Healthz: fails when leading but the lease expired more than maxTolerableExpiredMs ago. */
  check(maxTolerableExpiredMs: number): Error | undefined {
    if (!this.isLeader()) return undefined;
    if (this.clock.now() - this.observedTime > this.leaseMs + maxTolerableExpiredMs) return new Error(`failed election to renew leadership on lease ${this.c.name ?? this.c.lock.describe()}`);
    return undefined;
  }

  /** Campaigns, leads, and returns when leadership is lost or the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let work: Promise<void> | undefined;
    try {
      if (!(await this.acquire(signal))) return;
      const leading = linkedController(signal);
      const leaderSignal = leading.signal;
      work = Promise.resolve()
        .then(() => this.c.onStartedLeading(leaderSignal))
        .catch((err) => this.log(`onStartedLeading failed: ${(err as Error)?.stack ?? String(err)}`));
      await this.renew(leaderSignal);
      leading.abort();
      leading.dispose();
      if (this.c.releaseOnCancel) await this.release();
    } finally {
      try {
        this.c.onStoppedLeading?.();
      } catch (err) {
        this.log(`onStoppedLeading failed: ${String(err)}`);
      }
      await work;
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    const desc = this.c.lock.describe();
    this.log(`attempting to acquire leader lease ${desc}...`);
    for (;;) {
      if (signal.aborted) return false;
      const ok = await this.tryAcquireOrRenew(signal);
      this.maybeReportTransition();
      if (ok) {
        this.log(`successfully acquired lease ${desc}`);
        return true;
      }
      const wait = this.retryMs + Math.random() * JITTER_FACTOR * this.retryMs;
      if (!(await this.clock.sleep(wait, signal))) return false;
    }
  }

  private async renew(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const deadline = linkedController(signal);
      const timer = this.clock.setTimeout(() => deadline.abort(), this.renewMs);
      const attemptSignal = deadline.signal;
      let ok = false;
      try {
        for (;;) {
          ok = await this.tryAcquireOrRenew(attemptSignal);
          if (ok || attemptSignal.aborted) break;
          if (!(await this.clock.sleep(this.retryMs, attemptSignal))) break;
        }
      } finally {
        timer.cancel();
        deadline.dispose();
      }
      this.maybeReportTransition();
      if (signal.aborted) return;
      if (!ok) {
        this.log(`failed to renew lease ${this.c.lock.describe()}: timed out`);
        return;
      }
      if (!(await this.clock.sleep(this.retryMs, signal))) return;
    }
  }

  /** Gives the lock up if this candidate holds it. */
  async release(): Promise<boolean> {
    if (!this.isLeader()) return true;
    const now = microTime(this.clock.now());
    const record: LeaderElectionRecord = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaderTransitions: this.observed.leaderTransitions };
    // A renewal cut short by the stop may still have landed: on a conflict, re-read the lock and
    // release it if this candidate still holds it.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.c.lock.update(record);
        break;
      } catch (err) {
        if (attempt < 3 && isConflict(err)) {
          try {
            const cur = await this.c.lock.get();
            if (cur.record.holderIdentity !== this.c.lock.identity) return true;
            continue;
          } catch (getErr) {
            this.log(`failed to release lock: ${(getErr as Error).message}`);
            return false;
          }
        }
        this.log(`failed to release lock: ${(err as Error).message}`);
        return false;
      }
    }
    this.setObserved(record);
    return true;
  }

  private isLeaseValid(now: number): boolean {
    return this.observedTime + this.observed.leaseDurationSeconds * 1000 > now;
  }

  private setObserved(r: LeaderElectionRecord): void {
    this.observed = r;
    this.observedTime = this.clock.now();
  }

  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = this.clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: this.c.lock.identity,
      leaseDurationSeconds: Math.round(this.leaseMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaderTransitions: 0,
    };
    // 1. The leader renews optimistically over the version it last wrote.
    if (this.isLeader() && this.isLeaseValid(now)) {
      record.acquireTime = this.observed.acquireTime;
      record.leaderTransitions = this.observed.leaderTransitions;
      try {
        await this.c.lock.update(record, signal);
        this.setObserved(record);
        return true;
      } catch (err) {
        if (signal.aborted) return false;
        this.log(`failed to update lock optimistically: ${(err as Error).message}, falling back to slow path`);
      }
    }
    // 2. Read (or create) the record.
    let old: { record: LeaderElectionRecord; raw: string };
    try {
      old = await this.c.lock.get(signal);
    } catch (err) {
      if (!isNotFound(err)) {
        this.log(`error retrieving resource lock ${this.c.lock.describe()}: ${(err as Error).message}`);
        return false;
      }
      try {
        await this.c.lock.create(record, signal);
      } catch (e) {
        this.log(`error initially creating leader election record: ${(e as Error).message}`);
        return false;
      }
      this.setObserved(record);
      return true;
    }
    // 3. A changed record restarts the lease clock; someone else's unexpired lease is respected.
    if (old.raw !== this.observedRaw) {
      this.setObserved(old.record);
      this.observedRaw = old.raw;
    }
    if (old.record.holderIdentity && this.isLeaseValid(now) && !this.isLeader()) return false;
    // 4. Take (or keep) it.
    if (this.isLeader()) {
      record.acquireTime = old.record.acquireTime;
      record.leaderTransitions = old.record.leaderTransitions;
    } else record.leaderTransitions = old.record.leaderTransitions + 1;
    try {
      await this.c.lock.update(record, signal);
    } catch (err) {
      this.log(`failed to update lock: ${(err as Error).message}`);
      return false;
    }
    this.setObserved(record);
    return true;
  }

  private maybeReportTransition(): void {
    if (this.observed.holderIdentity === this.reportedLeader) return;
    this.reportedLeader = this.observed.holderIdentity;
    const leader = this.reportedLeader;
    const cb = this.c.onNewLeader;
    if (cb) queueMicrotask(() => cb(leader));
  }
}

export interface RunLeaderElectionOptions extends LeaderCallbacks, Omit<LeaderElectionConfig, 'lock' | 'name' | keyof LeaderCallbacks> {
  client: Client;
  /** The Lease's namespace and name. */
  namespace: string;
  name: string;
  /** This candidate (e.g. hostname_uuid). */
  identity: string;
  signal: AbortSignal;
}

/** Runs leader election on a Lease until leadership is lost or the signal aborts. */
export function runLeaderElection(o: RunLeaderElectionOptions): Promise<void> {
  const { client, namespace, name, identity, signal, ...rest } = o;
  const elector = new LeaderElector({ ...rest, name: `${namespace}/${name}`, lock: new LeaseLock({ client, namespace, name, identity }) });
  return elector.run(signal);
}
