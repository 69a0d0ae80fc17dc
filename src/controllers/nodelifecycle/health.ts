// What the node lifecycle controller remembers of each node's health signals (upstream's
// nodeHealthMap and tryUpdateNodeHealth): when it last saw the Ready condition's heartbeat or the
// node's Lease change — measured on this controller's own clock, so clock skew between nodes and the
// control plane does not matter — and, when that is longer ago than the grace period, the conditions
// it posts as Unknown.

import type { Lease } from './lease.js';
import { getCondition, rfc3339, timeMs, type Condition, type Node } from './types.js';

interface Health {
  probeMs: number;
  readyTransitionMs: number;
  /** The Ready condition as last recorded. */
  ready: Condition | undefined;
  lease: Lease | undefined;
}

export interface HealthResult {
  gracePeriodMs: number;
  /** The Ready condition as the node had it before this pass (a stand-in when it has none). */
  observed: Condition;
  /** The Ready condition after this pass (undefined when the node has none and none was posted). */
  current: Condition | undefined;
  /** The node's status must be written (conditions set to Unknown); node is the changed copy. */
  changed: boolean;
}

const CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

function sameCondition(a: Condition | undefined, b: Condition | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.type === b.type &&
    a.status === b.status &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '') &&
    timeMs(a.lastHeartbeatTime) === timeMs(b.lastHeartbeatTime) &&
    timeMs(a.lastTransitionTime) === timeMs(b.lastTransitionTime)
  );
}

export class NodeHealthMap {
  private readonly m = new Map<string, Health>();

  has(name: string): boolean {
    return this.m.has(name);
  }

  /** The Ready condition last recorded for a node. */
  ready(name: string): Condition | undefined {
    return this.m.get(name)?.ready;
  }

  delete(name: string): void {
    this.m.delete(name);
  }

  /** After master disruption mode ends every node starts its grace period afresh. */
  resetProbes(nowMs: number): void {
    for (const h of this.m.values()) {
      h.probeMs = nowMs;
      h.readyTransitionMs = nowMs;
    }
  }

  /**
   * Records the node's signals and marks its conditions Unknown (in `node`, a copy the caller owns) when
   * they are older than the grace period. The caller writes the status when `changed`, then calls commit().
   */
  observe(node: Node, lease: Lease | undefined, nowMs: number, grace: { monitorMs: number; startupMs: number }): HealthResult {
    const name = node.metadata.name ?? '';
    let h = this.m.get(name);
    const status = (node.status ??= {});
    const conds = (status.conditions ??= []);
    let current = getCondition(conds, 'Ready');
    const created = node.metadata.creationTimestamp ?? null;
    let observed: Condition;
    let gracePeriodMs: number;
    if (!current) {
      observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
      gracePeriodMs = grace.startupMs;
      if (h) h.ready = undefined;
      else h = { probeMs: timeMs(created), readyTransitionMs: timeMs(created), ready: undefined, lease: undefined };
    } else {
      observed = { ...current };
      gracePeriodMs = grace.monitorMs;
    }
    const saved = h?.ready;
    const savedLease = h?.lease;
    if (!h) h = { probeMs: nowMs, readyTransitionMs: nowMs, ready: current && { ...current }, lease: undefined };
    else if (!saved && current) h = { probeMs: nowMs, readyTransitionMs: nowMs, ready: { ...current }, lease: h.lease };
    else if (saved && !current) h = { probeMs: nowMs, readyTransitionMs: nowMs, ready: undefined, lease: h.lease };
    else if (saved && current && timeMs(saved.lastHeartbeatTime) !== timeMs(current.lastHeartbeatTime)) {
      const transition = timeMs(saved.lastTransitionTime) !== timeMs(current.lastTransitionTime) ? nowMs : h.readyTransitionMs;
      h = { probeMs: nowMs, readyTransitionMs: transition, ready: { ...current }, lease: h.lease };
    }
    // A renewed Lease counts as a heartbeat too (even when the kubelet never posted status).
    if (lease && (!savedLease || timeMs(savedLease.spec?.renewTime) < timeMs(lease.spec?.renewTime))) {
      h.lease = lease;
      h.probeMs = nowMs;
    }
    this.m.set(name, h);
    let changed = false;
    if (nowMs > h.probeMs + gracePeriodMs) {
      const now = rfc3339(nowMs);
      for (const type of CONDITION_TYPES) {
        const c = getCondition(conds, type);
        if (!c) {
          conds.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: created, lastTransitionTime: now });
        } else if (c.status !== 'Unknown') {
          c.status = 'Unknown';
          c.reason = 'NodeStatusUnknown';
          c.message = 'Kubelet stopped posting node status.';
          c.lastTransitionTime = now;
        }
      }
      current = getCondition(conds, 'Ready');
      changed = !sameCondition(current, observed);
    }
    return { gracePeriodMs, observed, current, changed };
  }

  /** After the Unknown status was written: the new Ready condition, a fresh transition time. */
  commit(node: Node, lease: Lease | undefined, nowMs: number): void {
    const name = node.metadata.name ?? '';
    const h = this.m.get(name);
    const ready = getCondition(node.status?.conditions, 'Ready');
    this.m.set(name, { probeMs: h?.probeMs ?? nowMs, readyTransitionMs: nowMs, ready: ready && { ...ready }, lease });
  }
}
