// A PersistentVolumeClaimSpec as upstream's ValidatePersistentVolumeClaimSpec checks it (claims,
// StatefulSet volumeClaimTemplates and ephemeral volumes share it).

import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  notSupported,
  required,
  validateLabelSelector,
} from '../../../machinery/validation/index.js';
import { validatePositiveQuantity, validateQuantityValue } from './resources-validate.js';
import { isObj, type Obj, str, strs } from './util.js';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];

export function validateAccessModes(modes: string[], p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(p, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbidden(p, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function dataSource(ds: Obj, p: FieldPath, ref: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(ds.name)) errs.push(required(p.child('name')));
  if (!str(ds.kind)) errs.push(required(p.child('kind')));
  const group = str(ds.apiGroup);
  if (!group && str(ds.kind) !== 'PersistentVolumeClaim') errs.push(invalid(p, str(ds.kind), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  if (group) errs.push(...isDNS1123Subdomain(group).map((m) => invalid(p.child('apiGroup'), group, m)));
  if (ref && str(ds.namespace)) errs.push(...isDNS1123Label(str(ds.namespace)).map((m) => invalid(p.child('namespace'), str(ds.namespace), m)));
  return errs;
}

export function validatePVCSpec(spec: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const modes = strs(spec.accessModes);
  if (modes.length === 0) errs.push(required(p.child('accessModes'), 'at least 1 access mode is required'));
  if (isObj(spec.selector)) errs.push(...validateLabelSelector(spec.selector as never, p.child('selector')));
  errs.push(...validateAccessModes(modes, p.child('accessModes')));
  const requests = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests : {};
  const sp = p.child('resources').key('storage');
  if (!('storage' in requests)) errs.push(required(sp));
  else {
    const pe = validatePositiveQuantity(requests.storage, sp);
    errs.push(...(pe.length ? pe : validateQuantityValue('storage', requests.storage, sp)));
  }
  const sc = spec.storageClassName;
  if (typeof sc === 'string' && sc) errs.push(...isDNS1123Subdomain(sc).map((m) => invalid(p.child('storageClassName'), sc, m)));
  if (spec.volumeMode !== undefined && spec.volumeMode !== null && !VOLUME_MODES.includes(str(spec.volumeMode))) errs.push(notSupported(p.child('volumeMode'), str(spec.volumeMode), VOLUME_MODES));
  if (isObj(spec.dataSource)) errs.push(...dataSource(spec.dataSource, p.child('dataSource'), false));
  if (isObj(spec.dataSourceRef)) errs.push(...dataSource(spec.dataSourceRef, p.child('dataSourceRef'), true));
  if (isObj(spec.dataSourceRef) && str(spec.dataSourceRef.namespace)) {
    if (isObj(spec.dataSource)) errs.push(invalid(p, p.child('dataSource').toString(), 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (isObj(spec.dataSource) && isObj(spec.dataSourceRef)) {
    const a = spec.dataSource;
    const b = spec.dataSourceRef;
    if (str(a.apiGroup) !== str(b.apiGroup) || str(a.kind) !== str(b.kind) || str(a.name) !== str(b.name)) {
      errs.push(invalid(p, p.child('dataSource').toString(), 'must match dataSourceRef'));
    }
  }
  return errs;
}
