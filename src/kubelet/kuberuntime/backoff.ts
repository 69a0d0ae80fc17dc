// Per-key exponential back-off (client-go's flowcontrol.Backoff, as the kubelet uses it for crashing
// containers and failing image pulls): Next doubles the delay up to the cap; an entry not updated for
// twice the cap is forgotten, so a container that ran for 10 minutes starts over at the initial delay.

import { realClock, type Clock } from '../../machinery/clock/index.js';

interface Entry { backoffMs: number; lastUpdate: number }

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
    private readonly clock: Clock = realClock,
  ) {}

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > 2 * this.maxMs;
  }

  /** Current delay for key (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Moves key to its next delay (initial first, or again after expiry). */
  next(key: string, now = this.clock.now()): void {
    const e = this.entries.get(key);
    if (!e || this.expired(now, e)) this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: now });
    else this.entries.set(key, { backoffMs: Math.min(e.backoffMs * 2, this.maxMs), lastUpdate: now });
  }

  /** Is key still backing off since eventTime (e.g. when a container finished)? */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) return false;
    return this.clock.now() - eventTime < e.backoffMs;
  }

  /** Is key still backing off since its last update (image pulls)? */
  isInBackOffSinceUpdate(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    const now = this.clock.now();
    if (this.expired(now, e)) return false;
    return now - e.lastUpdate < e.backoffMs;
  }

  /** When the back-off of key (counted from its last update) ends; 0 when none. */
  endsAtSinceUpdate(key: string): number {
    const e = this.entries.get(key);
    return e ? e.lastUpdate + e.backoffMs : 0;
  }

  /** When the back-off that started at eventTime ends (ms since epoch). */
  endsAt(key: string, eventTime: number): number {
    return eventTime + this.get(key);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets keys that start with prefix (a pod's entries, when the pod is gone). */
  resetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
