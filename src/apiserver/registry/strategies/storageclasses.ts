// storage.k8s.io/v1 StorageClasses: reclaimPolicy Delete, volumeBindingMode Immediate; provisioner
// required and immutable, parameters immutable, allowed topologies.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, duplicate, forbidden, invalid, isQualifiedName, notSupported, path, required, tooLong, validateImmutableField, validateLabelName } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { isObj, jsonEqual, objs, str, strs, toErrs } from './util.js';

export function defaultStorageClass(o: KubeObject): void {
  if (!o.reclaimPolicy) o.reclaimPolicy = 'Delete';
  if (!o.volumeBindingMode) o.volumeBindingMode = 'Immediate';
}

export function validateStorageClass(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const prov = str(o.provisioner);
  if (!prov) errs.push(required(path('provisioner')));
  else errs.push(...isQualifiedName(prov.toLowerCase()).map((m) => invalid(path('provisioner'), prov.toLowerCase(), m)));
  const params = isObj(o.parameters) ? o.parameters : {};
  const keys = Object.keys(params);
  if (keys.length > 512) errs.push(tooLong(path('parameters'), 512));
  else {
    let total = 0;
    for (const k of keys) {
      if (k.length < 1) errs.push(invalid(path('parameters'), k, 'field can not be empty.'));
      total += k.length + str(params[k]).length;
    }
    if (total > 256 * 1024) errs.push(tooLong(path('parameters'), 256 * 1024));
  }
  const rp = str(o.reclaimPolicy);
  if (rp && rp !== 'Delete' && rp !== 'Retain') errs.push(notSupported(path('reclaimPolicy'), rp, ['Delete', 'Retain']));
  const vbm = o.volumeBindingMode;
  if (vbm === undefined || vbm === null) errs.push(required(path('volumeBindingMode')));
  else if (vbm !== 'Immediate' && vbm !== 'WaitForFirstConsumer') errs.push(notSupported(path('volumeBindingMode'), str(vbm), ['Immediate', 'WaitForFirstConsumer']));
  objs(o.allowedTopologies).forEach((term, i) => {
    const tp = path('allowedTopologies').index(i);
    const exprs = objs(term.matchLabelExpressions);
    if (exprs.length === 0) errs.push(required(tp.child('matchLabelExpressions'), 'must contain at least one key/value pair'));
    const keysSeen = new Set<string>();
    exprs.forEach((e, j) => {
      const ep = tp.child('matchLabelExpressions').index(j);
      const values = strs(e.values);
      if (values.length === 0) errs.push(required(ep.child('values')));
      const seen = new Set<string>();
      values.forEach((v, k) => {
        if (seen.has(v)) errs.push(duplicate(ep.child('values').index(k), v));
        seen.add(v);
      });
      errs.push(...validateLabelName(str(e.key), ep.child('key')));
      if (keysSeen.has(str(e.key))) errs.push(duplicate(ep.child('key'), str(e.key)));
      keysSeen.add(str(e.key));
    });
  });
  return errs;
}

export function storageClassStrategy(): Strategy {
  return {
    defaults: defaultStorageClass,
    validate: (o: KubeObject): FieldErr[] => toErrs(validateStorageClass(o)),
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const errs = validateStorageClass(o);
      if (!jsonEqual(o.parameters ?? {}, old.parameters ?? {})) errs.push(forbidden(path('parameters'), 'updates to parameters are forbidden.'));
      if (str(o.provisioner) !== str(old.provisioner)) errs.push(forbidden(path('provisioner'), 'updates to provisioner are forbidden.'));
      if (str(o.reclaimPolicy) !== str(old.reclaimPolicy)) errs.push(forbidden(path('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.'));
      errs.push(...validateImmutableField(str(o.volumeBindingMode), str(old.volumeBindingMode), path('volumeBindingMode')));
      return toErrs(errs);
    },
  };
}
