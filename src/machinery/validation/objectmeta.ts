// ObjectMeta validation on create and update (upstream api/validation ValidateObjectMeta /
// ValidateObjectMetaUpdate, plus the core API's finalizer-name rule that every built-in kind gets).

import { type FieldError, forbidden, invalid, required } from './errors.js';
import { validateImmutableField, validateImmutableTime, validateImmutableTimePtr } from './immutable.js';
import { validateLabels } from './labels.js';
import {
  type ManagedFieldsEntryLike,
  type OwnerReferenceLike,
  validateAnnotations,
  validateFinalizers,
  validateKubeFinalizerName,
  validateManagedFields,
  validateNoNewFinalizers,
  validateOwnerReferences,
} from './metafields.js';
import { validateNamespaceName, validateNonnegativeField, type ValidateNameFunc } from './namefuncs.js';
import { FieldPath, path } from './path.js';

export interface ObjectMetaLike {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
  labels?: Readonly<Record<string, string>> | null;
  annotations?: Readonly<Record<string, string>> | null;
  ownerReferences?: readonly OwnerReferenceLike[] | null;
  finalizers?: readonly string[] | null;
  managedFields?: readonly ManagedFieldsEntryLike[] | null;
}

export interface ObjectMetaOptions {
  /** Path of the metadata; default `metadata`. */
  path?: FieldPath;
  /**
   * Apply the core API's rule that a finalizer without '/' must be a standard one ("kubernetes",
   * "orphan", "foregroundDeletion"). Default true (every built-in kind); false for custom resources.
   */
  kubeFinalizerNames?: boolean;
}

export interface ObjectMetaCreateOptions extends ObjectMetaOptions {
  /** Namespaced kinds require metadata.namespace; cluster-scoped kinds forbid it. */
  requiresNamespace: boolean;
  /** Validates metadata.name (prefix=false) and metadata.generateName (prefix=true). */
  nameFn: ValidateNameFunc;
}

function kubeFinalizerErrors(meta: ObjectMetaLike, p: FieldPath, on: boolean | undefined): FieldError[] {
  if (on === false) return [];
  return (meta.finalizers ?? []).flatMap((f, i) => validateKubeFinalizerName(f, p.child('finalizers').index(i)));
}

/** Validates metadata on create; name generation (generateName → name) must already have happened. */
export function validateObjectMeta(meta: ObjectMetaLike, opts: ObjectMetaCreateOptions): FieldError[] {
  const p = opts.path ?? path('metadata');
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? '';
  if (generateName.length > 0) {
    for (const m of opts.nameFn(generateName, true)) errs.push(invalid(p.child('generateName'), generateName, m));
  }
  const name = meta.name ?? '';
  if (name.length === 0) errs.push(required(p.child('name'), 'name or generateName is required'));
  else for (const m of opts.nameFn(name, false)) errs.push(invalid(p.child('name'), name, m));

  const namespace = meta.namespace ?? '';
  if (opts.requiresNamespace) {
    if (namespace.length === 0) errs.push(required(p.child('namespace')));
    else for (const m of validateNamespaceName(namespace, false)) errs.push(invalid(p.child('namespace'), namespace, m));
  } else if (namespace.length > 0) {
    errs.push(forbidden(p.child('namespace'), 'not allowed on this type'));
  }

  errs.push(...validateNonnegativeField(meta.generation ?? 0, p.child('generation')));
  errs.push(...validateLabels(meta.labels, p.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, p.child('annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, p.child('ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, p.child('finalizers')));
  errs.push(...validateManagedFields(meta.managedFields, p.child('managedFields')));
  errs.push(...kubeFinalizerErrors(meta, p, opts.kubeFinalizerNames));
  return errs;
}

export interface ObjectMetaUpdateOptions extends ObjectMetaOptions {
  /**
   * Reject an empty metadata.resourceVersion ("must be specified for an update"). Off by default: the
   * caller decides, as upstream's store fills in the current version for unconditional updates first.
   */
  requireResourceVersion?: boolean;
}

/** Validates metadata on update: immutable fields, no new finalizers while deleting, and the create-time rules. */
export function validateObjectMetaUpdate(newMeta: ObjectMetaLike, oldMeta: ObjectMetaLike, opts: ObjectMetaUpdateOptions = {}): FieldError[] {
  const p = opts.path ?? path('metadata');
  const errs: FieldError[] = [];
  if (oldMeta.deletionTimestamp) {
    errs.push(...validateNoNewFinalizers(newMeta.finalizers, oldMeta.finalizers, p.child('finalizers')));
  }
  if (opts.requireResourceVersion && !newMeta.resourceVersion) {
    errs.push(invalid(p.child('resourceVersion'), newMeta.resourceVersion ?? '', 'must be specified for an update'));
  }
  const newGen = newMeta.generation ?? 0;
  if (newGen < (oldMeta.generation ?? 0)) errs.push(invalid(p.child('generation'), newGen, 'must not be decremented'));

  errs.push(...validateImmutableField(newMeta.name ?? '', oldMeta.name ?? '', p.child('name')));
  errs.push(...validateImmutableField(newMeta.namespace ?? '', oldMeta.namespace ?? '', p.child('namespace')));
  errs.push(...validateImmutableField(newMeta.uid ?? '', oldMeta.uid ?? '', p.child('uid')));
  errs.push(...validateImmutableTime(newMeta.creationTimestamp, oldMeta.creationTimestamp, p.child('creationTimestamp')));
  errs.push(...validateImmutableTimePtr(newMeta.deletionTimestamp, oldMeta.deletionTimestamp, p.child('deletionTimestamp')));
  const newGrace = newMeta.deletionGracePeriodSeconds ?? null;
  const oldGrace = oldMeta.deletionGracePeriodSeconds ?? null;
  if (newGrace !== oldGrace) errs.push(...validateImmutableField(newGrace, oldGrace, p.child('deletionGracePeriodSeconds')));

  errs.push(...validateLabels(newMeta.labels, p.child('labels')));
  errs.push(...validateAnnotations(newMeta.annotations, p.child('annotations')));
  errs.push(...validateOwnerReferences(newMeta.ownerReferences, p.child('ownerReferences')));
  errs.push(...validateManagedFields(newMeta.managedFields, p.child('managedFields')));
  errs.push(...kubeFinalizerErrors(newMeta, p, opts.kubeFinalizerNames));
  return errs;
}
