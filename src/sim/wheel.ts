// One timer for everything the simulator does later (lease renewals, status heartbeats, container
// exits): keys are dropped into buckets of `tickMs` by due time, and a single clock timer, armed for the
// earliest bucket, hands each bucket's keys to onDue. Scheduling a key again moves it.

import type { Clock, Timer } from '../machinery/clock/index.js';

export interface TimerWheelOptions<K> {
  clock: Clock;
  tickMs: number;
  onDue(keys: K[]): void;
}

export class TimerWheel<K> {
  private readonly buckets = new Map<number, Set<K>>();
  private readonly bucketOf = new Map<K, number>();
  private timer: Timer | undefined;
  private armedFor = Infinity;
  private stopped = false;

  constructor(private readonly o: TimerWheelOptions<K>) {}

  get size(): number {
    return this.bucketOf.size;
  }

  /** Runs onDue for key at (or just after) atMs. */
  schedule(key: K, atMs: number): void {
    if (this.stopped) return;
    const b = Math.ceil(atMs / this.o.tickMs);
    const cur = this.bucketOf.get(key);
    if (cur === b) return;
    if (cur !== undefined) this.buckets.get(cur)?.delete(key);
    let set = this.buckets.get(b);
    if (!set) this.buckets.set(b, (set = new Set()));
    set.add(key);
    this.bucketOf.set(key, b);
    if (b < this.armedFor) this.arm(b);
  }

  cancel(key: K): void {
    const cur = this.bucketOf.get(key);
    if (cur === undefined) return;
    this.bucketOf.delete(key);
    this.buckets.get(cur)?.delete(key);
  }

  has(key: K): boolean {
    return this.bucketOf.has(key);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.buckets.clear();
    this.bucketOf.clear();
  }

  private arm(bucket: number): void {
    this.timer?.cancel();
    this.armedFor = bucket;
    this.timer = this.o.clock.setTimeout(() => this.fire(), Math.max(0, bucket * this.o.tickMs - this.o.clock.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = Math.floor(this.o.clock.now() / this.o.tickMs);
    const due: K[] = [];
    let next = Infinity;
    for (const [b, set] of this.buckets) {
      if (b > now) {
        if (set.size) next = Math.min(next, b);
        else this.buckets.delete(b);
        continue;
      }
      for (const k of set) {
        due.push(k);
        this.bucketOf.delete(k);
      }
      this.buckets.delete(b);
    }
    if (next !== Infinity) this.arm(next);
    if (due.length) this.o.onDue(due);
  }
}
