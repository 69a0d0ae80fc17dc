// The clock seam: everything that waits or reads the time (workqueue delays, rate limiters, leader
// election, the event recorder, reflector backoff) takes a Clock, so tests can use FakeClock and run
// fast and deterministically (upstream's k8s.io/utils/clock).

export interface Timer {
  /** Stops the timer; a no-op once it fired. */
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn once after ms milliseconds. */
  setTimeout(fn: () => void, ms: number): Timer;
  /** Resolves after ms milliseconds: true when the time passed, false when the signal aborted first (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

/** Sleep built on setTimeout, shared by both clocks. */
function sleepWith(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      t.cancel();
      resolve(false);
    };
    const t = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
  setTimeout(fn: () => void, ms: number): Timer {
    const h = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(h) };
  }
  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return sleepWith(this, ms, signal);
  }
}

/** The wall clock and Node's timers. */
export const realClock: Clock = new RealClock();

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Lets pending promise continuations (and the macrotasks they queue at once) run. */
export async function flushAsync(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * A clock that only moves when told to. advance() fires due timers in time order, letting async code
 * run between them (so a loop that sleeps again is seen within the same advance).
 */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: FakeTimer[] = [];

  constructor(startMs = Date.parse('2024-01-01T00:00:00Z')) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const timer: FakeTimer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
        this.timers = this.timers.filter((x) => x !== timer);
      },
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return sleepWith(this, ms, signal);
  }

  /** Timers waiting to fire. */
  pending(): number {
    return this.timers.length;
  }

  /** When the earliest timer fires (undefined when none waits). */
  nextAt(): number | undefined {
    let min: number | undefined;
    for (const t of this.timers) if (min === undefined || t.at < min) min = t.at;
    return min;
  }

  /** Moves time forward by ms, firing every timer that comes due (in order), then lets async code settle. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    await flushAsync();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.at);
      next.fn();
      await flushAsync();
    }
    this.t = target;
    await flushAsync();
  }

  /** Sets the time without firing timers that come due (for observing "the clock jumped"). */
  setTime(ms: number): void {
    this.t = ms;
  }

  /** Waits (in real time, briefly) until at least n timers are pending. */
  async waitForTimers(n = 1, maxTurns = 1000): Promise<void> {
    for (let i = 0; i < maxTurns && this.timers.length < n; i++) await flushAsync(1);
    if (this.timers.length < n) throw new Error(`FakeClock: expected ${n} pending timers, have ${this.timers.length}`);
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }
}
