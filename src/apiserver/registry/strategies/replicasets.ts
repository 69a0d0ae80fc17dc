// apps/v1 ReplicaSets: replicas default 1, status cleared on create, upstream's validation and the
// immutable selector; selectable by status.replicas.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, invalid, path, validateNonnegativeField } from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { goLabelSelector } from './gorender.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import { immutable, int, isObj, specOf, toErrs } from './util.js';
import { asSelector, validateControllerSelector, validateReplicaStatus, validateTemplateForController } from './workload.js';

export function defaultReplicaSet(o: KubeObject): void {
  const spec = specOf(o);
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  defaultPodTemplate(o, spec.template);
}

export function validateReplicaSetSpec(specV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs = validateNonnegativeField(int(spec.replicas), p.child('replicas'));
  errs.push(...validateNonnegativeField(int(spec.minReadySeconds), p.child('minReadySeconds')));
  errs.push(...validateControllerSelector(spec.selector, p.child('selector'), 'deployment'));
  const sel = asSelector(spec.selector);
  if (!sel) errs.push(invalid(p.child('selector'), goLabelSelector(spec.selector), 'invalid label selector'));
  else errs.push(...validateTemplateForController(spec.template, sel, p.child('template'), 'ReplicaSet'));
  return errs;
}

export function validateReplicaSetStatus(status: unknown): FieldError[] {
  return validateReplicaStatus(
    status,
    path('status'),
    ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'],
    ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
    'cannot be greater than readyReplicas',
  );
}

export function replicaSetStrategy(): Strategy {
  return {
    defaults: defaultReplicaSet,
    prepareForCreate(o: KubeObject) {
      o.status = { replicas: 0 };
    },
    validate(o: KubeObject): FieldErr[] {
      return toErrs(validateReplicaSetSpec(o.spec));
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') return toErrs(validateReplicaSetStatus(o.status));
      const errs = validateReplicaSetSpec(o.spec);
      const a = isObj(o.spec) ? o.spec.selector : undefined;
      const b = isObj(old.spec) ? old.spec.selector : undefined;
      errs.push(...immutable(a, b, path('spec', 'selector'), goLabelSelector(a)));
      return toErrs(errs);
    },
    selectableFields: (o: KubeObject) => ({ 'status.replicas': String(int(isObj(o.status) ? o.status.replicas : 0)) }),
  };
}
