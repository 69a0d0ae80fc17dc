// Per-key exponential backoff (client-go's flowcontrol.Backoff), which the DaemonSet controller uses
// so that deleting and recreating a pod the kubelet keeps rejecting does not become a hot loop.

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  /** The current delay of a key (0 when it has none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Moves the key to its next (doubled) delay, starting over after a long quiet time. */
  next(key: string, now: number): void {
    const e = this.entries.get(key);
    if (!e || now - e.lastUpdate > 2 * this.maxMs) this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: now });
    else this.entries.set(key, { backoffMs: Math.min(2 * e.backoffMs, this.maxMs), lastUpdate: now });
  }

  isInBackOffSinceUpdate(key: string, now: number): boolean {
    const e = this.entries.get(key);
    return !!e && now - e.lastUpdate < e.backoffMs;
  }

  /** Forgets keys idle for longer than twice the maximum delay. */
  gc(now: number): void {
    for (const [k, e] of this.entries) if (now - e.lastUpdate > 2 * this.maxMs) this.entries.delete(k);
  }
}
