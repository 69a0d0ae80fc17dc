// The FieldsV1 encoding of field sets, as stored in metadata.managedFields[].fieldsV1:
// {"f:spec":{"f:replicas":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}} — "." marks a node that
// is a member itself as well as having children.

import { isObject, type JsonObject, type JsonValue } from '../json.js';
import { comparePathElements, parsePathElement, serializePathElement, type PathElement } from './element.js';
import { FieldSet } from './set.js';

export function toFieldsV1(set: FieldSet): JsonObject {
  const out: JsonObject = {};
  let m = 0;
  let c = 0;
  const { members, children } = set;
  while (m < members.length || c < children.length) {
    const mpe = members[m];
    const child = children[c];
    const cmp = mpe === undefined ? 1 : child === undefined ? -1 : comparePathElements(mpe, child.pe);
    if (cmp < 0) {
      out[serializePathElement(mpe as PathElement)] = {};
      m++;
    } else if (cmp > 0) {
      out[serializePathElement((child as { pe: PathElement }).pe)] = toFieldsV1((child as { set: FieldSet }).set);
      c++;
    } else {
      const inner = toFieldsV1((child as { set: FieldSet }).set);
      out[serializePathElement(mpe as PathElement)] = Object.keys(inner).length ? { '.': {}, ...inner } : {};
      m++;
      c++;
    }
  }
  return out;
}

/** Decode FieldsV1; unknown element types are skipped, malformed keys throw. */
export function fromFieldsV1(fields: JsonValue | undefined): FieldSet {
  const set = new FieldSet();
  if (fields === undefined || fields === null) return set;
  if (!isObject(fields)) throw new Error('FieldsV1 must be a JSON object');
  const walk = (obj: JsonObject, prefix: PathElement[]): void => {
    for (const [k, v] of Object.entries(obj)) {
      if (k === '.') continue;
      const pe = parsePathElement(k);
      if (!pe) continue;
      const path = [...prefix, pe];
      if (!isObject(v)) throw new Error(`expected an object for ${k}`);
      const keys = Object.keys(v);
      if (keys.length === 0 || keys.includes('.')) set.insert(path);
      walk(v, path);
    }
  };
  walk(fields, []);
  return set;
}
