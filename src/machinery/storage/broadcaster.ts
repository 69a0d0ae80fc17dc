import { WatchChannel } from './channel.js';
import { errors } from './errors.js';
import type { Watch, WatchEvent } from './interface.js';
import { prefixEnd } from './keys.js';

export interface SubscribeOptions {
  /** Deliver events with a revision greater than this; 0: from now on. */
  fromRevision?: number;
  prefix?: boolean;
  progressNotify?: boolean;
  signal?: AbortSignal;
  maxBuffered?: number;
}

export interface BroadcasterOptions {
  /** How many recent events to keep for replaying to new watchers. */
  historySize?: number;
  /** Interval of idle PROGRESS events for watchers that asked for them. */
  progressIntervalMs?: number;
  /**
   * Synchronously returns the events after `fromRevision` up to the latest published one, for starts
   * older than the in-memory history; throws TooOld if they were compacted. Absent: such starts fail with TooOld.
   */
  replay?: (fromRevision: number, keyOrPrefix: string, prefix: boolean) => WatchEvent[];
}

interface Subscriber {
  ch: WatchChannel;
  key: string;
  end: string | null; // null: exact key
  progress: boolean;
  lastSent: number;
}

/**
 * Fan-out of one ordered event stream to many watchers: publish() each event once, in revision order;
 * every subscriber whose key or prefix matches gets it. Keeps a ring of recent events so that a new
 * watcher can start from a recent revision without touching the backend.
 */
export class Broadcaster {
  private subs = new Set<Subscriber>();
  private ring: WatchEvent[] = [];
  private ringStart = 0;
  private readonly historySize: number;
  private readonly replay: BroadcasterOptions['replay'];
  private timer: NodeJS.Timeout | null = null;
  private latest: number;
  /** The ring holds every published event with a revision greater than this. */
  private completeAfter: number;
  private compacted = 0;

  constructor(currentRevision: number, opts: BroadcasterOptions = {}) {
    this.latest = currentRevision;
    this.completeAfter = currentRevision;
    this.historySize = opts.historySize ?? 10_000;
    this.replay = opts.replay;
    const every = opts.progressIntervalMs ?? 5_000;
    if (every > 0) {
      this.timer = setInterval(() => this.idleProgress(), every);
      this.timer.unref();
    }
  }

  get revision(): number {
    return this.latest;
  }

  get size(): number {
    return this.subs.size;
  }

  publish(ev: WatchEvent): void {
    if (ev.revision <= this.latest) return; // at most once, in order
    this.latest = ev.revision;
    if (this.ring.length - this.ringStart >= this.historySize) {
      this.completeAfter = this.ring[this.ringStart]!.revision;
      this.ringStart++;
      if (this.ringStart > 4096) {
        this.ring = this.ring.slice(this.ringStart);
        this.ringStart = 0;
      }
    }
    this.ring.push(ev);
    for (const s of this.subs) this.deliver(s, ev);
  }

  /** History at and below `revision` is gone: watches that start before it fail with TooOld. */
  setCompacted(revision: number): void {
    if (revision > this.compacted) this.compacted = revision;
  }

  /** Advance the revision without an event (e.g. a write under keys nobody here watches). */
  advance(revision: number): void {
    if (revision > this.latest) this.latest = revision;
  }

  subscribe(keyOrPrefix: string, opts: SubscribeOptions = {}): Watch {
    const isPrefix = opts.prefix ?? true;
    const sub: Subscriber = {
      ch: null as unknown as WatchChannel,
      key: keyOrPrefix,
      end: isPrefix ? prefixEnd(keyOrPrefix) : null,
      progress: opts.progressNotify ?? false,
      lastSent: 0,
    };
    sub.ch = new WatchChannel({
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.maxBuffered !== undefined ? { maxBuffered: opts.maxBuffered } : {}),
      onClose: () => this.subs.delete(sub),
      onRequestProgress: () => this.sendProgress(sub),
    });
    if (sub.ch.closed) return sub.ch;
    const from = opts.fromRevision && opts.fromRevision > 0 ? opts.fromRevision : this.latest;
    sub.lastSent = from;
    if (from < this.latest) {
      try {
        for (const ev of this.backlog(from, keyOrPrefix, isPrefix)) this.deliver(sub, ev);
      } catch (err) {
        sub.ch.fail(err as never);
        return sub.ch;
      }
    }
    this.subs.add(sub);
    return sub.ch;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const s of [...this.subs]) s.ch.close();
  }

  /** Ends every watcher with an error (e.g. the store closed). */
  failAll(err: Parameters<WatchChannel['fail']>[0]): void {
    for (const s of [...this.subs]) s.ch.fail(err);
  }

  private backlog(from: number, key: string, isPrefix: boolean): WatchEvent[] {
    if (from < this.compacted) throw errors.tooOld(from, this.compacted);
    if (from >= this.completeAfter) {
      // Binary search the first event after `from`.
      let lo = this.ringStart;
      let hi = this.ring.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.ring[mid]!.revision <= from) lo = mid + 1;
        else hi = mid;
      }
      return this.ring.slice(lo);
    }
    if (!this.replay) throw errors.tooOld(from, this.completeAfter);
    return this.replay(from, key, isPrefix);
  }

  private matches(s: Subscriber, key: string): boolean {
    return s.end === null ? key === s.key : key >= s.key && key < s.end;
  }

  private deliver(s: Subscriber, ev: WatchEvent): void {
    if (ev.revision <= s.lastSent) return;
    if (!this.matches(s, ev.key)) return;
    s.lastSent = ev.revision;
    s.ch.push(ev);
  }

  private sendProgress(s: Subscriber): void {
    s.lastSent = Math.max(s.lastSent, this.latest);
    s.ch.push({ type: 'PROGRESS', revision: this.latest, key: '' });
  }

  private idleProgress(): void {
    for (const s of this.subs) if (s.progress && s.ch.pending === 0) this.sendProgress(s);
  }
}
