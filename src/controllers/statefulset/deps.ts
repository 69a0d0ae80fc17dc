// What a StatefulSet sync needs from its controller.

import type { ResourceClient } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import type { EventRecorder, ObjectReference } from '../../machinery/events/index.js';
import type { Lister } from '../../machinery/informers/index.js';
import type { ControllerRevision, RevisionHistory } from '../history/index.js';
import { STS_GVK, type PersistentVolumeClaim, type Pod, type StatefulSet } from './types.js';

export interface StsDeps {
  pods: ResourceClient<Pod>;
  claims: ResourceClient<PersistentVolumeClaim>;
  sets: ResourceClient<StatefulSet>;
  revisions: ResourceClient<ControllerRevision>;
  history: RevisionHistory;
  setLister: Lister<StatefulSet>;
  podLister: Lister<Pod>;
  claimLister: Lister<PersistentVolumeClaim>;
  revisionLister: Lister<ControllerRevision>;
  recorder: EventRecorder;
  clock: Clock;
  enqueueAfter(key: string, ms: number): void;
}

export function setRef(set: StatefulSet): ObjectReference {
  return { ...STS_GVK, name: set.metadata.name, namespace: set.metadata.namespace, uid: set.metadata.uid, resourceVersion: set.metadata.resourceVersion };
}
