// An informer index from an object's controller UID to the objects it controls, with orphans indexed
// by namespace: what a controller needs to find its own pods (and the ones it could adopt) without
// scanning every object of the namespace on each sync.

import type { KubeObject } from '../../api/types.js';
import type { SharedIndexInformer } from '../informers/index.js';
import { controllerOf } from './controllerref.js';

export const CONTROLLER_UID_INDEX = 'kts.io/controller-uid';

export const orphanIndexValue = (namespace: string | undefined): string => `orphan/${namespace ?? ''}`;

export function controllerUIDIndexFunc(obj: KubeObject): string[] {
  const ref = controllerOf(obj);
  return [ref ? ref.uid : orphanIndexValue(obj.metadata.namespace)];
}

/** Adds the index to a (shared) informer unless another controller did already. */
export function ensureControllerIndex<T extends KubeObject>(informer: SharedIndexInformer<T>): void {
  if (!informer.indexer.hasIndexer(CONTROLLER_UID_INDEX)) informer.indexer.addIndexers({ [CONTROLLER_UID_INDEX]: controllerUIDIndexFunc });
}

/** Objects controlled by the owner with this UID. */
export function controlledBy<T extends KubeObject>(informer: SharedIndexInformer<T>, uid: string): T[] {
  return informer.indexer.byIndex(CONTROLLER_UID_INDEX, uid);
}

/** Objects of the namespace that no controller owns. */
export function orphansIn<T extends KubeObject>(informer: SharedIndexInformer<T>, namespace: string | undefined): T[] {
  return informer.indexer.byIndex(CONTROLLER_UID_INDEX, orphanIndexValue(namespace));
}
