// core/v1 ReplicationControllers: selector and labels default to the template's labels, replicas 1;
// upstream's ValidateReplicationController(Update/Status); selectable by status.replicas.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, forbidden, notSupported, path, required, validateNonnegativeField } from '../../../machinery/validation/index.js';
import { selectorFromSet } from '../../../machinery/labels/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import { validatePodTemplateSpec } from './podspec-validate.js';
import { int, isObj, specOf, str, strMap, toErrs } from './util.js';
import { selectorMatchesTemplate, templateSpec, validateReplicaStatus } from './workload.js';

export function defaultReplicationController(o: KubeObject): void {
  const spec = specOf(o);
  const t = spec.template;
  const labels = isObj(t) && isObj(t.metadata) && isObj(t.metadata.labels) ? strMap(t.metadata.labels) : undefined;
  if (labels) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    if (!o.metadata.labels || Object.keys(o.metadata.labels).length === 0) o.metadata.labels = { ...labels };
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  defaultPodTemplate(o, spec.template);
}

export function validateRCSpec(specV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs = validateNonnegativeField(int(spec.minReadySeconds), p.child('minReadySeconds'));
  const selector = strMap(spec.selector);
  if (Object.keys(selector).length === 0) errs.push(required(p.child('selector')));
  errs.push(...validateNonnegativeField(int(spec.replicas), p.child('replicas')));
  const tp = p.child('template');
  if (!isObj(spec.template)) {
    errs.push(required(tp));
    return errs;
  }
  let sel;
  try {
    sel = selectorFromSet(selector);
  } catch {
    sel = undefined;
  }
  if (sel && Object.keys(selector).length > 0) errs.push(...selectorMatchesTemplate(sel, spec.template, tp));
  errs.push(...validatePodTemplateSpec(spec.template, tp));
  const ts = templateSpec(spec.template);
  if (str(ts.restartPolicy) !== 'Always') errs.push(notSupported(tp.child('spec', 'restartPolicy'), str(ts.restartPolicy), ['Always']));
  if (ts.activeDeadlineSeconds !== undefined && ts.activeDeadlineSeconds !== null) {
    errs.push(forbidden(tp.child('spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicationController is not Supported'));
  }
  return errs;
}

export function replicationControllerStrategy(): Strategy {
  return {
    defaults: defaultReplicationController,
    prepareForCreate(o: KubeObject) {
      o.status = { replicas: 0 };
    },
    validate(o: KubeObject): FieldErr[] {
      return toErrs(validateRCSpec(o.spec));
    },
    validateUpdate(o: KubeObject, _old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') {
        return toErrs(
          validateReplicaStatus(
            o.status,
            path('status'),
            ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'],
            ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
            'cannot be greater than readyReplicas',
          ),
        );
      }
      return toErrs(validateRCSpec(o.spec));
    },
    selectableFields: (o: KubeObject) => ({ 'status.replicas': String(int(isObj(o.status) ? o.status.replicas : 0)) }),
  };
}
