// coordination.k8s.io/v1 Leases: duration > 0, transitions ≥ 0; PUT may create (as upstream).

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, invalid, path } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { int, isObj, toErrs } from './util.js';

function validate(o: KubeObject): FieldError[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds !== null && int(spec.leaseDurationSeconds) <= 0) {
    errs.push(invalid(path('spec', 'leaseDurationSeconds'), int(spec.leaseDurationSeconds), 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions !== null && int(spec.leaseTransitions) < 0) {
    errs.push(invalid(path('spec', 'leaseTransitions'), int(spec.leaseTransitions), 'must be greater than or equal to 0'));
  }
  return errs;
}

export function leaseStrategy(): Strategy {
  return {
    allowCreateOnUpdate: true,
    validate: (o: KubeObject): FieldErr[] => toErrs(validate(o)),
    validateUpdate: (o: KubeObject): FieldErr[] => toErrs(validate(o)),
  };
}
