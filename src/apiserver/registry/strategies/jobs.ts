// batch/v1 Jobs: defaults (completions/parallelism 1, backoffLimit 6, NonIndexed, suspend false,
// podReplacementPolicy), the generated selector and labels (batch.kubernetes.io/controller-uid …),
// and upstream's Job validation, template immutability included.

import type { KubeObject } from '../../../api/types.js';
import {
  type FieldError,
  type FieldPath,
  duplicate,
  GoValue,
  invalid,
  isDNS1123Label,
  isDomainPrefixedPath,
  isQualifiedName,
  notSupported,
  OMIT_VALUE,
  path,
  required,
  tooLong,
  tooMany,
  validateLabelSelector,
  validateNonnegativeField,
  semanticDeepEqual,
} from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { goLabelSelector, goMap } from './gorender.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import { validatePodTemplateSpec } from './podspec-validate.js';
import { child, clone, immutable, int, isObj, type Obj, objs, specOf, str, strMap, toErrs } from './util.js';
import { asSelector, templateLabels, templateLabelsRaw, templateSpec } from './workload.js';

export const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const LEGACY_JOB_NAME = 'job-name';
const MAX_INT32 = 2147483647;
/** Above this many completions, backoffLimitPerIndex needs maxFailedIndexes and lower limits. */
const COMPLETIONS_SOFT_LIMIT = 100_000;
const LIMIT_FOR_HIGH_COMPLETIONS = 10_000;

export function defaultJobSpec(o: KubeObject, spec: Obj): void {
  if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (spec.parallelism === undefined || spec.parallelism === null) spec.parallelism = 1;
  if (spec.backoffLimit === undefined || spec.backoffLimit === null) {
    spec.backoffLimit = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? MAX_INT32 : 6;
  }
  if (!spec.completionMode) spec.completionMode = 'NonIndexed';
  if (spec.suspend === undefined || spec.suspend === null) spec.suspend = false;
  if (isObj(spec.podFailurePolicy)) {
    for (const rule of objs(spec.podFailurePolicy.rules)) for (const pat of objs(rule.onPodConditions)) if (!pat.status) pat.status = 'True';
  }
  if (!spec.podReplacementPolicy) spec.podReplacementPolicy = isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate(o, spec.template);
}

export function defaultJob(o: KubeObject): void {
  const spec = specOf(o);
  defaultJobSpec(o, spec);
  const labels = templateLabelsRaw(spec.template);
  if (isObj(labels) && (!o.metadata.labels || Object.keys(o.metadata.labels).length === 0)) o.metadata.labels = strMap(labels);
}

/** generateSelector: the job-name and controller-uid labels on the template, a selector on the uid. */
export function generateSelector(o: KubeObject): void {
  const spec = specOf(o);
  const template = child(spec, 'template');
  const meta = child(template, 'metadata');
  const labels = child(meta, 'labels');
  const uid = o.metadata.uid ?? '';
  const name = o.metadata.name ?? '';
  for (const k of [LEGACY_JOB_NAME, JOB_NAME]) if (!(k in labels)) labels[k] = name;
  for (const k of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) if (!(k in labels)) labels[k] = uid;
  const sel = child(spec, 'selector');
  const ml = child(sel, 'matchLabels');
  if (!(CONTROLLER_UID in ml)) ml[CONTROLLER_UID] = uid;
}

function hasLabel(meta: unknown, p: FieldPath, key: string, expected: string): FieldError[] {
  const labels = isObj(meta) && isObj(meta.labels) ? meta.labels : undefined;
  if (!labels || !(key in labels)) return [required(p.child('labels').key(key), `must be '${expected}'`)];
  if (str(labels[key]) !== expected) return [invalid(p.child('labels').key(key), goMap(labels), `must be '${expected}'`)];
  return [];
}

