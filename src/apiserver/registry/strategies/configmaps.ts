// ConfigMaps: keys, the 1 MiB total, and immutable ConfigMaps.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, forbidden, invalid, isConfigMapKey, path, tooLong, byteLength } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { isObj, jsonEqual, str, toErrs } from './util.js';

export const MAX_SECRET_SIZE = 1024 * 1024;

export function validateConfigMap(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = isObj(o.data) ? o.data : {};
  const bin = isObj(o.binaryData) ? o.binaryData : {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(path('data').key(k), k, m));
    if (k in bin) errs.push(invalid(path('data').key(k), k, 'duplicate of key present in binaryData'));
    total += byteLength(str(v));
  }
  for (const [k, v] of Object.entries(bin)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(path('binaryData').key(k), k, m));
    total += Buffer.from(str(v), 'base64').length;
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(path(''), MAX_SECRET_SIZE));
  return errs;
}

export function configMapStrategy(): Strategy {
  return {
    defaults(o: KubeObject) {
      // SetDefaults_ConfigMap makes data a non-nil map; an empty one is omitted on the wire.
      if (isObj(o.data) && Object.keys(o.data).length === 0) delete o.data;
    },
    validate: (o: KubeObject): FieldErr[] => toErrs(validateConfigMap(o)),
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const errs: FieldError[] = [];
      if (old.immutable === true) {
        if (o.immutable !== true) errs.push(forbidden(path('immutable'), 'field is immutable when `immutable` is set'));
        if (!jsonEqual(o.data ?? {}, old.data ?? {})) errs.push(forbidden(path('data'), 'field is immutable when `immutable` is set'));
        if (!jsonEqual(o.binaryData ?? {}, old.binaryData ?? {})) errs.push(forbidden(path('binaryData'), 'field is immutable when `immutable` is set'));
      }
      errs.push(...validateConfigMap(o));
      return toErrs(errs);
    },
  };
}
