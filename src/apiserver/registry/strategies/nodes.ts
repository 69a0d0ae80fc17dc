// Nodes: podCIDR ↔ podCIDRs, allocatable defaulted from capacity, canonical quantities; taints,
// podCIDRs (immutable once set), providerID; selectable by spec.unschedulable.

import type { KubeObject } from '../../../api/types.js';
import { FieldError, duplicate, forbidden, GoValue, invalid, isValidCIDR, isValidLabelValue, path, validateLabelName } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { canonicalList } from './resourcelist.js';
import { validateQuantityValue } from './resources-validate.js';
import { validateTaintEffect } from './scheduling-validate.js';
import { clone, isObj, type Obj, objs, sortedKeys, specOf, str, strs, toErrs } from './util.js';

export function defaultNode(o: KubeObject): void {
  const spec = specOf(o);
  if (spec.podCIDR && strs(spec.podCIDRs).length === 0) spec.podCIDRs = [spec.podCIDR];
  else if (!spec.podCIDR && strs(spec.podCIDRs).length > 0) spec.podCIDR = strs(spec.podCIDRs)[0];
  const st = o.status;
  if (isObj(st)) {
    canonicalList(o, st.capacity, true);
    canonicalList(o, st.allocatable, true);
    if (!isObj(st.allocatable) && isObj(st.capacity)) st.allocatable = clone(st.capacity);
  }
}

function validateTaints(taints: unknown, p: ReturnType<typeof path>): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  objs(taints).forEach((t, i) => {
    const ip = p.index(i);
    errs.push(...validateLabelName(str(t.key), ip.child('key')));
    const m = isValidLabelValue(str(t.value));
    if (m.length) errs.push(invalid(ip.child('value'), str(t.value), m.join(';')));
    errs.push(...validateTaintEffect(str(t.effect), false, ip.child('effect')));
    const effect = str(t.effect);
    const keys = unique.get(effect) ?? new Set<string>();
    if (keys.has(str(t.key))) {
      const shown = new GoValue(`core.Taint{Key:${JSON.stringify(str(t.key))}, Value:${JSON.stringify(str(t.value))}, Effect:${JSON.stringify(effect)}, TimeAdded:<nil>}`);
      errs.push(new FieldError('FieldValueDuplicate', ip.toString(), shown, 'taints must be unique by key and effect pair'));
      return;
    }
    keys.add(str(t.key));
    unique.set(effect, keys);
  });
  return errs;
}

function validateResources(o: KubeObject): FieldError[] {
  const st = isObj(o.status) ? o.status : {};
  const errs: FieldError[] = [];
  for (const k of ['capacity', 'allocatable']) {
    const list = isObj(st[k]) ? (st[k] as Obj) : {};
    for (const r of sortedKeys(list)) errs.push(...validateQuantityValue(r, list[r], path('status', k, r)));
  }
  return errs;
}

export function validateNode(o: KubeObject): FieldError[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const errs = validateTaints(spec.taints, path('metadata', 'taints'));
  errs.push(...validateResources(o));
  const cidrs = strs(spec.podCIDRs);
  const cp = path('spec', 'podCIDRs');
  cidrs.forEach((c, i) => errs.push(...isValidCIDR(cp.index(i), c)));
  if (cidrs.length > 1) {
    const fam = cidrs.map((c) => (c.includes(':') ? 6 : 4));
    if (cidrs.length > 2 || fam[0] === fam[1]) errs.push(invalid(cp, cidrs, 'may specify no more than one CIDR for each IP family'));
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(duplicate(cp.index(i), c));
      seen.add(c);
    });
  }
  return errs;
}

export function nodeStrategy(): Strategy {
  return {
    defaults: defaultNode,
    validate: (o: KubeObject): FieldErr[] => toErrs(validateNode(o)),
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const errs = validateResources(o);
      const st = isObj(o.status) ? o.status : {};
      const seen = new Set<string>();
      objs(st.addresses).forEach((a, i) => {
        const k = `${str(a.type)}/${str(a.address)}`;
        if (seen.has(k)) errs.push(duplicate(path('status', 'addresses').index(i), new GoValue(`core.NodeAddress{Type:${JSON.stringify(str(a.type))}, Address:${JSON.stringify(str(a.address))}}`)));
        seen.add(k);
      });
      const a = isObj(o.spec) ? o.spec : {};
      const b = isObj(old.spec) ? old.spec : {};
      const oc = strs(b.podCIDRs);
      const nc = strs(a.podCIDRs);
      if (oc.length > 0) {
        const msg = 'node updates may not change podCIDR except from "" to valid';
        if (oc.length !== nc.length) errs.push(forbidden(path('spec', 'podCIDRs'), msg));
        else oc.forEach((c, i) => c !== nc[i] && errs.push(forbidden(path('spec', 'podCIDRs'), msg)));
      }
      if (str(b.providerID) && str(b.providerID) !== str(a.providerID)) errs.push(forbidden(path('spec', 'providerID'), 'node updates may not change providerID except from "" to valid'));
      errs.push(...validateTaints(a.taints, path('metadata', 'taints')));
      if (str(a.externalID) !== str(b.externalID)) errs.push(forbidden(path('spec', 'externalID'), 'may not be updated'));
      return toErrs(errs);
    },
    selectableFields: (o: KubeObject) => ({ 'spec.unschedulable': String((isObj(o.spec) ? o.spec.unschedulable : false) ?? false) }),
  };
}
