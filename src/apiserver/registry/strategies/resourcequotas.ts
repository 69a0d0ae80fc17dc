// ResourceQuotas: canonical quantities, hard limits (standard quota names, non-negative, integral
// counts), scopes and scope selectors; scopes immutable; status cleared on create.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, GoValue, invalid, path, required } from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { canonicalList } from './resourcelist.js';
import { validateQuantityValue, validateQuotaResourceName } from './resources-validate.js';
import { isObj, type Obj, objs, sortedKeys, specOf, str, strs, toErrs } from './util.js';

const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];
const POD_SCOPED = new Set(['pods', 'count/pods', 'cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'ephemeral-storage', 'requests.ephemeral-storage', 'limits.ephemeral-storage']);

export function defaultResourceQuota(o: KubeObject): void {
  canonicalList(o, specOf(o).hard, true);
  if (isObj(o.status)) {
    canonicalList(o, o.status.hard, true);
    canonicalList(o, o.status.used, true);
  }
}

function validateList(list: unknown, p: ReturnType<typeof path>): FieldError[] {
  const l = isObj(list) ? (list as Obj) : {};
  return sortedKeys(l).flatMap((k) => [...validateQuotaResourceName(k, p.key(k)), ...validateQuantityValue(k, l[k], p.key(k))]);
}

function scopeValidForResource(scope: string, r: string): boolean {
  if (scope === 'Terminating' || scope === 'NotTerminating' || scope === 'NotBestEffort' || scope === 'PriorityClass') return POD_SCOPED.has(r);
  if (scope === 'BestEffort') return r === 'pods' || r === 'count/pods';
  if (scope === 'CrossNamespacePodAffinity') return r === 'pods' || r === 'count/pods';
  return false;
}

function validateSpec(spec: Obj): FieldError[] {
  const sp = path('spec');
  const errs = validateList(spec.hard, sp.child('hard'));
  const scopes = strs(spec.scopes);
  const hard = Object.keys(isObj(spec.hard) ? spec.hard : {}).sort();
  const shown = new GoValue(`[]core.ResourceQuotaScope{${scopes.map((s) => JSON.stringify(s)).join(', ')}}`);
  for (const s of scopes) {
    if (!SCOPES.includes(s)) errs.push(invalid(sp.child('scopes'), shown, 'unsupported scope'));
    for (const r of hard) if (!r.includes('/') && !scopeValidForResource(s, r)) errs.push(invalid(sp.child('scopes'), shown, 'unsupported scope applied to resource'));
  }
  const has = (a: string, b: string) => scopes.includes(a) && scopes.includes(b);
  if (has('BestEffort', 'NotBestEffort') || has('Terminating', 'NotTerminating')) errs.push(invalid(sp.child('scopes'), shown, 'conflicting scopes'));
  if (isObj(spec.scopeSelector)) {
    const mp = sp.child('scopeSelector', 'matchExpressions');
    for (const req of objs(spec.scopeSelector.matchExpressions)) {
      const name = str(req.scopeName);
      if (!SCOPES.includes(name)) errs.push(invalid(mp.child('scopeName'), name, 'unsupported scope'));
      if (['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'].includes(name) && str(req.operator) !== 'Exists') {
        errs.push(invalid(mp.child('operator'), str(req.operator), "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"));
      }
      const values = strs(req.values);
      switch (str(req.operator)) {
        case 'In':
        case 'NotIn':
          if (values.length === 0) errs.push(required(mp.child('values'), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length) errs.push(invalid(mp.child('values'), values, "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
          break;
        default:
          errs.push(invalid(mp.child('operator'), str(req.operator), 'not a valid selector operator'));
      }
    }
  }
  return errs;
}

export function resourceQuotaStrategy(): Strategy {
  return {
    defaults: defaultResourceQuota,
    prepareForCreate(o: KubeObject) {
      o.status = {};
    },
    validate(o: KubeObject): FieldErr[] {
      const errs = validateSpec(isObj(o.spec) ? o.spec : {});
      const st = isObj(o.status) ? o.status : {};
      errs.push(...validateList(st.hard, path('status', 'hard')), ...validateList(st.used, path('status', 'used')));
      return toErrs(errs);
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') {
        const st = isObj(o.status) ? o.status : {};
        return toErrs([...validateList(st.hard, path('status', 'hard')), ...validateList(st.used, path('status', 'used'))]);
      }
      const errs = validateSpec(isObj(o.spec) ? o.spec : {});
      const a = new Set(strs(isObj(o.spec) ? o.spec.scopes : undefined));
      const b = new Set(strs(isObj(old.spec) ? old.spec.scopes : undefined));
      if (a.size !== b.size || [...a].some((s) => !b.has(s))) {
        const scopes = strs(isObj(o.spec) ? o.spec.scopes : undefined);
        errs.push(invalid(path('spec', 'scopes'), new GoValue(scopes.length ? `[]core.ResourceQuotaScope{${scopes.map((s) => JSON.stringify(s)).join(', ')}}` : '[]core.ResourceQuotaScope(nil)'), 'field is immutable'));
      }
      return toErrs(errs);
    },
  };
}
