// apps/v1 DaemonSets: defaults (RollingUpdate maxUnavailable 1 / maxSurge 0, history 10), the
// deprecated template-generation annotation upstream keeps, validation and the immutable selector.

import type { KubeObject } from '../../../api/types.js';
import {
  type FieldError,
  invalid,
  notSupported,
  path,
  required,
  validateLabelSelector,
  validateNonnegativeField,
  semanticDeepEqual,
} from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { goIntOrString, goLabelSelector, goMap, goStruct, goPtr } from './gorender.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import { child, immutable, int, isObj, type Obj, specOf, str, toErrs } from './util.js';
import {
  asSelector,
  collisionCountDecrement,
  intOrPercentValue,
  isNotMoreThan100Percent,
  templateLabels,
  templateLabelsRaw,
  validatePositiveIntOrPercent,
  validateTemplateForController,
} from './workload.js';

const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

export function defaultDaemonSet(o: KubeObject): void {
  const spec = specOf(o);
  const us = child(spec, 'updateStrategy');
  if (!us.type) us.type = 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = child(us, 'rollingUpdate');
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = 1;
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = 0;
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  defaultPodTemplate(o, spec.template);
}

function validateUpdateStrategy(us: Obj, p: ReturnType<typeof path>): FieldError[] {
  const t = str(us.type);
  if (t === 'OnDelete') return [];
  if (t === 'RollingUpdate') {
    const ru = us.rollingUpdate;
    if (!isObj(ru)) return [required(p.child('rollingUpdate'))];
    const rp = p.child('rollingUpdate');
    const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable ?? 0, rp.child('maxUnavailable')), ...validatePositiveIntOrPercent(ru.maxSurge ?? 0, rp.child('maxSurge'))];
    errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, rp.child('maxUnavailable')), ...isNotMoreThan100Percent(ru.maxSurge, rp.child('maxSurge')));
    const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
    const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
    if (hasUnavailable && hasSurge) errs.push(invalid(rp.child('maxSurge'), goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
    else if (!hasUnavailable && !hasSurge) errs.push(required(rp.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
    return errs;
  }
  return [
    notSupported(
      p,
      goStruct('apps.DaemonSetUpdateStrategy', [
        ['Type', JSON.stringify(t)],
        ['RollingUpdate', goPtr('apps.RollingUpdateDaemonSet', us.rollingUpdate)],
      ]),
      ['RollingUpdate', 'OnDelete'],
    ),
  ];
}

export function validateDaemonSetSpec(specV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs = validateLabelSelector(isObj(spec.selector) ? (spec.selector as never) : null, p.child('selector'));
  const sel = asSelector(spec.selector);
  if (sel && !sel.matches(templateLabels(spec.template))) {
    errs.push(invalid(p.child('template', 'metadata', 'labels'), goMap(templateLabelsRaw(spec.template)), '`selector` does not match template `labels`'));
  }
  if (isObj(spec.selector)) {
    const n = Object.keys(isObj(spec.selector.matchLabels) ? spec.selector.matchLabels : {}).length + (Array.isArray(spec.selector.matchExpressions) ? spec.selector.matchExpressions.length : 0);
    if (n === 0) errs.push(invalid(p.child('selector'), goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  // ValidatePodTemplateSpec, restartPolicy and activeDeadlineSeconds (without the selector check done above).
  errs.push(...validateTemplateForController(spec.template, asSelector({})!, p.child('template'), 'DaemonSet'));
  errs.push(...validateNonnegativeField(int(spec.minReadySeconds), p.child('minReadySeconds')));
  errs.push(...validateUpdateStrategy(isObj(spec.updateStrategy) ? spec.updateStrategy : {}, p.child('updateStrategy')));
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) errs.push(...validateNonnegativeField(int(spec.revisionHistoryLimit), p.child('revisionHistoryLimit')));
  return errs;
}

function generation(o: KubeObject): number {
  const v = o.metadata.annotations?.[TEMPLATE_GENERATION];
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) ? n : 0;
}

function setGeneration(o: KubeObject, n: number): void {
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [TEMPLATE_GENERATION]: String(n) };
}

export function daemonSetStrategy(): Strategy {
  return {
    defaults: defaultDaemonSet,
    prepareForCreate(o: KubeObject) {
      o.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      setGeneration(o, 1);
    },
    prepareForUpdate(o: KubeObject, old: KubeObject) {
      const a = isObj(o.spec) ? o.spec.template : undefined;
      const b = isObj(old.spec) ? old.spec.template : undefined;
      setGeneration(o, generation(old) + (semanticDeepEqual(a, b) ? 0 : 1));
    },
    validate(o: KubeObject): FieldErr[] {
      return toErrs(validateDaemonSetSpec(o.spec));
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') {
        const p = path('status');
        const st = isObj(o.status) ? o.status : {};
        const errs: FieldError[] = [];
        for (const k of ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount']) {
          if (st[k] !== undefined && st[k] !== null) errs.push(...validateNonnegativeField(int(st[k]), p.child(k)));
        }
        errs.push(...collisionCountDecrement(o.status, old.status, p));
        return toErrs(errs);
      }
      const errs = validateDaemonSetSpec(o.spec);
      const a = isObj(o.spec) ? o.spec.selector : undefined;
      const b = isObj(old.spec) ? old.spec.selector : undefined;
      errs.push(...immutable(a, b, path('spec', 'selector'), goLabelSelector(a)));
      return toErrs(errs);
    },
  };
}
