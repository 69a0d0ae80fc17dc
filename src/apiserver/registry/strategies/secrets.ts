// Secrets: type Opaque by default, stringData merged into data, keys and size, the required keys of
// each built-in type, immutable type and immutable Secrets; selectable by type.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, forbidden, invalid, isConfigMapKey, path, required, tooLong, validateImmutableField } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { MAX_SECRET_SIZE } from './configmaps.js';
import { isObj, jsonEqual, str, toErrs } from './util.js';

function decoded(v: unknown): Buffer {
  return Buffer.from(str(v), 'base64');
}

/** Go's encoding/json error for a document that is not a JSON object (approximation of its wording). */
function jsonObjectError(b: Buffer): string | undefined {
  const text = b.toString('utf8');
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      const kind = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'string' ? 'string' : typeof v;
      return kind === 'null' ? undefined : `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
    }
    return undefined;
  } catch {
    if (text.trim() === '') return 'unexpected end of JSON input';
    const first = text.trim()[0] ?? '';
    return `invalid character '${first}' looking for beginning of value`;
  }
}

export function validateSecret(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = isObj(o.data) ? o.data : {};
  const dp = path('data');
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(dp.key(k), k, m));
    total += decoded(v).length;
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(dp, MAX_SECRET_SIZE));
  switch (str(o.type)) {
    case 'kubernetes.io/service-account-token':
      if (!o.metadata.annotations?.['kubernetes.io/service-account.name']) errs.push(required(path('metadata', 'annotations').key('kubernetes.io/service-account.name')));
      break;
    case 'kubernetes.io/dockercfg': {
      if (!('.dockercfg' in data)) {
        errs.push(required(dp.key('.dockercfg')));
        break;
      }
      const e = jsonObjectError(decoded(data['.dockercfg']));
      if (e) errs.push(invalid(dp.key('.dockercfg'), '<secret contents redacted>', e));
      break;
    }
    case 'kubernetes.io/dockerconfigjson': {
      if (!('.dockerconfigjson' in data)) {
        errs.push(required(dp.key('.dockerconfigjson')));
        break;
      }
      const e = jsonObjectError(decoded(data['.dockerconfigjson']));
      if (e) errs.push(invalid(dp.key('.dockerconfigjson'), '<secret contents redacted>', e));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) errs.push(required(dp.key('username')), required(dp.key('password')));
      break;
    case 'kubernetes.io/ssh-auth':
      if (decoded(data['ssh-privatekey']).length === 0) errs.push(required(dp.key('ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      if (!('tls.crt' in data)) errs.push(required(dp.key('tls.crt')));
      if (!('tls.key' in data)) errs.push(required(dp.key('tls.key')));
      break;
  }
  return errs;
}

export function defaultSecret(o: KubeObject): void {
  if (!o.type) o.type = 'Opaque';
  // stringData is write-only: merged into data (base64), then dropped (the v1 conversion).
  if (isObj(o.stringData)) {
    const data = isObj(o.data) ? o.data : (o.data = {});
    for (const [k, v] of Object.entries(o.stringData)) (data as Record<string, unknown>)[k] = Buffer.from(str(v), 'utf8').toString('base64');
  }
  delete o.stringData;
}

export function secretStrategy(): Strategy {
  return {
    defaults: defaultSecret,
    validate: (o: KubeObject): FieldErr[] => toErrs(validateSecret(o)),
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const errs = validateImmutableField(str(o.type), str(old.type), path('type'));
      if (old.immutable === true) {
        if (o.immutable !== true) errs.push(forbidden(path('immutable'), 'field is immutable when `immutable` is set'));
        if (!jsonEqual(o.data ?? {}, old.data ?? {})) errs.push(forbidden(path('data'), 'field is immutable when `immutable` is set'));
      }
      errs.push(...validateSecret(o));
      return toErrs(errs);
    },
    selectableFields: (o: KubeObject) => ({ type: str(o.type) }),
  };
}