function validateGeneratedSelector(o: KubeObject, requirePrefixed: boolean): FieldError[] {
  const spec = isObj(o.spec) ? o.spec : {};
  if (spec.manualSelector === true || !isObj(spec.selector)) return [];
  const errs: FieldError[] = [];
  const uid = o.metadata.uid ?? '';
  const name = o.metadata.name ?? '';
  if (!uid) errs.push(required(path('metadata', 'uid')));
  const tmeta = isObj(spec.template) ? spec.template.metadata : undefined;
  const tp = path('spec', 'template', 'metadata');
  errs.push(...hasLabel(tmeta, tp, LEGACY_CONTROLLER_UID, uid), ...hasLabel(tmeta, tp, LEGACY_JOB_NAME, name));
  const expected: Record<string, string> = { [LEGACY_CONTROLLER_UID]: uid, [LEGACY_JOB_NAME]: name };
  if (requirePrefixed) {
    errs.push(...hasLabel(tmeta, tp, CONTROLLER_UID, uid), ...hasLabel(tmeta, tp, JOB_NAME, name));
    expected[CONTROLLER_UID] = uid;
    expected[JOB_NAME] = name;
  }
  const sel = asSelector(spec.selector);
  if (sel && !sel.matches(expected)) errs.push(invalid(path('spec', 'selector'), goLabelSelector(spec.selector), '`selector` not auto-generated'));
  return errs;
}

const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

