// What a DaemonSet sync needs from its controller.

import type { ResourceClient } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import type { Expectations } from '../../machinery/controller/index.js';
import type { EventRecorder, ObjectReference } from '../../machinery/events/index.js';
import type { Lister } from '../../machinery/informers/index.js';
import type { ControllerRevision, RevisionHistory } from '../history/index.js';
import type { Backoff } from './backoff.js';
import { DS_GVK, type DaemonSet, type Node, type Pod } from './types.js';

export const BURST_REPLICAS = 250;

export interface DsDeps {
  pods: ResourceClient<Pod>;
  daemonSets: ResourceClient<DaemonSet>;
  revisions: ResourceClient<ControllerRevision>;
  history: RevisionHistory;
  dsLister: Lister<DaemonSet>;
  podLister: Lister<Pod>;
  nodeLister: Lister<Node>;
  revisionLister: Lister<ControllerRevision>;
  recorder: EventRecorder;
  clock: Clock;
  expectations: Expectations;
  failedPodsBackoff: Backoff;
  enqueueAfter(key: string, ms: number): void;
}

export function dsRef(ds: DaemonSet): ObjectReference {
  return { ...DS_GVK, name: ds.metadata.name, namespace: ds.metadata.namespace, uid: ds.metadata.uid, resourceVersion: ds.metadata.resourceVersion };
}

export function dsKeyOf(ds: DaemonSet): string {
  return `${ds.metadata.namespace}/${ds.metadata.name}`;
}
