// The event correlator (client-go's tools/record events_cache.go), in three steps per event:
//  1. aggregate: more than 10 events differing only in message for one object and reason within
//     10 minutes become one event "(combined from similar events): <latest message>";
//  2. observe: an event seen before (same source, object, type, reason, message) becomes a patch
//     bumping count and lastTimestamp of the one already written;
//  3. spam filter: each source+object may emit a burst of 25 events, refilled one per 5 minutes.

import type { Clock } from '../clock/clock.js';
import { TokenBucket } from '../clock/tokenbucket.js';
import { LRU } from './lru.js';
import type { CoreEvent } from './types.js';

export interface CorrelatorOptions {
  /** Similar events before aggregation (default 10). */
  maxEvents?: number;
  /** Window of similar events (default 600 s). */
  maxIntervalMs?: number;
  /** Events per source+object before throttling (default 25). */
  spamBurst?: number;
  /** Refill rate per second (default 1/300). */
  spamQps?: number;
  lruSize?: number;
}

export interface CorrelateResult {
  event: CoreEvent;
  /** When set, patch the existing event (strategic merge) instead of creating one. */
  patch?: { count: number; lastTimestamp: string; message: string };
  skip: boolean;
}

const AGGREGATE_PREFIX = '(combined from similar events): ';

/** Same source, object, type, reason and message. */
export function eventKey(e: CoreEvent): string {
  const o = e.involvedObject;
  return [e.source.component, e.source.host, o.kind, o.namespace, o.name, o.fieldPath, o.uid, o.apiVersion, e.type, e.reason, e.message].map((x) => x ?? '').join('\u0000');
}

function spamKey(e: CoreEvent): string {
  const o = e.involvedObject;
  return [e.source.component, e.source.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion].map((x) => x ?? '').join('\u0000');
}

/** EventAggregatorByReasonFunc: the group (everything but the message) and the member (the message). */
function aggregateKeys(e: CoreEvent): [string, string] {
  const o = e.involvedObject;
  const group = [e.source.component, e.source.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion, e.type, e.reason, e.reportingComponent, e.reportingInstance]
    .map((x) => x ?? '')
    .join('\u0000');
  return [group, e.message];
}

interface AggregateRecord {
  localKeys: Set<string>;
  lastTimestamp: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string;
  name: string;
  resourceVersion: string;
}

export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class EventCorrelator {
  private readonly aggregates: LRU<string, AggregateRecord>;
  private readonly logs: LRU<string, EventLog>;
  private readonly spam: LRU<string, TokenBucket>;
  private readonly maxEvents: number;
  private readonly maxIntervalMs: number;
  private readonly burst: number;
  private readonly qps: number;

  constructor(
    private readonly clock: Clock,
    private readonly newName: (involvedName: string, nowMs: number) => string,
    o: CorrelatorOptions = {},
  ) {
    const size = o.lruSize ?? 4096;
    this.aggregates = new LRU(size);
    this.logs = new LRU(size);
    this.spam = new LRU(size);
    this.maxEvents = o.maxEvents ?? 10;
    this.maxIntervalMs = o.maxIntervalMs ?? 600_000;
    this.burst = o.spamBurst ?? 25;
    this.qps = o.spamQps ?? 1 / 300;
  }

  correlate(input: CoreEvent): CorrelateResult {
    const [aggregated, key] = this.aggregate(input);
    const { event, patch } = this.observe(aggregated, key);
    return { event, ...(patch ? { patch } : {}), skip: this.filter(event) };
  }

  /** Records what the server stored (its name and resourceVersion), for later patches. */
  updateState(e: CoreEvent): void {
    this.logs.set(eventKey(e), { count: e.count, firstTimestamp: e.firstTimestamp, name: e.metadata.name ?? '', resourceVersion: e.metadata.resourceVersion ?? '' });
  }

  private aggregate(e: CoreEvent): [CoreEvent, string] {
    const now = this.clock.now();
    const full = eventKey(e);
    const [group, member] = aggregateKeys(e);
    let rec = this.aggregates.get(group);
    if (!rec || now - rec.lastTimestamp > this.maxIntervalMs) rec = { localKeys: new Set(), lastTimestamp: 0 };
    rec.localKeys.add(member);
    rec.lastTimestamp = now;
    this.aggregates.set(group, rec);
    if (rec.localKeys.size < this.maxEvents) return [e, full];
    // Keep the set from growing: drop one member.
    const first = rec.localKeys.values().next().value;
    if (first !== undefined) rec.localKeys.delete(first);
    const t = metaTime(now);
    const combined: CoreEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.newName(e.involvedObject.name ?? '', now), namespace: e.metadata.namespace! },
      involvedObject: e.involvedObject,
      reason: e.reason,
      message: AGGREGATE_PREFIX + e.message,
      source: e.source,
      firstTimestamp: t,
      lastTimestamp: t,
      count: 1,
      type: e.type,
      ...(e.reportingComponent !== undefined ? { reportingComponent: e.reportingComponent } : {}),
      ...(e.reportingInstance !== undefined ? { reportingInstance: e.reportingInstance } : {}),
    };
    return [combined, group];
  }

  private observe(e: CoreEvent, key: string): { event: CoreEvent; patch?: CorrelateResult['patch'] } {
    const event: CoreEvent = { ...e, metadata: { ...e.metadata } };
    const last = this.logs.get(key);
    let patch: CorrelateResult['patch'];
    if (last && last.count > 0) {
      event.metadata.name = last.name;
      event.metadata.resourceVersion = last.resourceVersion;
      event.firstTimestamp = last.firstTimestamp;
      event.count = last.count + 1;
      patch = { count: event.count, lastTimestamp: event.lastTimestamp, message: event.message };
    }
    this.logs.set(key, { count: event.count, firstTimestamp: event.firstTimestamp, name: event.metadata.name ?? '', resourceVersion: event.metadata.resourceVersion ?? '' });
    return patch ? { event, patch } : { event };
  }

  private filter(e: CoreEvent): boolean {
    const key = spamKey(e);
    let bucket = this.spam.get(key);
    if (!bucket) bucket = new TokenBucket(this.qps, this.burst, this.clock);
    const skip = !bucket.tryAccept();
    this.spam.set(key, bucket);
    return skip;
  }
}
