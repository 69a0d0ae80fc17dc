// The event recorder (client-go's tools/record): components report what happened to an object as
// core/v1 Events. Recording never blocks the caller: events queue up (1000 at most, then dropped) and
// one loop writes them — through the correlator, so repeats become count bumps (PATCH), floods of
// similar events are combined, and a chatty source is throttled. A failed write is retried (12 tries,
// 10 s apart, the first wait randomised); a rejection by the server is not.

import { StatusError } from '../errors/status.js';
import type { KubeObject } from '../../api/types.js';
import type { Client, ResourceClient } from '../client/client.js';
import { isNotFound } from '../client/errors.js';
import { realClock, type Clock } from '../clock/clock.js';
import { EventCorrelator, metaTime, type CorrelatorOptions } from './correlator.js';
import { sprintf } from './format.js';
import type { CoreEvent, EventType, ObjectReference } from './types.js';

export interface EventRecorderOptions {
  /** source.component and reportingComponent, e.g. "default-scheduler", "kubelet". */
  component: string;
  /** source.host and reportingInstance, e.g. the node name. */
  host?: string;
  clock?: Clock;
  correlator?: CorrelatorOptions;
  /** Queued events beyond this are dropped (default 1000). */
  queueLength?: number;
  /** Write attempts per event (default 12) and the wait between them (default 10 s). */
  maxTries?: number;
  retryDelayMs?: number;
  log?: (msg: string) => void;
}

/** A reference to an object, as involvedObject. */
export function referenceTo(obj: KubeObject | ObjectReference): ObjectReference {
  if (!('metadata' in obj) || typeof obj.metadata !== 'object' || obj.metadata === null) return { ...(obj as ObjectReference) };
  const o = obj as KubeObject;
  const ref: ObjectReference = {};
  if (o.kind) ref.kind = o.kind;
  if (o.metadata.namespace) ref.namespace = o.metadata.namespace;
  if (o.metadata.name) ref.name = o.metadata.name;
  if (o.metadata.uid) ref.uid = o.metadata.uid;
  if (o.apiVersion) ref.apiVersion = o.apiVersion;
  if (o.metadata.resourceVersion) ref.resourceVersion = o.metadata.resourceVersion;
  return ref;
}

export class EventRecorder {
  private readonly events: ResourceClient<CoreEvent>;
  private readonly clock: Clock;
  private readonly correlator: EventCorrelator;
  private readonly log: (m: string) => void;
  private readonly queue: CoreEvent[] = [];
  private draining: Promise<void> | null = null;
  private seq = 0;
  /** Events dropped since the last time a drop was logged (drops are logged at most every 10 s). */
  private dropped = 0;
  private lastDropLog = -Infinity;
  private stopped = false;
  private readonly stop = new AbortController();

  constructor(
    client: Client,
    private readonly o: EventRecorderOptions,
  ) {
    this.events = client.resource<CoreEvent>('events');
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
    this.correlator = new EventCorrelator(this.clock, (name, ms) => this.eventName(name, ms), o.correlator);
  }

  /** `<involved name>.<hex nanoseconds>`, unique within this recorder even within one millisecond. */
  private eventName(involvedName: string, ms: number): string {
    const nanos = BigInt(Math.floor(ms)) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    return `${involvedName}.${nanos.toString(16)}`;
  }

  /** Records an event about obj (an object with kind and apiVersion, or a reference). */
  event(obj: KubeObject | ObjectReference, type: EventType, reason: string, message: string): void {
    this.record(obj, undefined, type, reason, message);
  }

  eventf(obj: KubeObject | ObjectReference, type: EventType, reason: string, format: string, ...args: unknown[]): void {
    this.record(obj, undefined, type, reason, sprintf(format, ...args));
  }

  annotatedEventf(obj: KubeObject | ObjectReference, annotations: Record<string, string>, type: EventType, reason: string, format: string, ...args: unknown[]): void {
    this.record(obj, annotations, type, reason, sprintf(format, ...args));
  }

  private record(obj: KubeObject | ObjectReference, annotations: Record<string, string> | undefined, type: EventType, reason: string, message: string): void {
    if (this.stopped) return;
    const ref = referenceTo(obj);
    if (!ref.kind || !ref.name) {
      this.log(`could not construct reference to ${JSON.stringify(ref)}: kind and name are required; event dropped (${reason}: ${message})`);
      return;
    }
    if (type !== 'Normal' && type !== 'Warning') {
      this.log(`unsupported event type '${String(type)}'`);
      return;
    }
    if (this.queue.length >= (this.o.queueLength ?? 1000)) {
      this.dropped++;
      const now = this.clock.now();
      if (now - this.lastDropLog >= 10_000) {
        const also = this.dropped > 1 ? ` (${this.dropped} events dropped since the last report)` : '';
        this.log(`event queue full, dropping event ${reason} about ${ref.kind} ${ref.name}${also}`);
        this.dropped = 0;
        this.lastDropLog = now;
      }
      return;
    }
    const now = this.clock.now();
    const t = metaTime(now);
    this.queue.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.eventName(ref.name, now), namespace: ref.namespace || 'default', ...(annotations ? { annotations } : {}) },
      involvedObject: ref,
      reason,
      message,
      source: { component: this.o.component, ...(this.o.host ? { host: this.o.host } : {}) },
      firstTimestamp: t,
      lastTimestamp: t,
      count: 1,
      type,
      reportingComponent: this.o.component,
      reportingInstance: this.o.host ?? '',
    });
    this.kick();
  }

  /** Starts draining the queue unless a drain is running; drains again for events queued as one ends. */
  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length > 0) this.kick();
    });
  }

  /** Resolves when every event recorded so far was written (or given up on). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Stops recording; writes what is queued unless the pending retries are cut short. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    this.stop.abort();
    await this.flush();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const e = this.queue.shift();
      if (!e) return;
      await this.recordToSink(e);
    }
  }

  private async recordToSink(e: CoreEvent): Promise<void> {
    const result = this.correlator.correlate(e);
    if (result.skip) return;
    const maxTries = this.o.maxTries ?? 12;
    const delay = this.o.retryDelayMs ?? 10_000;
    for (let tries = 1; ; tries++) {
      if (await this.write(result.event, result.patch)) return;
      if (tries >= maxTries || this.stop.signal.aborted) {
        this.log(`unable to write event '${result.event.metadata.name}' (retry limit exceeded!)`);
        return;
      }
      const wait = tries === 1 ? Math.random() * delay : delay;
      if (!(await this.clock.sleep(wait, this.stop.signal))) return;
    }
  }

  /** True when done (written, or rejected for good); false to try again. */
  private async write(event: CoreEvent, patch: { count: number; lastTimestamp: string; message: string } | undefined): Promise<boolean> {
    const ns = event.metadata.namespace!;
    try {
      let stored: CoreEvent | undefined;
      if (patch) {
        try {
          stored = await this.events.inNamespace(ns).patch(event.metadata.name!, patch, { type: 'strategic' });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      if (!stored) {
        const fresh: CoreEvent = { ...event, metadata: { ...event.metadata } };
        delete fresh.metadata.resourceVersion;
        stored = await this.events.inNamespace(ns).create(fresh);
      }
      this.correlator.updateState(stored);
      return true;
    } catch (err) {
      if (err instanceof StatusError) {
        if (err.reason !== 'AlreadyExists') this.log(`server rejected event '${event.metadata.name}': ${err.message} (will not retry!)`);
        return true;
      }
      this.log(`unable to write event '${event.metadata.name}': ${(err as Error).message} (may retry after sleeping)`);
      return false;
    }
  }
}
