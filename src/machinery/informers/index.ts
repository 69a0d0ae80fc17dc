export { SharedInformerFactory, waitForCacheSync, dropManagedFields, type SharedInformerFactoryOptions, type InformerOptions } from './factory.js';
export { SharedIndexInformer, type SharedIndexInformerOptions, type HandlerRegistration, type HandlerOptions } from './informer.js';
export { type EventHandler } from './listener.js';
export { Indexer, NAMESPACE_INDEX, namespaceIndexFunc, nodeNameIndexFunc, ownerUIDIndexFunc, type IndexFunc } from './indexer.js';
export { Lister, type LabelSelectorInput } from './lister.js';
export { DeletedFinalStateUnknown, metaNamespaceKey, splitMetaNamespaceKey, deletionHandlingKey, objectOf } from './keys.js';
export { Reflector, type ReflectorOptions, type ReflectorSink, type ReflectorStats } from './reflector.js';
export { Backoff, type BackoffOptions } from './backoff.js';
