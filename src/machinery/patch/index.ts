// Kubernetes' patch semantics for the apiserver: JSON patch, JSON merge patch, strategic merge patch,
// server-side apply and managedFields tracking of ordinary writes.

export type { JsonObject, JsonPrimitive, JsonValue } from './json.js';
export { isPatchError, PatchError, type PatchErrorReason, type StatusCause, type StatusLike } from './errors.js';
export { jsonPatch, MAX_JSON_PATCH_OPERATIONS, type JsonPatchOperation } from './json-patch.js';
export { mergePatch } from './merge-patch.js';
export { atomicUntypedMeta, undeclaredField, untypedMeta, type FieldMeta, type ListType, type PatchMeta } from './meta.js';
export { schemaPatchMeta } from './schema-meta.js';
export { strategicMergePatch } from './strategic/index.js';
export { apply, type ApplyOptions, type ApplyResult } from './apply/apply.js';
export { trackUpdate, type TrackResult } from './apply/track-update.js';
export type { FieldManagerOptions } from './apply/pipeline.js';
export { LAST_APPLIED_ANNOTATION } from './apply/last-applied.js';
export { managerFromRequest } from './apply/manager-name.js';
export { FieldSet } from './fieldpath/set.js';
export { fromFieldsV1, toFieldsV1 } from './fieldpath/fields-v1.js';
export { pathString, type Path, type PathElement } from './fieldpath/element.js';
