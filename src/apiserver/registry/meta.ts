// ObjectMeta validation on create and update, as upstream's ValidateObjectMeta(Update).
import type { KubeObject } from '../../api/types.js';
import type { FieldErr } from './strategy.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function nameErrors(name: string, kind: 'subdomain' | 'label' | 'dns1035' | 'path-segment'): string[] {
  switch (kind) {
    case 'subdomain':
      if (name.length > 253) return ['must be no more than 253 characters'];
      return DNS1123_SUBDOMAIN.test(name)
        ? []
        : [
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
          ];
    case 'label':
      if (name.length > 63) return ['must be no more than 63 characters'];
      return DNS1123_LABEL.test(name)
        ? []
        : [
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
          ];
    case 'dns1035':
      if (name.length > 63) return ['must be no more than 63 characters'];
      return DNS1035_LABEL.test(name)
        ? []
        : [
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
          ];
    case 'path-segment':
      if (name === '.' || name === '..') return [`may not be '${name}'`];
      return /[/%]/.test(name) ? [`may not contain '${name.includes('/') ? '/' : '%'}'`] : [];
  }
}

export function validateObjectMeta(obj: KubeObject, namespaced: boolean, nameKind: 'subdomain' | 'label' | 'dns1035' | 'path-segment'): FieldErr[] {
  const m = obj.metadata;
  const errs: FieldErr[] = [];
  if (!m.name) {
    if (!m.generateName) errs.push({ type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' });
  } else {
    for (const e of nameErrors(m.name, nameKind)) errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(m.name)}: ${e}` });
  }
  if (namespaced) {
    if (!m.namespace) errs.push({ type: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' });
  } else if (m.namespace) errs.push({ type: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' });
  return errs;
}

export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject, namespaced: boolean): FieldErr[] {
  const errs = validateObjectMeta(obj, namespaced, 'path-segment');
  if (obj.metadata.name !== old.metadata.name) errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(obj.metadata.name)}: field is immutable` });
  return errs;
}
