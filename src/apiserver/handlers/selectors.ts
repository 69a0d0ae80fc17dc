// labelSelector and fieldSelector query parameters → one object predicate for list, watch and
// deletecollection. Unsupported field labels and malformed selectors are 400 BadRequest.

import type { ResourceDef } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { defaultMetaV1FieldSelectorConversion, fieldLabelConversion, parseAndTransformSelector } from '../../machinery/fields/index.js';
import { formatLabelSelector, fromLabelSelector, parse as parseLabels, type LabelSelector } from '../../machinery/labels/index.js';
import { statusErrors } from '../../machinery/errors/status.js';
import type { Strategy } from '../registry/strategy.js';

export function buildPredicate(
  def: ResourceDef,
  strategy: Strategy,
  labelSelector: string | null,
  fieldSelector: string | null,
): ((o: KubeObject) => boolean) | undefined {
  const preds: Array<(o: KubeObject) => boolean> = [];
  if (labelSelector) {
    let sel;
    try {
      sel = parseLabels(labelSelector);
    } catch (err) {
      throw statusErrors.badRequest((err as Error).message);
    }
    if (!sel.empty()) preds.push((o) => sel.matches(o.metadata.labels ?? {}));
  }
  if (fieldSelector) {
    const extra = strategy.selectableFields;
    const convert = extra
      ? fieldLabelConversion(['metadata.name', 'metadata.namespace', ...Object.keys(extra({ metadata: {} }))])
      : defaultMetaV1FieldSelectorConversion;
    let sel;
    try {
      sel = parseAndTransformSelector(fieldSelector, convert);
    } catch (err) {
      throw statusErrors.badRequest((err as Error).message);
    }
    if (!sel.empty()) {
      preds.push((o) => {
        const f: Record<string, string> = { 'metadata.name': o.metadata.name ?? '' };
        if (def.namespaced) f['metadata.namespace'] = o.metadata.namespace ?? '';
        if (extra) Object.assign(f, extra(o));
        return sel.matches(f);
      });
    }
  }
  if (preds.length === 0) return undefined;
  if (preds.length === 1) return preds[0];
  return (o) => preds.every((p) => p(o));
}

/** The string form of a selector as Scale's status.selector has it ("" for an empty selector). */
export function formatSelector(ls: LabelSelector | null | undefined): string {
  if (!ls) return '';
  try {
    return fromLabelSelector(ls).toString();
  } catch {
    return formatLabelSelector(ls);
  }
}
