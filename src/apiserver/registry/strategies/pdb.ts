// policy/v1 PodDisruptionBudgets: minAvailable xor maxUnavailable (int or percent ≤ 100%),
// selector, unhealthyPodEvictionPolicy; status zeroed on create.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, GoValue, invalid, notSupported, path, validateLabelSelector, validateNonnegativeField } from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { int, isObj, str, toErrs } from './util.js';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './workload.js';

export function validatePDBSpec(specV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs: FieldError[] = [];
  const set = (v: unknown) => v !== undefined && v !== null;
  if (set(spec.minAvailable) && set(spec.maxUnavailable)) {
    const ptr = (v: unknown) => (set(v) ? '(*intstr.IntOrString)(0xc000000000)' : '(*intstr.IntOrString)(nil)');
    errs.push(invalid(p, new GoValue(`policy.PodDisruptionBudgetSpec{MinAvailable:${ptr(spec.minAvailable)}, Selector:(*v1.LabelSelector)(nil), MaxUnavailable:${ptr(spec.maxUnavailable)}, UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}`), 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const k of ['minAvailable', 'maxUnavailable']) {
    if (!set(spec[k])) continue;
    errs.push(...validatePositiveIntOrPercent(spec[k], p.child(k)), ...isNotMoreThan100Percent(spec[k], p.child(k)));
  }
  errs.push(...validateLabelSelector(isObj(spec.selector) ? (spec.selector as never) : null, p.child('selector')));
  if (set(spec.unhealthyPodEvictionPolicy) && !['AlwaysAllow', 'IfHealthyBudget'].includes(str(spec.unhealthyPodEvictionPolicy))) {
    errs.push(notSupported(p.child('unhealthyPodEvictionPolicy'), str(spec.unhealthyPodEvictionPolicy), ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}

export function pdbStrategy(): Strategy {
  return {
    prepareForCreate(o: KubeObject) {
      o.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
    },
    validate: (o: KubeObject): FieldErr[] => toErrs(validatePDBSpec(o.spec)),
    validateUpdate(o: KubeObject, _old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') {
        const st = isObj(o.status) ? o.status : {};
        return toErrs(['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'].flatMap((k) => validateNonnegativeField(int(st[k]), path('status', k))));
      }
      return toErrs(validatePDBSpec(o.spec));
    },
  };
}
