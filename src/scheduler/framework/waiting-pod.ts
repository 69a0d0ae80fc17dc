// A pod held in Permit (upstream waitingPod): it binds once every waiting plugin allowed it, and is
// rejected as soon as one plugin rejects it or its wait times out.

import type { Clock } from '../../machinery/clock/index.js';
import type { PodInfo } from './pod-info.js';
import { Code, Status } from './status.js';

/** Go's time.Duration String() for whole-millisecond durations: "5s", "1m30s", "15m0s", "1.5s", "250ms". */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** A pod that a Permit plugin asked to wait (upstream's waitingPod). */
export class WaitingPod {
  private readonly pending: Set<string>;
  private resolve!: (s: Status | null) => void;
  readonly done: Promise<Status | null>;
  private readonly timers: { cancel(): void }[] = [];

  constructor(
    readonly pod: PodInfo,
    pluginTimeouts: Map<string, number>,
    clock: Clock,
  ) {
    this.pending = new Set(pluginTimeouts.keys());
    this.done = new Promise((r) => (this.resolve = r));
    for (const [plugin, ms] of pluginTimeouts) {
      this.timers.push(clock.setTimeout(() => this.reject(plugin, `rejected due to timeout after waiting ${goDuration(ms)} at plugin ${plugin}`), ms));
    }
  }

  /** The plugins that have not allowed the pod yet. */
  pendingPlugins(): string[] {
    return [...this.pending];
  }

  allow(plugin: string): void {
    this.pending.delete(plugin);
    if (this.pending.size === 0) this.finish(null);
  }

  reject(plugin: string, msg: string): void {
    this.finish(new Status(Code.Unschedulable, [msg]).withPlugin(plugin));
  }

  private finish(s: Status | null): void {
    for (const t of this.timers) t.cancel();
    this.resolve(s);
  }
}
