// apps/v1 StatefulSets: defaults (OrderedReady, RollingUpdate partition 0, Retain/Retain, history
// 10, claim template defaults), DNS-label names, and upstream 1.32's validation — which checks the
// template's labels and annotations but not its PodSpec — plus the update restrictions.

import type { KubeObject } from '../../../api/types.js';
import {
  type FieldError,
  forbidden,
  GoValue,
  invalid,
  notSupported,
  path,
  required,
  validateAnnotations,
  validateLabels,
  validateNonnegativeField,
  semanticDeepEqual,
} from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { goIntOrString, goLabelSelector } from './gorender.js';
import { defaultPodTemplate, defaultPVCSpec } from './podspec-defaults.js';
import { validatePodAnnotations } from './podspec-validate.js';
import { child, clone, int, isObj, type Obj, objs, specOf, str, strMap, toErrs } from './util.js';
import {
  asSelector,
  collisionCountDecrement,
  intOrPercentValue,
  isNotMoreThan100Percent,
  selectorMatchesTemplate,
  templateSpec,
  validateControllerSelector,
  validatePositiveIntOrPercent,
  validateReplicaStatus,
} from './workload.js';

export function defaultStatefulSet(o: KubeObject): void {
  const spec = specOf(o);
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const us = child(spec, 'updateStrategy');
  if (!us.type) {
    us.type = 'RollingUpdate';
    if (!isObj(us.rollingUpdate)) us.rollingUpdate = {};
  }
  if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate) && (us.rollingUpdate.partition === undefined || us.rollingUpdate.partition === null)) us.rollingUpdate.partition = 0;
  const rp = child(spec, 'persistentVolumeClaimRetentionPolicy');
  if (!rp.whenDeleted) rp.whenDeleted = 'Retain';
  if (!rp.whenScaled) rp.whenScaled = 'Retain';
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  defaultPodTemplate(o, spec.template);
  for (const t of objs(spec.volumeClaimTemplates)) {
    // Embedded PersistentVolumeClaims: their own TypeMeta, spec and status defaults.
    if (!t.apiVersion) t.apiVersion = 'v1';
    if (!t.kind) t.kind = 'PersistentVolumeClaim';
    defaultPVCSpec(o, child(t, 'spec'));
    const st = child(t, 'status');
    if (!st.phase) st.phase = 'Pending';
  }
}

function validateRollingUpdate(ru: Obj, p: ReturnType<typeof path>): FieldError[] {
  const errs = validateNonnegativeField(int(ru.partition), p.child('partition'));
  if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
    const mp = p.child('maxUnavailable');
    errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, mp));
    if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(invalid(mp, goIntOrString(ru.maxUnavailable), 'cannot be 0'));
    errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, mp));
  }
  return errs;
}

function retention(v: unknown, p: ReturnType<typeof path>): FieldError[] {
  const s = str(v);
  return s === 'Retain' || s === 'Delete' ? [] : [notSupported(p, s, ['Retain', 'Delete'])];
}

export function validateStatefulSetSpec(specV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs: FieldError[] = [];
  const pmp = str(spec.podManagementPolicy);
  if (!pmp) errs.push(required(p.child('podManagementPolicy')));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(invalid(p.child('podManagementPolicy'), pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
  const ut = str(us.type);
  if (!ut) errs.push(required(p.child('updateStrategy')));
  else if (ut === 'OnDelete') {
    if (isObj(us.rollingUpdate)) errs.push(invalid(p.child('updateStrategy', 'rollingUpdate'), new GoValue('&apps.RollingUpdateStatefulSetStrategy{...}'), "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (ut === 'RollingUpdate') {
    if (isObj(us.rollingUpdate)) errs.push(...validateRollingUpdate(us.rollingUpdate, p.child('updateStrategy', 'rollingUpdate')));
  } else {
    errs.push(invalid(p.child('updateStrategy'), new GoValue(`apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(ut)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  if (isObj(spec.persistentVolumeClaimRetentionPolicy)) {
    const rp = p.child('persistentVolumeClaimRetentionPolicy');
    errs.push(...retention(spec.persistentVolumeClaimRetentionPolicy.whenDeleted, rp.child('whenDeleted')));
    errs.push(...retention(spec.persistentVolumeClaimRetentionPolicy.whenScaled, rp.child('whenScaled')));
  }
  errs.push(...validateNonnegativeField(int(spec.replicas), p.child('replicas')));
  errs.push(...validateNonnegativeField(int(spec.minReadySeconds), p.child('minReadySeconds')));
  if (isObj(spec.ordinals)) errs.push(...validateNonnegativeField(int(spec.ordinals.start), p.child('ordinals.start')));
  errs.push(...validateControllerSelector(spec.selector, p.child('selector'), 'statefulset'));
  const sel = asSelector(spec.selector);
  const tp = p.child('template');
  if (!sel) errs.push(invalid(p.child('selector'), goLabelSelector(spec.selector), ''));
  else if (!isObj(spec.template)) errs.push(required(tp));
  else {
    errs.push(...selectorMatchesTemplate(sel, spec.template, tp));
    const meta = isObj(spec.template.metadata) ? spec.template.metadata : {};
    errs.push(...validateLabels(strMap(meta.labels), tp.child('labels')));
    errs.push(...validateAnnotations(strMap(meta.annotations), tp.child('annotations')));
    errs.push(...validatePodAnnotations(strMap(meta.annotations), templateSpec(spec.template), tp.child('annotations')));
  }
  const ts = templateSpec(spec.template);
  if (str(ts.restartPolicy) !== 'Always') errs.push(notSupported(tp.child('spec', 'restartPolicy'), str(ts.restartPolicy), ['Always']));
  if (ts.activeDeadlineSeconds !== undefined && ts.activeDeadlineSeconds !== null) errs.push(forbidden(tp.child('spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return errs;
}

const MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

export function validateStatefulSetUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateStatefulSetSpec(o.spec);
  const a = clone(isObj(o.spec) ? o.spec : {});
  const b = isObj(old.spec) ? old.spec : {};
  for (const k of MUTABLE) {
    if (b[k] === undefined) delete a[k];
    else a[k] = b[k];
  }
  if (!semanticDeepEqual(a, b)) {
    errs.push(forbidden(path('spec'), "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
  }
  return errs;
}

export function statefulSetStrategy(): Strategy {
  return {
    nameValidation: 'label',
    defaults: defaultStatefulSet,
    prepareForCreate(o: KubeObject) {
      o.status = { replicas: 0, availableReplicas: 0 };
    },
    validate(o: KubeObject): FieldErr[] {
      return toErrs(validateStatefulSetSpec(o.spec));
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') {
        const p = path('status');
        const errs = validateReplicaStatus(
          o.status,
          p,
          ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'],
          ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'],
          'cannot be greater than status.readyReplicas',
        );
        errs.push(...collisionCountDecrement(o.status, old.status, p));
        return toErrs(errs);
      }
      return toErrs(validateStatefulSetUpdate(o, old));
    },
  };
}
