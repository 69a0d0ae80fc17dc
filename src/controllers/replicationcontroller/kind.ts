// core/v1 ReplicationControllers for the shared replica controller: the same logic as ReplicaSets,
// with a plain map as the selector (upstream converts RCs to ReplicaSets for the same code).

import { selectorFromSet } from '../../machinery/labels/index.js';
import type { ReplicaKind } from '../replicaset/index.js';

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

export const replicationControllerKind: ReplicaKind = {
  resource: { group: '', version: 'v1', resource: 'replicationcontrollers', namespaced: true },
  gvk: { apiVersion: 'v1', kind: 'ReplicationController' },
  component: 'replication-controller',
  workersFlag: 'concurrent-rc-syncs',
  // An empty map selects everything, as upstream's labels.SelectorFromSet (validation forbids it).
  selector: (rc) => selectorFromSet(stringMap(rc.spec?.selector)),
};
