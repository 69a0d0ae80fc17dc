// PersistentVolumeClaims: volumeMode Filesystem, status Pending; the claim spec checks and
// ValidatePersistentVolumeClaimUpdate (spec immutable but volumeName once and bound-claim resizes).

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, forbidden, invalid, path, semanticDeepEqual } from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { defaultPVCSpec } from './podspec-defaults.js';
import { validatePVCSpec } from './pvcspec.js';
import { cmp } from './quantity.js';
import { canonicalList } from './resourcelist.js';
import { q } from './resources-validate.js';
import { clone, isObj, type Obj, specOf, str, toErrs } from './util.js';

const SC_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

export function defaultPVC(o: KubeObject): void {
  defaultPVCSpec(o, specOf(o));
  if (isObj(o.status)) {
    if (!o.status.phase) o.status.phase = 'Pending';
    canonicalList(o, o.status.capacity, true);
    canonicalList(o, o.status.allocatedResources, true);
  }
}

function storage(spec: Obj): unknown {
  return isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests.storage : undefined;
}

export function validatePVCUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const errs = validatePVCSpec(isObj(o.spec) ? o.spec : {}, path('spec'));
  const a = clone(isObj(o.spec) ? o.spec : {});
  const b = clone(isObj(old.spec) ? old.spec : {});
  if (!str(b.volumeName)) {
    if (a.volumeName === undefined) delete b.volumeName;
    else b.volumeName = a.volumeName;
  }
  const oldAnn = old.metadata.annotations ?? {};
  const newAnn = o.metadata.annotations ?? {};
  const upgradeFromAnnotation = SC_ANNOTATION in oldAnn && (b.storageClassName === undefined || b.storageClassName === null) && a.storageClassName !== undefined && a.storageClassName === oldAnn[SC_ANNOTATION] && (!(SC_ANNOTATION in newAnn) || newAnn[SC_ANNOTATION] === oldAnn[SC_ANNOTATION]);
  if (upgradeFromAnnotation) delete a.storageClassName;
  else {
    if ((newAnn[SC_ANNOTATION] ?? '') !== (oldAnn[SC_ANNOTATION] ?? '')) errs.push(invalid(path('metadata', 'annotations', SC_ANNOTATION), newAnn[SC_ANNOTATION] ?? '', 'field is immutable'));
    const fromNil = a.storageClassName !== undefined && a.storageClassName !== null && (b.storageClassName === undefined || b.storageClassName === null) && (!(SC_ANNOTATION in oldAnn) || a.storageClassName === oldAnn[SC_ANNOTATION]);
    if (fromNil) delete a.storageClassName;
  }
  const phase = str(isObj(o.status) ? o.status.phase : '');
  if (phase === 'Bound' && isObj(a.resources) && isObj(a.resources.requests)) {
    const s = storage(b);
    if (s === undefined) delete a.resources.requests.storage;
    else a.resources.requests.storage = s;
  }
  if (phase === 'Bound' && a.volumeAttributesClassName !== undefined) a.volumeAttributesClassName = b.volumeAttributesClassName;
  if (!semanticDeepEqual(a, b)) {
    errs.push(forbidden(path('spec'), 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n  core.PersistentVolumeClaimSpec{\n    ...\n  }\n'));
  }
  const newSize = q(storage(isObj(o.spec) ? o.spec : {}));
  const oldSize = q(storage(isObj(old.spec) ? old.spec : {}));
  const capacity = q(isObj(old.status) && isObj(old.status.capacity) ? old.status.capacity.storage : undefined);
  if (newSize && oldSize && cmp(newSize, oldSize) < 0 && (!capacity || cmp(newSize, capacity) <= 0)) {
    errs.push(forbidden(path('spec', 'resources', 'requests', 'storage'), 'field can not be less than status.capacity'));
  }
  const vm = (x: KubeObject) => (isObj(x.spec) ? x.spec.volumeMode : undefined);
  if (str(vm(o)) !== str(vm(old))) errs.push(invalid(path('volumeMode'), vm(o) === undefined ? null : str(vm(o)), 'field is immutable'));
  return errs;
}

export function persistentVolumeClaimStrategy(): Strategy {
  return {
    defaults: defaultPVC,
    prepareForCreate(o: KubeObject) {
      o.status = { phase: 'Pending' };
    },
    validate: (o: KubeObject): FieldErr[] => toErrs(validatePVCSpec(isObj(o.spec) ? o.spec : {}, path('spec'))),
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') return [];
      return toErrs(validatePVCUpdate(o, old));
    },
  };
}
