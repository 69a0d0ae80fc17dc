// What differs between a ReplicaSet and a ReplicationController for the controller that keeps their
// pods (upstream runs the ReplicaSet controller for both, through a conversion adapter): the
// resource, the kind written into owner references and events, the event source, the flag naming
// the worker count, and how the selector is spelled.

import type { ResourceRef } from '../../machinery/client/index.js';
import { fromLabelSelector, type LabelSelector, type Selector } from '../../machinery/labels/index.js';
import type { ReplicaOwner } from './types.js';

export interface ReplicaKind {
  resource: ResourceRef;
  gvk: { apiVersion: string; kind: string };
  /** Event source component ("replicaset-controller"). */
  component: string;
  /** kube-controller-manager flag with the number of workers ("concurrent-replicaset-syncs"). */
  workersFlag: string;
  /** The owner's pod selector; throws when it cannot be parsed. */
  selector(owner: ReplicaOwner): Selector;
}

export const replicaSetKind: ReplicaKind = {
  resource: { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true },
  gvk: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  component: 'replicaset-controller',
  workersFlag: 'concurrent-replicaset-syncs',
  selector: (rs) => fromLabelSelector((rs.spec?.selector ?? null) as LabelSelector | null),
};
