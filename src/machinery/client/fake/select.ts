// Label and field selectors for the fake's lists and watches. Field selectors read any dotted path of
// the object (more lenient than the apiserver, which allows a fixed set per resource).

import type { KubeObject } from '../../../api/types.js';
import { statusErrors } from '../../errors/status.js';
import { parseSelector } from '../../fields/index.js';
import { parse as parseLabels } from '../../labels/index.js';

export type Predicate = (obj: KubeObject) => boolean;

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

export function predicateFor(labelSelector: string | null, fieldSelector: string | null): Predicate {
  let labels;
  let fields;
  try {
    labels = labelSelector ? parseLabels(labelSelector) : undefined;
  } catch (err) {
    throw statusErrors.badRequest(`unable to parse requirement: ${(err as Error).message}`);
  }
  try {
    fields = fieldSelector ? parseSelector(fieldSelector) : undefined;
  } catch (err) {
    throw statusErrors.badRequest(`invalid field selector: ${(err as Error).message}`);
  }
  return (obj) => {
    if (labels && !labels.matches(obj.metadata.labels ?? {})) return false;
    if (fields) {
      const set: Record<string, string> = {};
      for (const r of fields.requirements()) set[r.field] = fieldValue(obj, r.field);
      if (!fields.matches(set)) return false;
    }
    return true;
  };
}
