// LimitRanges: SetDefaults_LimitRangeItem for Container limits (default ← max, defaultRequest ←
// default or min) and upstream's ValidateLimitRange.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, duplicate, forbidden, GoValue, invalid, isQualifiedName, path, required } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { cmp, formatQuantity, goQuantity, parseQuantity, type Quantity, milliValue } from './quantity.js';
import { canonicalList } from './resourcelist.js';
import { isOvercommitAllowed, q, validateContainerResourceName, validateResourceName } from './resources-validate.js';
import { isObj, type Obj, objs, sortedKeys, specOf, str, toErrs } from './util.js';

const LIST_KEYS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

export function defaultLimitRange(o: KubeObject): void {
  for (const item of objs(specOf(o).limits)) {
    for (const k of LIST_KEYS) canonicalList(o, item[k], true);
    if (item.type !== 'Container') continue;
    const def = (isObj(item.default) ? item.default : (item.default = {})) as Obj;
    const req = (isObj(item.defaultRequest) ? item.defaultRequest : (item.defaultRequest = {})) as Obj;
    for (const [k, v] of Object.entries(isObj(item.max) ? item.max : {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(isObj(item.min) ? item.min : {})) if (!(k in req)) req[k] = v;
    if (Object.keys(def).length === 0) delete item.default;
    if (Object.keys(req).length === 0) delete item.defaultRequest;
  }
}

const STANDARD_LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

function typeName(t: string, p: ReturnType<typeof path>): FieldError[] {
  const errs = isQualifiedName(t).map((m) => invalid(p, t, m));
  if (errs.length) return errs;
  if (!t.includes('/') && !STANDARD_LIMIT_TYPES.has(t)) errs.push(invalid(p, t, 'must be a standard limit type or fully qualified'));
  return errs;
}

export function validateLimitRange(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const types = new Set<string>();
  objs(isObj(o.spec) ? o.spec.limits : undefined).forEach((item, i) => {
    const ip = path('spec', 'limits').index(i);
    const type = str(item.type);
    errs.push(...typeName(type, ip.child('type')));
    if (types.has(type)) errs.push(duplicate(ip.child('type'), type));
    types.add(type);
    const nameFn = type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName;
    const lists: Record<string, Map<string, Quantity>> = {};
    const keys = new Set<string>();
    for (const k of LIST_KEYS) {
      lists[k] = new Map();
      if (type === 'Pod' && (k === 'default' || k === 'defaultRequest')) {
        if (isObj(item[k]) && Object.keys(item[k] as Obj).length > 0) errs.push(forbidden(ip.child(k), "may not be specified when `type` is 'Pod'"));
        continue;
      }
      const list = isObj(item[k]) ? (item[k] as Obj) : {};
      for (const r of sortedKeys(list)) {
        errs.push(...nameFn(r, ip.child(k).key(r)));
        keys.add(r);
        const qty = q(list[r]);
        if (qty) lists[k]!.set(r, qty);
      }
    }
    if (type === 'PersistentVolumeClaim' && !lists.min!.has('storage') && !lists.max!.has('storage')) {
      errs.push(required(ip.child('limits'), 'either minimum or maximum storage value is required, but neither was provided'));
    }
    const s = formatQuantity;
    for (const k of [...keys].sort()) {
      const min = lists.min!.get(k);
      const max = lists.max!.get(k);
      const def = lists.default!.get(k);
      const dr = lists.defaultRequest!.get(k);
      const ratio = lists.maxLimitRequestRatio!.get(k);
      if (min && max && cmp(min, max) > 0) errs.push(invalid(ip.child('min').key(k), new GoValue(goQuantity(min)), `min value ${s(min)} is greater than max value ${s(max)}`));
      if (dr && min && cmp(min, dr) > 0) errs.push(invalid(ip.child('defaultRequest').key(k), new GoValue(goQuantity(dr)), `min value ${s(min)} is greater than default request value ${s(dr)}`));
      if (dr && max && cmp(dr, max) > 0) errs.push(invalid(ip.child('defaultRequest').key(k), new GoValue(goQuantity(dr)), `default request value ${s(dr)} is greater than max value ${s(max)}`));
      if (dr && def && cmp(dr, def) > 0) errs.push(invalid(ip.child('defaultRequest').key(k), new GoValue(goQuantity(dr)), `default request value ${s(dr)} is greater than default limit value ${s(def)}`));
      if (def && min && cmp(min, def) > 0) errs.push(invalid(ip.child('default').key(k), new GoValue(goQuantity(min)), `min value ${s(min)} is greater than default value ${s(def)}`));
      if (def && max && cmp(def, max) > 0) errs.push(invalid(ip.child('default').key(k), new GoValue(goQuantity(max)), `default value ${s(def)} is greater than max value ${s(max)}`));
      if (ratio && cmp(ratio, parseQuantity('1')) < 0) errs.push(invalid(ip.child('maxLimitRequestRatio').key(k), new GoValue(goQuantity(ratio)), `ratio ${s(ratio)} is less than 1`));
      if (ratio && min && max) {
        const limit = Number(milliValue(max)) / Number(milliValue(min));
        const rv = Number(milliValue(ratio)) / 1000;
        if (rv > limit) errs.push(invalid(ip.child('maxLimitRequestRatio').key(k), new GoValue(goQuantity(ratio)), `ratio ${s(ratio)} is greater than max/min = ${limit.toFixed(6)}`));
      }
      if (!isOvercommitAllowed(k) && def && dr && cmp(def, dr) !== 0) {
        errs.push(invalid(ip.child('defaultRequest').key(k), new GoValue(goQuantity(dr)), `default value ${s(def)} must equal to defaultRequest value ${s(dr)} in ${k}`));
      }
    }
  });
  return errs;
}

export function limitRangeStrategy(): Strategy {
  return {
    defaults: defaultLimitRange,
    validate: (o: KubeObject): FieldErr[] => toErrs(validateLimitRange(o)),
    validateUpdate: (o: KubeObject): FieldErr[] => toErrs(validateLimitRange(o)),
  };
}
