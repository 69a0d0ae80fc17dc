import { arr, f, map, typeMeta, type TypeDef } from '../dsl.js';

// meta/v1: the metadata every object carries, and the option and status kinds of the API machinery.

export const metaTypes: TypeDef[] = [
  {
    id: 'meta.v1.ObjectMeta',
    description: 'Metadata that all persisted resources must have.',
    fields: {
      name: f(1, 'string', 'Unique name within a namespace; cannot be updated.'),
      generateName: f(2, 'string', 'Prefix the server uses to generate a unique name when name is empty.'),
      namespace: f(3, 'string', 'The space within which the name must be unique; empty for cluster-scoped objects.'),
      selfLink: f(4, 'string', 'Deprecated; not set by the server.'),
      uid: f(5, 'string', 'Unique in time and space; set by the server on creation.'),
      resourceVersion: f(6, 'string', 'Opaque version of this object, for optimistic concurrency and watches.'),
      generation: f(7, 'int64', 'Sequence number of the desired state (spec); set by the server.'),
      creationTimestamp: f(8, 'Time', 'When the object was created (server time).'),
      deletionTimestamp: f(9, 'Time', 'When the object will be deleted; set by the server when deletion is requested.'),
      deletionGracePeriodSeconds: f(10, 'int64', 'Seconds allowed for graceful termination before removal.'),
      labels: f(11, map('string'), 'Key/value pairs for organizing and selecting objects.'),
      annotations: f(12, map('string'), 'Unstructured key/value data for tools and extensions.'),
      ownerReferences: f(13, arr('meta.v1.OwnerReference'), 'Objects this one depends on; garbage collected when they are gone.', {
        patchStrategy: 'merge',
        patchMergeKey: 'uid',
        listType: 'map',
        listMapKeys: ['uid'],
      }),
      finalizers: f(14, arr('string'), 'Must be empty before the object is removed from storage.', { patchStrategy: 'merge', listType: 'set' }),
      managedFields: f(17, arr('meta.v1.ManagedFieldsEntry'), 'Which manager owns which fields (server-side apply).', { listType: 'atomic' }),
    },
  },
  {
    id: 'meta.v1.ListMeta',
    description: 'Metadata of a list.',
    fields: {
      selfLink: f(1, 'string', 'Deprecated; not set by the server.'),
      resourceVersion: f(2, 'string', 'The version the list was read at; start a watch from it.'),
      continue: f(3, 'string', 'Token to fetch the next page, when the list was limited.'),
      remainingItemCount: f(4, 'int64', 'How many items remain after this page (an estimate).'),
    },
  },
  {
    id: 'meta.v1.OwnerReference',
    description: 'Identifies an owning object in the same namespace (or a cluster-scoped one).',
    structType: 'atomic',
    fields: {
      apiVersion: f(5, 'string', 'API version of the owner.', { required: true }),
      kind: f(1, 'string', 'Kind of the owner.', { required: true }),
      name: f(3, 'string', 'Name of the owner.', { required: true }),
      uid: f(4, 'string', 'UID of the owner.', { required: true }),
      controller: f(6, 'boolean', 'True if the owner is the managing controller.'),
      blockOwnerDeletion: f(7, 'boolean', 'With foreground deletion, the owner is not removed before this object.'),
    },
  },
  {
    id: 'meta.v1.ManagedFieldsEntry',
    description: 'The fields a workflow (manager) owns, and how it last touched them.',
    fields: {
      manager: f(1, 'string', 'Identifier of the workflow managing these fields.'),
      operation: f(2, 'string', 'Apply or Update.', { enum: ['Apply', 'Update'] }),
      apiVersion: f(3, 'string', 'API version the field set is expressed in.'),
      time: f(4, 'Time', 'When these fields were last changed by this manager.'),
      fieldsType: f(6, 'string', 'Format of the field set; always FieldsV1.'),
      fieldsV1: f(7, 'FieldsV1', 'The set of owned fields.'),
      subresource: f(8, 'string', 'Subresource the change was made through, if any.'),
    },
  },
  {
    id: 'meta.v1.LabelSelector',
    description: 'A label query over a set of objects; requirements are ANDed. Empty selects everything.',
    structType: 'atomic',
    fields: {
      matchLabels: f(1, map('string'), 'Each pair is a requirement key In [value].'),
      matchExpressions: f(2, arr('meta.v1.LabelSelectorRequirement'), 'Set-based requirements.', { listType: 'atomic' }),
    },
  },
  {
    id: 'meta.v1.LabelSelectorRequirement',
    description: 'A key, an operator and values.',
    fields: {
      key: f(1, 'string', 'The label key.', { required: true }),
      operator: f(2, 'string', 'In, NotIn, Exists or DoesNotExist.', { required: true }),
      values: f(3, arr('string'), 'Values for In and NotIn; empty for Exists and DoesNotExist.', { listType: 'atomic' }),
    },
  },
  {
    id: 'meta.v1.Condition',
    description: 'One aspect of the current state of a resource.',
    fields: {
      type: f(1, 'string', 'Type of condition in CamelCase.', { required: true }),
      status: f(2, 'string', 'True, False or Unknown.', { required: true, enum: ['True', 'False', 'Unknown'] }),
      observedGeneration: f(3, 'int64', 'The generation the condition was set for.'),
      lastTransitionTime: f(4, 'Time', 'When the status last changed.', { required: true }),
      reason: f(5, 'string', 'Machine-readable reason in CamelCase.', { required: true }),
      message: f(6, 'string', 'Human-readable details.', { required: true }),
    },
  },
  {
    id: 'meta.v1.Preconditions',
    description: 'Must be fulfilled before an operation (update or delete) is carried out.',
    fields: {
      uid: f(1, 'string', 'The target UID.'),
      resourceVersion: f(2, 'string', 'The target resource version.'),
    },
  },
  {
    id: 'meta.v1.DeleteOptions',
    description: 'Options for a delete request.',
    gvk: [{ group: '', version: 'v1', kind: 'DeleteOptions' }],
    fields: {
      ...typeMeta(),
      gracePeriodSeconds: f(1, 'int64', 'Seconds before the object is deleted; 0 deletes at once.'),
      preconditions: f(2, 'meta.v1.Preconditions', 'Must hold for the delete to go ahead.'),
      orphanDependents: f(3, 'boolean', 'Deprecated: use propagationPolicy.'),
      propagationPolicy: f(4, 'string', 'Orphan, Background or Foreground.', { enum: ['Orphan', 'Background', 'Foreground'] }),
      dryRun: f(5, arr('string'), 'All: process the request without persisting it.', { listType: 'atomic' }),
      ignoreStoreReadErrorWithClusterBreakingPotential: f(6, 'boolean', 'Delete objects that cannot be read from storage.'),
    },
  },
  {
    id: 'meta.v1.StatusCause',
    description: 'More information about a failure, often tied to a field.',
    fields: {
      reason: f(1, 'string', 'Machine-readable cause.'),
      message: f(2, 'string', 'Human-readable cause.'),
      field: f(3, 'string', 'The field that caused the error, as a path (spec.containers[0].image).'),
    },
  },
  {
    id: 'meta.v1.StatusDetails',
    description: 'Details of a failure.',
    fields: {
      name: f(1, 'string', 'Name of the resource concerned.'),
      group: f(2, 'string', 'Group of the resource concerned.'),
      kind: f(3, 'string', 'Kind of the resource concerned.'),
      uid: f(6, 'string', 'UID of the resource concerned.'),
      causes: f(4, arr('meta.v1.StatusCause'), 'The causes of the failure.', { listType: 'atomic' }),
      retryAfterSeconds: f(5, 'int32', 'Seconds to wait before retrying.'),
    },
  },
  {
    id: 'meta.v1.Status',
    description: 'The result of a call that does not return an object.',
    gvk: [{ group: '', version: 'v1', kind: 'Status' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ListMeta', 'Standard list metadata.'),
      status: f(2, 'string', 'Success or Failure.'),
      message: f(3, 'string', 'Human-readable description of the status.'),
      reason: f(4, 'string', 'Machine-readable reason (NotFound, AlreadyExists, Conflict, Invalid …).'),
      // upstream marks this object-valued field listType=atomic; kept for identical OpenAPI.
      details: f(5, 'meta.v1.StatusDetails', 'Extended data about the reason.', { listType: 'atomic' }),
      code: f(6, 'int32', 'The HTTP status code.'),
    },
  },
];
