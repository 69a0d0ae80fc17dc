// Cache keys ("namespace/name", or "name" for cluster-scoped objects) and the tombstone a delete
// handler gets when the object vanished while the informer was not watching.

import type { KubeObject } from '../../api/types.js';

export function metaNamespaceKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/**
 * The object was deleted while the watch was down: the relist no longer had it. `obj` is the last
 * state the cache knew (it may be stale).
 */
export class DeletedFinalStateUnknown<T extends KubeObject = KubeObject> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** The key of an object or of a tombstone (client-go's DeletionHandlingMetaNamespaceKeyFunc). */
export function deletionHandlingKey(obj: KubeObject | DeletedFinalStateUnknown): string {
  return obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKey(obj);
}

/** The object of an object or a tombstone. */
export function objectOf<T extends KubeObject>(obj: T | DeletedFinalStateUnknown<T>): T {
  return obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
}
