import type { KubeObject } from '../../api/types.js';

// events.k8s.io/v1 Event ↔ core/v1 Event: the same object with renamed fields.
const RENAMES: Array<[string, string]> = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];
const SAME = ['metadata', 'eventTime', 'series', 'action', 'reason', 'type', 'related', 'reportingInstance'];

function move(from: KubeObject, pairs: Array<[string, string]>, apiVersion: string): KubeObject {
  const out: KubeObject = { apiVersion, kind: 'Event', metadata: from.metadata };
  for (const k of SAME) if (from[k] !== undefined) out[k] = from[k];
  for (const [a, b] of pairs) if (from[a] !== undefined) out[b] = from[a];
  return out;
}

export function eventsV1ToCore(o: KubeObject): KubeObject {
  return move(o, RENAMES, 'v1');
}

export function eventsV1FromCore(o: KubeObject): KubeObject {
  return move(o, RENAMES.map(([a, b]) => [b, a]), 'events.k8s.io/v1');
}
