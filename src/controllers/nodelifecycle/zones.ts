// Zones and disruption (upstream's ComputeZoneState and handleDisruption): per zone a rate-limited
// queue of nodes to taint; a zone with no Ready node is fully disrupted, one with at least
// --unhealthy-zone-threshold of its nodes not Ready (and more than two) partially disrupted, which slows
// tainting (--secondary-node-eviction-rate in large zones, none in small ones). When every zone is fully
// disrupted the controller assumes the problem is its own ("master disruption"): it removes the
// NoExecute taints and stops tainting until some node is Ready again.

import type { Clock } from '../../machinery/clock/index.js';
import { RateLimitedTimedQueue } from './ratelimited.js';
import type { Condition } from './types.js';

export type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

export interface ZoneRates {
  evictionQPS: number;
  secondaryEvictionQPS: number;
  largeClusterThreshold: number;
  unhealthyZoneThreshold: number;
}

export function computeZoneState(conds: Array<Condition | undefined>, unhealthyThreshold: number): { unhealthy: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const c of conds) {
    if (c && c.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { unhealthy: notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyThreshold) return { unhealthy: notReady, state: 'PartialDisruption' };
  return { unhealthy: notReady, state: 'Normal' };
}

export class Zones {
  readonly states = new Map<string, ZoneState>();
  readonly tainters = new Map<string, RateLimitedTimedQueue>();

  constructor(
    private readonly clock: Clock,
    private readonly rates: ZoneRates,
    private readonly log: (m: string) => void,
  ) {}

  /** Starts tracking a zone the first time one of its nodes is seen. */
  ensure(zone: string): void {
    if (this.states.has(zone)) return;
    this.states.set(zone, 'Initial');
    this.tainters.set(zone, new RateLimitedTimedQueue(this.clock, this.rates.evictionQPS));
  }

  tainter(zone: string): RateLimitedTimedQueue {
    this.ensure(zone);
    return this.tainters.get(zone)!;
  }

  private setLimiter(zone: string, size: number, state: ZoneState): void {
    const q = this.tainter(zone);
    if (state === 'Normal' || state === 'FullDisruption') q.swapLimiter(this.rates.evictionQPS);
    else if (state === 'PartialDisruption') q.swapLimiter(size > this.rates.largeClusterThreshold ? this.rates.secondaryEvictionQPS : 0);
  }

  /**
   * Updates zone states from this pass's Ready conditions. Returns "enter" when the controller just entered
   * master disruption mode (the caller removes all NoExecute taints), "exit" when it just left it (the
   * caller restarts every node's grace period), or undefined.
   */
  handleDisruption(byZone: Map<string, Array<Condition | undefined>>): 'enter' | 'exit' | undefined {
    const next = new Map<string, ZoneState>();
    let allFully = true;
    for (const [zone, conds] of byZone) {
      const { state } = computeZoneState(conds, this.rates.unhealthyZoneThreshold);
      if (state !== 'FullDisruption') allFully = false;
      next.set(zone, state);
      if (!this.states.has(zone)) {
        this.log(`node-lifecycle: setting initial state for unseen zone ${JSON.stringify(zone)}`);
        this.ensure(zone);
      }
    }
    let allWereFully = true;
    for (const [zone, state] of [...this.states]) {
      if (!byZone.has(zone)) {
        this.states.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWereFully = false;
        break;
      }
    }
    if (allFully && allWereFully) return undefined;
    if (allFully) {
      this.log('node-lifecycle: controller detected that all Nodes are not-Ready. Entering master disruption mode');
      for (const zone of this.states.keys()) {
        this.tainter(zone).swapLimiter(0);
        this.states.set(zone, 'FullDisruption');
      }
      return 'enter';
    }
    if (allWereFully) {
      this.log('node-lifecycle: controller detected that some Nodes are Ready. Exiting master disruption mode');
      for (const zone of this.states.keys()) {
        const s = next.get(zone) ?? 'Normal';
        this.setLimiter(zone, byZone.get(zone)?.length ?? 0, s);
        this.states.set(zone, s);
      }
      return 'exit';
    }
    for (const [zone, state] of this.states) {
      const s = next.get(zone);
      if (!s || s === state) continue;
      this.log(`node-lifecycle: zone ${JSON.stringify(zone)} is now in state ${s}`);
      this.setLimiter(zone, byZone.get(zone)?.length ?? 0, s);
      this.states.set(zone, s);
    }
    return undefined;
  }
}
