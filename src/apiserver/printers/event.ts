// core/v1 Event and events.k8s.io/v1 Event. Upstream prints both from the same internal type, so
// the events.k8s.io shape is first mapped onto the core field names.

import { nameColumn, text, wide } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { n, name, num, obj, s, str, type Json } from './fields.js';
import { firstNonEmpty } from './format.js';
import type { KubeObject, TablePrinter } from './types.js';

const columns = [
  text('Last Seen', 'How long ago the event was last observed.'),
  text('Type', 'Normal or Warning.'),
  text('Reason', 'A short machine-readable reason for the event.'),
  text('Object', 'The object the event is about, as kind/name.'),
  wide('Subobject', 'The part of the object the event is about (a field path such as a container).'),
  wide('Source', 'The component, and host, that reported the event.'),
  text('Message', 'The human-readable description of the event.'),
  wide('First Seen', 'How long ago the event was first observed.'),
  wide('Count', 'How many times the event has occurred.'),
  { ...nameColumn(), priority: 1 },
];

/** The core/v1 view of an event: the fields the printer reads, under their core names. */
interface CoreEvent {
  name: string;
  type: string;
  reason: string;
  message: string;
  involved: Json | undefined;
  source: Json | undefined;
  firstTimestamp: string | undefined;
  lastTimestamp: string | undefined;
  eventTime: string | undefined;
  count: number;
  series: Json | undefined;
  reportingController: string;
  reportingInstance: string;
}

function fromCore(ev: KubeObject): CoreEvent {
  return {
    name: name(ev),
    type: s(ev, 'type'),
    reason: s(ev, 'reason'),
    message: s(ev, 'message'),
    involved: obj(ev, 'involvedObject'),
    source: obj(ev, 'source'),
    firstTimestamp: str(ev, 'firstTimestamp'),
    lastTimestamp: str(ev, 'lastTimestamp'),
    eventTime: str(ev, 'eventTime'),
    count: n(ev, 'count'),
    series: obj(ev, 'series'),
    reportingController: s(ev, 'reportingComponent'),
    reportingInstance: s(ev, 'reportingInstance'),
  };
}

function fromEventsAPI(ev: KubeObject): CoreEvent {
  return {
    name: name(ev),
    type: s(ev, 'type'),
    reason: s(ev, 'reason'),
    message: s(ev, 'note'),
    involved: obj(ev, 'regarding'),
    source: obj(ev, 'deprecatedSource'),
    firstTimestamp: str(ev, 'deprecatedFirstTimestamp'),
    lastTimestamp: str(ev, 'deprecatedLastTimestamp'),
    eventTime: str(ev, 'eventTime'),
    count: n(ev, 'deprecatedCount'),
    series: obj(ev, 'series'),
    reportingController: s(ev, 'reportingController'),
    reportingInstance: s(ev, 'reportingInstance'),
  };
}

function sourceText(ev: CoreEvent): string {
  const component = firstNonEmpty(s(ev.source, 'component'), ev.reportingController);
  const host = firstNonEmpty(s(ev.source, 'host'), ev.reportingInstance);
  return host === '' ? component : `${component}, ${host}`;
}

function eventCells(ev: CoreEvent, now: Date): unknown[] {
  const hasFirst = translateTimestampSince(ev.firstTimestamp, now) !== '<unknown>';
  const firstSeen = hasFirst ? translateTimestampSince(ev.firstTimestamp, now) : translateTimestampSince(ev.eventTime, now);
  const hasLast = translateTimestampSince(ev.lastTimestamp, now) !== '<unknown>';
  let lastSeen = hasLast ? translateTimestampSince(ev.lastTimestamp, now) : firstSeen;
  let count = ev.count;
  if (ev.series !== undefined) {
    lastSeen = translateTimestampSince(str(ev.series, 'lastObservedTime'), now);
    count = num(ev.series, 'count') ?? 0;
  } else if (count === 0) {
    // Events recorded through events.k8s.io carry no count when they happened once.
    count = 1;
  }
  const kind = s(ev.involved, 'kind').toLowerCase();
  const involvedName = s(ev.involved, 'name');
  const target = involvedName === '' ? kind : `${kind}/${involvedName}`;
  return [
    lastSeen,
    ev.type,
    ev.reason,
    target,
    s(ev.involved, 'fieldPath'),
    sourceText(ev),
    ev.message.trim(),
    firstSeen,
    count,
    ev.name,
  ];
}

export const eventPrinter: TablePrinter = {
  columns,
  cells: (ev, now) => eventCells(fromCore(ev), now),
};

export const eventsAPIEventPrinter: TablePrinter = {
  columns,
  cells: (ev, now) => eventCells(fromEventsAPI(ev), now),
};
