// The storage cluster events VolumeBinding listens to, and their queueing hints (upstream's
// EventsToRegister for the plugin). The scheduler's component (app.ts) feeds them to the queue from the
// PVC, PV and StorageClass informers.

import type { KubeObject } from '../../../api/types.js';
import { podClaims, type StorageClass } from '../../../machinery/volume/index.js';
import type { Pod } from '../../framework/api.js';
import { ACTION_UPDATE, ActionType, type ClusterEvent, type EventResource, type QueueingHint } from '../../framework/events.js';

export type StorageResource = 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass';

// framework/events.ts's EventResource does not list the storage resources yet; the queue compares the
// names as strings, so they travel as EventResource values.
function resource(r: StorageResource): EventResource {
  return r as string as EventResource;
}

/** The event for an informer add or update of a storage object. */
export function storageEvent(r: StorageResource, action: 'Add' | 'Update'): ClusterEvent {
  return { resource: resource(r), actionType: action === 'Add' ? ActionType.Add : ActionType.UpdateOther, label: `${r}${action}` };
}

/** A registration for the adds and updates of a storage resource. */
export function registeredEvent(r: StorageResource, label: string): ClusterEvent {
  return { resource: resource(r), actionType: ActionType.Add | ACTION_UPDATE, label };
}

/** A claim the pod uses was added or changed (isSchedulableAfterPersistentVolumeClaimChange). */
export function claimChangeHint(pod: Pod, _oldObj: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint {
  if (!newObj) return 'Queue';
  if ((newObj.metadata.namespace ?? '') !== (pod.metadata.namespace ?? '')) return 'QueueSkip';
  const name = newObj.metadata.name ?? '';
  return podClaims(pod).some((c) => c.name === name) ? 'Queue' : 'QueueSkip';
}

/** A class was added, or its allowedTopologies changed (isSchedulableAfterStorageClassChange). */
export function storageClassChangeHint(_pod: Pod, oldObj: KubeObject | undefined, newObj: KubeObject | undefined): QueueingHint {
  if (!oldObj || !newObj) return 'Queue';
  // As apimachinery's semantic equality: an empty list equals none.
  const topologies = (o: KubeObject) => {
    const t = (o as StorageClass).allowedTopologies;
    return JSON.stringify(t && t.length > 0 ? t : null);
  };
  const before = topologies(oldObj);
  const after = topologies(newObj);
  return before === after ? 'QueueSkip' : 'Queue';
}
