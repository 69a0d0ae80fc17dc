// What the pod controllers (RC, ReplicaSet, Deployment, StatefulSet, DaemonSet, Job) share: selector
// and template checks, int-or-percent values, status validation.

import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  isValidPercent,
  IS_NEGATIVE_ERROR_MSG,
  notSupported,
  required,
  validateLabelSelector,
} from '../../../machinery/validation/index.js';
import { fromLabelSelector, type LabelSelector, type Selector } from '../../../machinery/labels/index.js';
import { goIntOrString, goLabelSelector, goMap } from './gorender.js';
import { validatePodTemplateSpec } from './podspec-validate.js';
import { int, isObj, type Obj, strMap } from './util.js';

/** metav1.LabelSelectorAsSelector: undefined when the selector does not convert. */
export function asSelector(sel: unknown): Selector | undefined {
  try {
    return fromLabelSelector(isObj(sel) ? (sel as LabelSelector) : null);
  } catch {
    return undefined;
  }
}

export function templateLabels(template: unknown): Record<string, string> {
  return isObj(template) && isObj(template.metadata) ? strMap(template.metadata.labels) : {};
}

export function templateLabelsRaw(template: unknown): unknown {
  return isObj(template) && isObj(template.metadata) ? template.metadata.labels : undefined;
}

export function templateSpec(template: unknown): Obj {
  return isObj(template) && isObj(template.spec) ? template.spec : {};
}

/** The selector check of a controller spec: required, valid, non-empty. */
export function validateControllerSelector(selector: unknown, p: FieldPath, kindWord: string): FieldError[] {
  if (!isObj(selector)) return [required(p)];
  const errs = validateLabelSelector(selector as never, p);
  const n = Object.keys(isObj(selector.matchLabels) ? selector.matchLabels : {}).length + (Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0);
  if (n === 0) errs.push(invalid(p, goLabelSelector(selector), `empty selector is invalid for ${kindWord}`));
  return errs;
}

/** `selector` does not match template `labels`, when the selector restricts anything. */
export function selectorMatchesTemplate(sel: Selector, template: unknown, p: FieldPath): FieldError[] {
  if (sel.empty()) return [];
  return sel.matches(templateLabels(template)) ? [] : [invalid(p.child('metadata', 'labels'), goMap(templateLabelsRaw(template)), '`selector` does not match template `labels`')];
}

/** ValidatePodTemplateSpecForReplicaSet (also Deployments and, with its own wording, DaemonSets/RCs). */
export function validateTemplateForController(template: unknown, sel: Selector, p: FieldPath, kind: string): FieldError[] {
  if (!isObj(template)) return [required(p)];
  const errs = selectorMatchesTemplate(sel, template, p);
  errs.push(...validatePodTemplateSpec(template, p));
  const spec = templateSpec(template);
  const rp = typeof spec.restartPolicy === 'string' ? spec.restartPolicy : '';
  if (rp !== 'Always') errs.push(notSupported(p.child('spec', 'restartPolicy'), rp, ['Always']));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    errs.push(forbidden(p.child('spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

function percentValue(v: unknown): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length) return undefined;
  return Number(v.slice(0, -1));
}

/** intstr's IntValue: an int, or a string parsed as an int (0 when it is not one). */
export function intOrPercentValue(v: unknown): number {
  const pct = percentValue(v);
  if (pct !== undefined) return pct;
  if (typeof v === 'number') return v;
  const n = Number(v);
  return typeof v === 'string' && /^[+-]?\d+$/.test(v) ? n : 0;
}

export function validatePositiveIntOrPercent(v: unknown, p: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(p, goIntOrString(v), m));
  if (typeof v === 'number') return v < 0 ? [invalid(p, v, IS_NEGATIVE_ERROR_MSG)] : [];
  return [invalid(p, goIntOrString(v), "must be an integer or percentage (e.g '5%%')")];
}

export function isNotMoreThan100Percent(v: unknown, p: FieldPath): FieldError[] {
  const pct = percentValue(v);
  return pct === undefined || pct <= 100 ? [] : [invalid(p, goIntOrString(v), 'must not be greater than 100%')];
}

/** Non-negative status counters and "cannot be greater than status.replicas". */
export function validateReplicaStatus(status: unknown, p: FieldPath, counters: string[], bounded: string[], availableVsReady: string | null): FieldError[] {
  const st = isObj(status) ? status : {};
  const errs: FieldError[] = [];
  for (const k of counters) {
    const v = st[k];
    if (v !== undefined && v !== null && int(v) < 0) errs.push(invalid(p.child(k), int(v), IS_NEGATIVE_ERROR_MSG));
  }
  for (const k of bounded) {
    if (int(st[k]) > int(st.replicas)) errs.push(invalid(p.child(k), int(st[k]), 'cannot be greater than status.replicas'));
  }
  if (availableVsReady !== null && int(st.availableReplicas) > int(st.readyReplicas)) {
    errs.push(invalid(p.child('availableReplicas'), int(st.availableReplicas), availableVsReady));
  }
  return errs;
}

/** `collisionCount` may not go down (IsDecremented). */
export function collisionCountDecrement(status: unknown, oldStatus: unknown, p: FieldPath): FieldError[] {
  const a = isObj(status) ? status.collisionCount : undefined;
  const b = isObj(oldStatus) ? oldStatus.collisionCount : undefined;
  const dec = (a === undefined || a === null) ? b !== undefined && b !== null : b !== undefined && b !== null && int(a) < int(b);
  return dec ? [invalid(p.child('collisionCount'), int(a), 'cannot be decremented')] : [];
}
