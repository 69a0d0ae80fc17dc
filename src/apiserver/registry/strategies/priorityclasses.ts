// scheduling.k8s.io/v1 PriorityClasses: preemptionPolicy PreemptLowerPriority; value ranges, the
// reserved system- prefix, value and preemptionPolicy immutable.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, forbidden, notSupported, path, required, validateImmutableField } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { int, str, toErrs } from './util.js';

const HIGHEST_USER_PRIORITY = 1000000000;
const SYSTEM_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

function validate(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const name = o.metadata.name ?? '';
  const value = int(o.value);
  if (name.startsWith('system-')) {
    let err = '';
    if (!(name in SYSTEM_CLASSES)) err = `${name} is not a known system priority class`;
    else if (SYSTEM_CLASSES[name] !== value) err = `value of ${name} PriorityClass must be ${SYSTEM_CLASSES[name]}`;
    else if (o.globalDefault === true) err = `globalDefault of ${name} PriorityClass must be false`;
    if (err) errs.push(forbidden(path('metadata', 'name'), `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`));
  } else if (value > HIGHEST_USER_PRIORITY) {
    errs.push(forbidden(path('value'), `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`));
  }
  if (o.preemptionPolicy !== undefined && o.preemptionPolicy !== null) {
    const pp = str(o.preemptionPolicy);
    if (!pp) errs.push(required(path('preemptionPolicy')));
    else if (pp !== 'PreemptLowerPriority' && pp !== 'Never') errs.push(notSupported(path('preemptionPolicy'), pp, ['PreemptLowerPriority', 'Never']));
  }
  return errs;
}

export function priorityClassStrategy(): Strategy {
  return {
    defaults(o: KubeObject) {
      if (!o.preemptionPolicy) o.preemptionPolicy = 'PreemptLowerPriority';
    },
    validate: (o: KubeObject): FieldErr[] => toErrs(validate(o)),
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const errs: FieldError[] = [];
      if (int(o.value) !== int(old.value)) errs.push(forbidden(path('value'), 'may not be changed in an update.'));
      errs.push(...validateImmutableField(o.preemptionPolicy, old.preemptionPolicy, path('preemptionPolicy')));
      return toErrs(errs);
    },
  };
}
