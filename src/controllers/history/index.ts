// ControllerRevision helpers shared by the DaemonSet and StatefulSet controllers.

export { goJSON } from './gojson.js';
export { fnv32, fnv32a, safeEncodeString, int32LE } from './hash.js';
export {
  CONTROLLER_REVISION_HASH_LABEL,
  type ControllerRevision,
  type NewRevisionOptions,
  templatePatch,
  revisionData,
  templateOfRevision,
  hashControllerRevision,
  controllerRevisionName,
  newControllerRevision,
  equalRevision,
  findEqualRevisions,
  sortRevisions,
  nextRevision,
} from './revision.js';
export { RevisionHistory, type ClaimRevisionsOptions } from './history.js';
