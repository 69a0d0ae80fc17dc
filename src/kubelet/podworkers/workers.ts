// One sequential worker per pod UID (upstream pkg/kubelet/pod_workers.go): updates for a pod never run
// concurrently; an update that arrives while a sync runs makes exactly one more sync afterwards. A sync
// can ask to run again at a given time (a back-off ends), and every pod is resynced periodically.

import { realClock, type Clock, type Timer } from '../../machinery/clock/index.js';

export interface SyncOutcome {
  /** Sync again at this time (ms since the epoch). */
  retryAt?: number;
  /** The pod is finished here: drop its worker. */
  finished?: boolean;
}

export interface PodWorkersOptions {
  sync: (uid: string, signal: AbortSignal) => Promise<SyncOutcome>;
  clock?: Clock;
  /** Periodic resync (upstream syncFrequency 1 min; default 10 s). */
  resyncIntervalMs?: number;
  /** Wait after a failed sync (default 1 s, doubling to 30 s). */
  errorBackoffMs?: number;
  log?: (m: string) => void;
}

interface Worker {
  pending: boolean;
  running: Promise<void> | null;
  timer?: Timer;
  timerAt?: number;
  errors: number;
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private readonly clock: Clock;
  private readonly log: (m: string) => void;
  private signal: AbortSignal = new AbortController().signal;

  constructor(private readonly o: PodWorkersOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
  }

  start(signal: AbortSignal): void {
    this.signal = signal;
    signal.addEventListener('abort', () => {
      for (const w of this.workers.values()) w.timer?.cancel();
    });
  }

  /** UIDs with a worker. */
  uids(): string[] {
    return [...this.workers.keys()];
  }

  /** Sync the pod soon (now, or right after the running sync). */
  update(uid: string): void {
    if (this.signal.aborted) return;
    let w = this.workers.get(uid);
    if (!w) {
      w = { pending: false, running: null, errors: 0 };
      this.workers.set(uid, w);
    }
    w.pending = true;
    if (!w.running) w.running = this.loop(uid, w);
  }

  private schedule(uid: string, w: Worker, at: number): void {
    if (w.timer && w.timerAt !== undefined && w.timerAt <= at && w.timerAt > this.clock.now()) return;
    w.timer?.cancel();
    w.timerAt = at;
    w.timer = this.clock.setTimeout(() => {
      w.timer = undefined;
      w.timerAt = undefined;
      if (this.workers.get(uid) === w) this.update(uid);
    }, Math.max(0, at - this.clock.now()));
  }

  private async loop(uid: string, w: Worker): Promise<void> {
    while (w.pending && !this.signal.aborted) {
      w.pending = false;
      let out: SyncOutcome = {};
      try {
        out = await this.o.sync(uid, this.signal);
        w.errors = 0;
      } catch (err) {
        w.errors++;
        const wait = Math.min((this.o.errorBackoffMs ?? 1000) * 2 ** (w.errors - 1), 30_000);
        this.log(`sync of pod ${uid} failed (retry in ${wait} ms): ${(err as Error).stack ?? err}`);
        out = { retryAt: this.clock.now() + wait };
      }
      if (out.finished) {
        w.timer?.cancel();
        if (!w.pending) {
          this.workers.delete(uid);
          w.running = null;
          return;
        }
        continue;
      }
      const resync = this.clock.now() + (this.o.resyncIntervalMs ?? 10_000);
      this.schedule(uid, w, Math.min(out.retryAt ?? resync, resync));
    }
    w.running = null;
  }

  /** Waits for every running sync (for shutdown and tests). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.workers.values()].map((w) => w.running).filter((p): p is Promise<void> => !!p);
      if (!running.length) return;
      await Promise.all(running);
    }
  }
}
