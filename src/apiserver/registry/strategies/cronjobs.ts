// batch/v1 CronJobs: defaults (Allow, suspend false, history 3/1), schedule and time zone checks as
// upstream (robfig/cron standard schedules, no TZ= in the schedule), and the job template rules.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, invalid, notSupported, path, required, validateNonnegativeField } from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { loadLocation, parseStandardCron } from './cron.js';
import { goLabelSelector } from './gorender.js';
import { validateJobSpecCommon } from './jobs.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import { child, int, isObj, type Obj, specOf, str, toErrs } from './util.js';

export function defaultCronJob(o: KubeObject): void {
  const spec = specOf(o);
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  if (spec.suspend === undefined || spec.suspend === null) spec.suspend = false;
  if (spec.successfulJobsHistoryLimit === undefined || spec.successfulJobsHistoryLimit === null) spec.successfulJobsHistoryLimit = 3;
  if (spec.failedJobsHistoryLimit === undefined || spec.failedJobsHistoryLimit === null) spec.failedJobsHistoryLimit = 1;
  const jt = child(spec, 'jobTemplate');
  const js = child(jt, 'spec');
  defaultPodTemplate(o, js.template);
}

function validateSchedule(schedule: string, allowTZ: boolean, timeZone: unknown, p: ReturnType<typeof path>): FieldError[] {
  const errs: FieldError[] = [];
  try {
    parseStandardCron(schedule);
  } catch (e) {
    errs.push(invalid(p, schedule, (e as Error).message));
  }
  if (allowTZ && schedule.includes('TZ') && timeZone !== undefined && timeZone !== null) errs.push(invalid(p, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  else if (!allowTZ && schedule.includes('TZ')) errs.push(invalid(p, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return errs;
}

const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

export function validateTimeZone(tzV: unknown, p: ReturnType<typeof path>): FieldError[] {
  if (tzV === undefined || tzV === null) return [];
  const tz = str(tzV);
  if (!tz) return [invalid(p, tz, 'timeZone must be nil or non-empty string')];
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART.test(part)) return [invalid(p, tz, `unknown time zone ${tz}`)];
  }
  const errs: FieldError[] = [];
  if (tz.toLowerCase() === 'local') errs.push(invalid(p, tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  const err = tz === 'Local' ? undefined : loadLocation(tz);
  if (err) errs.push(invalid(p, tz, err));
  return errs;
}

function validateJobTemplate(jt: Obj, p: ReturnType<typeof path>): FieldError[] {
  const spec = isObj(jt.spec) ? jt.spec : {};
  const sp = p.child('spec');
  const errs = validateJobSpecCommon(spec, sp);
  if (isObj(spec.selector)) errs.push(invalid(sp.child('selector'), goLabelSelector(spec.selector), '`selector` will be auto-generated'));
  if (spec.manualSelector === true) errs.push(notSupported(sp.child('manualSelector'), true, ['nil', 'false']));
  return errs;
}

export function validateCronJobSpec(specV: unknown, oldSpecV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const old = isObj(oldSpecV) ? oldSpecV : undefined;
  const p = path('spec');
  const errs: FieldError[] = [];
  const schedule = str(spec.schedule);
  if (!schedule) errs.push(required(p.child('schedule')));
  else errs.push(...validateSchedule(schedule, old ? str(old.schedule).includes('TZ') : false, spec.timeZone, p.child('schedule')));
  if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null) errs.push(...validateNonnegativeField(int(spec.startingDeadlineSeconds), p.child('startingDeadlineSeconds')));
  if (!old || str(old.timeZone) !== str(spec.timeZone) || (old.timeZone === undefined) !== (spec.timeZone === undefined)) errs.push(...validateTimeZone(spec.timeZone, p.child('timeZone')));
  const cp = str(spec.concurrencyPolicy);
  if (!cp) errs.push(required(p.child('concurrencyPolicy')));
  else if (!['Allow', 'Forbid', 'Replace'].includes(cp)) errs.push(notSupported(p.child('concurrencyPolicy'), cp, ['Allow', 'Forbid', 'Replace']));
  errs.push(...validateJobTemplate(isObj(spec.jobTemplate) ? spec.jobTemplate : {}, p.child('jobTemplate')));
  for (const k of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    if (spec[k] !== undefined && spec[k] !== null) errs.push(...validateNonnegativeField(int(spec[k]), p.child(k)));
  }
  return errs;
}

export function cronJobStrategy(): Strategy {
  return {
    defaults: defaultCronJob,
    prepareForCreate(o: KubeObject) {
      o.status = {};
    },
    validate(o: KubeObject): FieldErr[] {
      const errs = validateCronJobSpec(o.spec, undefined);
      const name = o.metadata.name ?? '';
      if (name.length > 52) errs.push(invalid(path('metadata', 'name'), name, 'must be no more than 52 characters'));
      return toErrs(errs);
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') return [];
      return toErrs(validateCronJobSpec(o.spec, old.spec));
    },
  };
}
