// Exponential backoff with jitter that resets after a quiet period (client-go's
// ExponentialBackoffManager as the reflector uses it: 800 ms doubling to 30 s, jitter 1.0, reset
// after 2 minutes without failures).

import type { Clock } from '../clock/clock.js';

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  resetAfterMs?: number;
  factor?: number;
  /** Delay × (1 + random × jitter). */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  private current: number;
  private lastAt = -Infinity;
  private readonly o: Required<BackoffOptions>;

  constructor(
    private readonly clock: Clock,
    o: BackoffOptions = {},
  ) {
    this.o = { initialMs: 800, maxMs: 30_000, resetAfterMs: 120_000, factor: 2, jitter: 1, random: Math.random, ...o };
    this.current = this.o.initialMs;
  }

  /** The next delay. */
  next(): number {
    const now = this.clock.now();
    if (now - this.lastAt > this.o.resetAfterMs) this.current = this.o.initialMs;
    this.lastAt = now;
    const base = this.current;
    this.current = Math.min(this.current * this.o.factor, this.o.maxMs);
    return Math.round(base * (1 + this.o.random() * this.o.jitter));
  }

  reset(): void {
    this.current = this.o.initialMs;
  }
}
