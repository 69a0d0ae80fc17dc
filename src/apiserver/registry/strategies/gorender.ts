// Go's `%#v` renderings of the values upstream's validation passes to field.Invalid (kube 1.32 prints
// non-scalar bad values that way): maps, label selectors, int-or-strings.

import { GoValue, goQuote, goStringSlice } from '../../../machinery/validation/index.js';
import { isObj, type Obj, str, strs } from './util.js';

/** `map[string]string{"a":"b", "c":"d"}` (keys sorted, as fmt prints maps); nil → `map[string]string(nil)`. */
export function goMap(m: unknown): GoValue {
  if (!isObj(m)) return new GoValue('map[string]string(nil)');
  const keys = Object.keys(m).sort();
  return new GoValue(`map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(str(m[k]))}`).join(', ')}}`);
}

function goReq(r: Obj, pkg: string): string {
  const values = Array.isArray(r.values) ? goStringSlice(strs(r.values)) : '[]string(nil)';
  return `${pkg}.LabelSelectorRequirement{Key:${goQuote(str(r.key))}, Operator:${goQuote(str(r.operator))}, Values:${values}}`;
}

/** `v1.LabelSelector{MatchLabels:…, MatchExpressions:…}`; a missing selector is `null`. */
export function goLabelSelector(sel: unknown): GoValue | null {
  if (!isObj(sel)) return null;
  const ml = isObj(sel.matchLabels) ? goMap(sel.matchLabels).text : 'map[string]string(nil)';
  const me = Array.isArray(sel.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((r) => goReq(isObj(r) ? r : {}, 'v1')).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoValue(`v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`);
}

/** `intstr.IntOrString{Type:0, IntVal:1, StrVal:""}`. */
export function goIntOrString(v: unknown): GoValue {
  if (typeof v === 'string') return new GoValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`);
  const n = typeof v === 'number' ? v : 0;
  return new GoValue(`intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`);
}

/** A Go struct literal from ordered fields already rendered. */
export function goStruct(type: string, fields: Array<[string, string]>): GoValue {
  return new GoValue(`${type}{${fields.map(([k, v]) => `${k}:${v}`).join(', ')}}`);
}

/** `(*T)(nil)` or a stand-in for a pointer value (Go prints an address, which cannot be reproduced). */
export function goPtr(type: string, v: unknown): string {
  return v === undefined || v === null ? `(*${type})(nil)` : `(*${type})(0xc000000000)`;
}
