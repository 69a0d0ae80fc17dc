import { f, listOf, typeMeta, type TypeDef } from '../dsl.js';

// events.k8s.io/v1: Events, the newer shape of core/v1 Event.

export const eventsTypes: TypeDef[] = [
  {
    id: 'events.v1.Event',
    description: 'A report of something that happened in the cluster, kept for a limited time.',
    gvk: [{ group: 'events.k8s.io', version: 'v1', kind: 'Event' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      eventTime: f(2, 'MicroTime', 'When the event was first observed.', { required: true }),
      series: f(3, 'events.v1.EventSeries', 'Data about the series this event belongs to; unset for a one-off event.'),
      reportingController: f(4, 'string', 'Controller that emitted the event, such as kubernetes.io/kubelet.'),
      reportingInstance: f(5, 'string', 'ID of the controller instance that emitted the event, at most 128 characters.'),
      action: f(6, 'string', 'Machine-readable action that was taken or failed on the regarding object.'),
      reason: f(7, 'string', 'Why the action was taken, at most 128 characters.'),
      regarding: f(8, 'core.v1.ObjectReference', 'The object the event is about.'),
      related: f(9, 'core.v1.ObjectReference', 'A second object involved in the event, if any.'),
      note: f(10, 'string', 'Human-readable description of the event, at most 1kB.'),
      type: f(11, 'string', 'Normal or Warning.'),
      deprecatedSource: f(12, 'core.v1.EventSource', 'The core/v1 Event source field, kept for compatibility.'),
      deprecatedFirstTimestamp: f(13, 'Time', 'The core/v1 Event firstTimestamp field, kept for compatibility.'),
      deprecatedLastTimestamp: f(14, 'Time', 'The core/v1 Event lastTimestamp field, kept for compatibility.'),
      deprecatedCount: f(15, 'int32', 'The core/v1 Event count field, kept for compatibility.'),
    },
  },
  {
    id: 'events.v1.EventSeries',
    description: 'Information about an event that keeps recurring.',
    fields: {
      count: f(1, 'int32', 'Occurrences so far, as of the last heartbeat.', { required: true }),
      lastObservedTime: f(2, 'MicroTime', 'When the last occurrence before the last heartbeat was seen.', { required: true }),
    },
  },
  listOf('events.v1.Event', { group: 'events.k8s.io', version: 'v1', kind: 'EventList' }),
];