function validatePodFailurePolicy(spec: Obj, p: FieldPath): FieldError[] {
  const pfp = isObj(spec.podFailurePolicy) ? spec.podFailurePolicy : {};
  const errs: FieldError[] = [];
  const rp = p.child('rules');
  const rules = objs(pfp.rules);
  if (rules.length > 20) errs.push(tooMany(rp, rules.length, 20));
  const ts = templateSpec(spec.template);
  const names = new Set([...objs(ts.containers), ...objs(ts.initContainers)].map((c) => str(c.name)));
  rules.forEach((rule, i) => {
    const ip = rp.index(i);
    const action = str(rule.action);
    if (!action) errs.push(required(ip.child('action'), `valid values: ${JSON.stringify(POD_FAILURE_ACTIONS).replace(/,/g, ' ')}`));
    else if (action === 'FailIndex') {
      if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) errs.push(invalid(ip.child('action'), action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!POD_FAILURE_ACTIONS.includes(action)) errs.push(notSupported(ip.child('action'), action, POD_FAILURE_ACTIONS));
    const oec = rule.onExitCodes;
    const opc = objs(rule.onPodConditions);
    if (isObj(oec)) {
      const op = ip.child('onExitCodes');
      const operator = str(oec.operator);
      if (!operator) errs.push(required(op.child('operator'), 'valid values: ["In" "NotIn"]'));
      else if (operator !== 'In' && operator !== 'NotIn') errs.push(notSupported(op.child('operator'), operator, ['In', 'NotIn']));
      if (oec.containerName !== undefined && oec.containerName !== null && !names.has(str(oec.containerName))) {
        errs.push(invalid(op.child('containerName'), str(oec.containerName), 'must be one of the container or initContainer names in the pod template'));
      }
      const values = Array.isArray(oec.values) ? oec.values.map((v) => int(v)) : [];
      const vp = op.child('values');
      if (values.length === 0) errs.push(invalid(vp, new GoValue('[]int32(nil)'), 'at least one value is required'));
      else if (values.length > 255) errs.push(tooMany(vp, values.length, 255));
      const seen = new Set<number>();
      let ordered = true;
      values.forEach((v, j) => {
        if (operator === 'In' && v === 0) errs.push(invalid(vp.index(j), v, 'must not be 0 for the In operator'));
        if (seen.has(v)) errs.push(duplicate(vp.index(j), v));
        else seen.add(v);
        if (j > 0 && values[j - 1]! > v) ordered = false;
      });
      if (!ordered) errs.push(invalid(vp, new GoValue(`[]int32{${values.join(', ')}}`), 'must be ordered'));
    }
    if (opc.length) {
      const pp = ip.child('onPodConditions');
      if (opc.length > 20) errs.push(tooMany(pp, opc.length, 20));
      opc.forEach((pat, j) => {
        const t = str(pat.type);
        errs.push(...isQualifiedName(t).map((m) => invalid(pp.index(j).child('type'), t, m)));
        const st = str(pat.status);
        if (!st) errs.push(required(pp.index(j).child('status'), 'valid values: ["False" "True" "Unknown"]'));
        else if (!['False', 'True', 'Unknown'].includes(st)) errs.push(notSupported(pp.index(j).child('status'), st, ['False', 'True', 'Unknown']));
      });
    }
    if (isObj(oec) && opc.length) errs.push(invalid(ip, OMIT_VALUE, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!isObj(oec) && opc.length === 0) errs.push(invalid(ip, OMIT_VALUE, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errs;
}

/** validateJobSpec (shared with CronJob job templates). */
export function validateJobSpecCommon(spec: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    if (spec[k] !== undefined && spec[k] !== null) errs.push(...validateNonnegativeField(int(spec[k]), p.child(k)));
  }
  const hasBLPI = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null;
  const hasMFI = spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null;
  if (hasMFI) {
    errs.push(...validateNonnegativeField(int(spec.maxFailedIndexes), p.child('maxFailedIndexes')));
    if (!hasBLPI) errs.push(required(p.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  if (spec.managedBy !== undefined && spec.managedBy !== null) {
    errs.push(...isDomainPrefixedPath(p.child('managedBy'), str(spec.managedBy)));
    if (str(spec.managedBy).length > 63) errs.push(tooLong(p.child('managedBy'), 63));
  }
  const mode = spec.completionMode === undefined || spec.completionMode === null ? undefined : str(spec.completionMode);
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(p.child('completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (spec.completions === undefined || spec.completions === null) errs.push(required(p.child('completions'), 'when completion mode is Indexed'));
      if (spec.parallelism !== undefined && int(spec.parallelism) > 100000) errs.push(invalid(p.child('parallelism'), int(spec.parallelism), 'must be less than or equal to 100000 when completion mode is Indexed'));
      if (hasMFI && spec.completions !== undefined && spec.completions !== null && int(spec.maxFailedIndexes) > int(spec.completions)) errs.push(invalid(p.child('maxFailedIndexes'), int(spec.maxFailedIndexes), 'must be less than or equal to completions'));
      if (hasMFI && int(spec.maxFailedIndexes) > 100000) errs.push(invalid(p.child('maxFailedIndexes'), int(spec.maxFailedIndexes), 'must be less than or equal to 100000'));
      // Many completions with backoffLimitPerIndex: failedIndexes must stay short, so cap the failures and the parallelism.
      if (spec.completions !== undefined && spec.completions !== null && int(spec.completions) > COMPLETIONS_SOFT_LIMIT && hasBLPI) {
        const high = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
        if (!hasMFI) errs.push(required(p.child('maxFailedIndexes'), `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
        if (spec.parallelism !== undefined && spec.parallelism !== null && int(spec.parallelism) > LIMIT_FOR_HIGH_COMPLETIONS) {
          errs.push(invalid(p.child('parallelism'), int(spec.parallelism), `must be less than or equal to ${LIMIT_FOR_HIGH_COMPLETIONS} ${high}`));
        }
        if (hasMFI && int(spec.maxFailedIndexes) > LIMIT_FOR_HIGH_COMPLETIONS) {
          errs.push(invalid(p.child('maxFailedIndexes'), int(spec.maxFailedIndexes), `must be less than or equal to ${LIMIT_FOR_HIGH_COMPLETIONS} ${high}`));
        }
      }
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    if (hasBLPI) errs.push(invalid(p.child('backoffLimitPerIndex'), int(spec.backoffLimitPerIndex), 'requires indexed completion mode'));
    if (hasMFI) errs.push(invalid(p.child('maxFailedIndexes'), int(spec.maxFailedIndexes), 'requires indexed completion mode'));
  }
  if (isObj(spec.podFailurePolicy)) errs.push(...validatePodFailurePolicy(spec, p.child('podFailurePolicy')));
  if (isObj(spec.successPolicy) && mode !== 'Indexed') errs.push(invalid(p.child('successPolicy'), new GoValue('batch.SuccessPolicy{...}'), 'requires indexed completion mode'));
  if (spec.podReplacementPolicy !== undefined && spec.podReplacementPolicy !== null) {
    const prp = str(spec.podReplacementPolicy);
    const pp = p.child('podReplacementPolicy');
    if (isObj(spec.podFailurePolicy)) {
      if (prp !== 'Failed') errs.push(notSupported(pp, prp, ['Failed']));
    } else if (prp !== 'Failed' && prp !== 'TerminatingOrFailed') errs.push(notSupported(pp, prp, ['Failed', 'TerminatingOrFailed']));
  }
  errs.push(...validatePodTemplateSpec(spec.template, p.child('template')));
  const rp = str(templateSpec(spec.template).restartPolicy);
  const rpp = p.child('template', 'spec', 'restartPolicy');
  if (rp === 'Always' || rp === '') errs.push(required(rpp, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(notSupported(rpp, rp, ['OnFailure', 'Never']));
  else if (isObj(spec.podFailurePolicy) && rp !== 'Never') errs.push(invalid(rpp, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

export function validateJobSpec(specV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs = validateJobSpecCommon(spec, p);
  if (!isObj(spec.selector)) errs.push(required(p.child('selector')));
  else errs.push(...validateLabelSelector(spec.selector as never, p.child('selector')));
  const sel = asSelector(spec.selector);
  if (sel && !sel.matches(templateLabels(spec.template))) {
    errs.push(invalid(p.child('template', 'metadata', 'labels'), goMap(templateLabelsRaw(spec.template)), '`selector` does not match template `labels`'));
  }
  return errs;
}

export function validateJobCreate(o: KubeObject): FieldError[] {
  const errs = validateGeneratedSelector(o, true);
  errs.push(...validateJobSpec(o.spec));
  const spec = isObj(o.spec) ? o.spec : {};
  if (str(spec.completionMode) === 'Indexed' && int(spec.completions) > 0) {
    const host = `${o.metadata.name ?? ''}-${int(spec.completions) - 1}`;
    if (isDNS1123Label(host).length) errs.push(invalid(path('metadata', 'name'), o.metadata.name ?? '', `will not able to create pod with invalid DNS label: ${host}`));
  }
  return errs;
}

/** The template with the scheduling directives a suspended, never-started job may change taken from `from`. */
function schedulingMutable(template: unknown, from: unknown): unknown {
  if (!isObj(template) || !isObj(from)) return template;
  const t = clone(template);
  const ts = child(t, 'spec');
  const fs = isObj(from.spec) ? from.spec : {};
  const fa = isObj(fs.affinity) ? fs.affinity : undefined;
  if (!fa) {
    if (isObj(ts.affinity)) {
      delete ts.affinity.nodeAffinity;
      if (Object.keys(ts.affinity).length === 0) delete ts.affinity;
    }
  } else if (!isObj(ts.affinity)) ts.affinity = { nodeAffinity: fa.nodeAffinity };
  else ts.affinity.nodeAffinity = fa.nodeAffinity;
  for (const k of ['nodeSelector', 'tolerations', 'schedulingGates']) {
    if (fs[k] === undefined) delete ts[k];
    else ts[k] = fs[k];
  }
  const tm = child(t, 'metadata');
  const fm = isObj(from.metadata) ? from.metadata : {};
  for (const k of ['labels', 'annotations']) {
    if (fm[k] === undefined) delete tm[k];
    else tm[k] = fm[k];
  }
  return t;
}

export function validateJobUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const a = isObj(o.spec) ? o.spec : {};
  const b = isObj(old.spec) ? old.spec : {};
  const p = path('spec');
  const errs = validateJobSpec(a);
  // ElasticIndexedJob: Indexed jobs may change completions together with parallelism.
  if (str(a.completionMode) === 'Indexed') {
    if (!semanticDeepEqual(a.completions, b.completions) && a.completions !== undefined && a.completions !== null && int(a.completions) !== int(a.parallelism)) {
      errs.push(invalid(p.child('completions'), int(a.completions), 'can only be modified in tandem with spec.parallelism'));
    }
  } else errs.push(...immutable(a.completions, b.completions, p.child('completions'), a.completions === undefined ? null : int(a.completions)));
  errs.push(...immutable(a.selector, b.selector, p.child('selector'), goLabelSelector(a.selector)));
  const suspendedNotStarted = b.suspend === true && !(isObj(old.status) && old.status.startTime);
  const oldTemplate = suspendedNotStarted ? schedulingMutable(b.template, a.template) : b.template;
  errs.push(...immutable(a.template, oldTemplate, p.child('template'), new GoValue('core.PodTemplateSpec{...}')));
  errs.push(...immutable(a.completionMode, b.completionMode, p.child('completionMode'), str(a.completionMode)));
  errs.push(...immutable(a.podFailurePolicy, b.podFailurePolicy, p.child('podFailurePolicy'), new GoValue('batch.PodFailurePolicy{...}')));
  errs.push(...immutable(a.backoffLimitPerIndex, b.backoffLimitPerIndex, p.child('backoffLimitPerIndex'), a.backoffLimitPerIndex === undefined ? null : int(a.backoffLimitPerIndex)));
  errs.push(...immutable(a.managedBy, b.managedBy, p.child('managedBy'), a.managedBy === undefined ? null : str(a.managedBy)));
  errs.push(...immutable(a.successPolicy, b.successPolicy, p.child('successPolicy'), new GoValue('batch.SuccessPolicy{...}')));
  return errs;
}

function validateJobStatusUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const st = isObj(o.status) ? o.status : {};
  const ost = isObj(old.status) ? old.status : {};
  const p = path('status');
  const errs: FieldError[] = [];
  for (const k of ['active', 'succeeded', 'failed', 'ready', 'terminating']) {
    if (st[k] !== undefined && st[k] !== null) errs.push(...validateNonnegativeField(int(st[k]), p.child(k)));
  }
  if (int(st.failed) < int(ost.failed)) errs.push(invalid(p.child('failed'), int(st.failed), 'cannot decrease the failed counter'));
  if (int(st.succeeded) < int(ost.succeeded)) errs.push(invalid(p.child('succeeded'), int(st.succeeded), 'cannot decrease the succeeded counter'));
  if (st.ready !== undefined && st.ready !== null && int(st.ready) > int(st.active)) errs.push(invalid(p.child('ready'), int(st.ready), 'cannot set more ready pods than active'));
  return errs;
}

export function jobStrategy(): Strategy {
  return {
    defaults: defaultJob,
    prepareForCreate(o: KubeObject) {
      o.status = {};
      const spec = specOf(o);
      if (spec.manualSelector !== true) generateSelector(o);
      // Upstream defaults metadata.labels from the template's on every decode, so the created
      // object already shows the generated labels.
      const labels = templateLabelsRaw(spec.template);
      if (isObj(labels) && (!o.metadata.labels || Object.keys(o.metadata.labels).length === 0)) o.metadata.labels = strMap(labels);
    },
    validate(o: KubeObject): FieldErr[] {
      return toErrs(validateJobCreate(o));
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') return toErrs(validateJobStatusUpdate(o, old));
      return toErrs(validateJobUpdate(o, old));
    },
    selectableFields: (o: KubeObject) => ({ 'status.successful': String(int(isObj(o.status) ? o.status.succeeded : 0)) }),
  };
}
