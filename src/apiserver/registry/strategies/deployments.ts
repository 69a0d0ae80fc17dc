// apps/v1 Deployments: defaults (replicas, RollingUpdate 25%/25%, history 10, progress deadline
// 600 s), status cleared on create, and upstream's validation including the immutable selector.

import type { KubeObject } from '../../../api/types.js';
import {
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
  validateNonnegativeField,
} from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { goLabelSelector, goIntOrString, goStruct, goPtr } from './gorender.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import { child, immutable, int, isObj, type Obj, specOf, str, toErrs } from './util.js';
import {
  asSelector,
  collisionCountDecrement,
  intOrPercentValue,
  isNotMoreThan100Percent,
  validateControllerSelector,
  validatePositiveIntOrPercent,
  validateReplicaStatus,
  validateTemplateForController,
} from './workload.js';

export function defaultDeployment(o: KubeObject): void {
  const spec = specOf(o);
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  const strategy = child(spec, 'strategy');
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = '25%';
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = '25%';
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null) spec.progressDeadlineSeconds = 600;
  defaultPodTemplate(o, spec.template);
}

function validateStrategy(strategy: Obj, p: ReturnType<typeof path>): FieldError[] {
  const t = str(strategy.type);
  switch (t) {
    case 'Recreate':
      return isObj(strategy.rollingUpdate) ? [forbidden(p.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate;
      if (!isObj(ru)) return [required(p.child('rollingUpdate'), 'this should be defaulted and never be nil')];
      const rp = p.child('rollingUpdate');
      const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable ?? 0, rp.child('maxUnavailable')), ...validatePositiveIntOrPercent(ru.maxSurge ?? 0, rp.child('maxSurge'))];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(invalid(rp.child('maxUnavailable'), goIntOrString(ru.maxUnavailable ?? 0), 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, rp.child('maxUnavailable')));
      return errs;
    }
    default:
      return [
        notSupported(
          p,
          goStruct('apps.DeploymentStrategy', [
            ['Type', JSON.stringify(t)],
            ['RollingUpdate', goPtr('apps.RollingUpdateDeployment', strategy.rollingUpdate)],
          ]),
          ['Recreate', 'RollingUpdate'],
        ),
      ];
  }
}

export function validateDeploymentSpec(specV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs = validateNonnegativeField(int(spec.replicas), p.child('replicas'));
  errs.push(...validateControllerSelector(spec.selector, p.child('selector'), 'deployment'));
  const sel = asSelector(spec.selector);
  if (!sel) errs.push(invalid(p.child('selector'), goLabelSelector(spec.selector), 'invalid label selector'));
  else errs.push(...validateTemplateForController(spec.template, sel, p.child('template'), 'ReplicaSet'));
  errs.push(...validateStrategy(isObj(spec.strategy) ? spec.strategy : {}, p.child('strategy')));
  errs.push(...validateNonnegativeField(int(spec.minReadySeconds), p.child('minReadySeconds')));
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) errs.push(...validateNonnegativeField(int(spec.revisionHistoryLimit), p.child('revisionHistoryLimit')));
  if (isObj(spec.rollbackTo)) errs.push(...validateNonnegativeField(int(spec.rollbackTo.revision), p.child('rollback', 'version')));
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds !== null) {
    const pds = int(spec.progressDeadlineSeconds);
    errs.push(...validateNonnegativeField(pds, p.child('progressDeadlineSeconds')));
    if (pds <= int(spec.minReadySeconds)) errs.push(invalid(p.child('progressDeadlineSeconds'), pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

function validateStatus(o: KubeObject, old: KubeObject): FieldError[] {
  const p = path('status');
  const errs = validateReplicaStatus(
    o.status,
    p,
    ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'],
    ['updatedReplicas', 'readyReplicas', 'availableReplicas'],
    'cannot be greater than readyReplicas',
  );
  errs.push(...collisionCountDecrement(o.status, old.status, p));
  return errs;
}

export function deploymentStrategy(): Strategy {
  return {
    defaults: defaultDeployment,
    prepareForCreate(o: KubeObject) {
      o.status = {};
    },
    validate(o: KubeObject): FieldErr[] {
      return toErrs(validateDeploymentSpec(o.spec));
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') return toErrs(validateStatus(o, old));
      const errs = validateDeploymentSpec(o.spec);
      const a = isObj(o.spec) ? o.spec.selector : undefined;
      const b = isObj(old.spec) ? old.spec.selector : undefined;
      errs.push(...immutable(a, b, path('spec', 'selector'), goLabelSelector(a)));
      return toErrs(errs);
    },
  };
}
