// What the CronJob controller does to Jobs and writes about them: Jobs from the template, named after
// their activation; deleting Jobs (and their events); trimming finished Jobs to the history limits.

import type { ResourceClient } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { newControllerRef } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import type { Lister } from '../../machinery/informers/index.js';
import { formatRFC3339In, loadLocation } from '../../machinery/cron/index.js';
import { CRONJOB_GVK, SCHEDULED_TIMESTAMP_ANNOTATION, type CronJob, type Job, type ObjectReference } from './types.js';

export interface CronJobDeps {
  cronJobs: ResourceClient<CronJob>;
  jobs: ResourceClient<Job>;
  cronJobLister: Lister<CronJob>;
  jobLister: Lister<Job>;
  recorder: EventRecorder;
  clock: Clock;
}

export function cronRef(cj: CronJob): ObjectReference {
  return { ...CRONJOB_GVK, name: cj.metadata.name, namespace: cj.metadata.namespace, uid: cj.metadata.uid, resourceVersion: cj.metadata.resourceVersion };
}

export function finishedCondition(j: Job): string | undefined {
  return (j.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
}

/** The schedule with spec.timeZone applied as robfig's "TZ=" prefix (a TZ in the schedule wins, with a warning). */
export function formatSchedule(cj: CronJob, recorder?: EventRecorder): string {
  if (cj.spec.schedule.includes('TZ')) {
    recorder?.eventf(
      cronRef(cj),
      'Warning',
      'UnsupportedSchedule',
      'CRON_TZ or TZ used in schedule %q is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details',
      cj.spec.schedule,
    );
    return cj.spec.schedule;
  }
  if (cj.spec.timeZone !== undefined && cj.spec.timeZone !== null) {
    try {
      loadLocation(cj.spec.timeZone);
    } catch {
      return cj.spec.schedule;
    }
    return `TZ=${cj.spec.timeZone} ${cj.spec.schedule}`;
  }
  return cj.spec.schedule;
}

/** `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function jobName(cj: CronJob, scheduled: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
}

export function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function jobFromTemplate(cj: CronJob, scheduled: number): Job {
  const t = cj.spec.jobTemplate ?? {};
  const annotations = { ...(t.metadata?.annotations ?? {}) };
  annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = formatRFC3339In(scheduled, loadLocation(cj.spec.timeZone ?? ''));
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj, scheduled),
      namespace: cj.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}) },
      annotations,
      ownerReferences: [newControllerRef(cj, CRONJOB_GVK)],
    },
    spec: structuredClone(t.spec ?? {}),
  };
}

export function refOf(job: Job): ObjectReference {
  return { kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion };
}

/** Removes a Job from status.active (an empty list is omitted, as upstream serializes it). */
export function dropActive(cj: CronJob, uid: string | undefined): void {
  const active = (cj.status?.active ?? []).filter((r) => r.uid !== uid);
  const { active: _drop, ...rest } = cj.status ?? {};
  cj.status = active.length ? { ...rest, active } : rest;
}

export async function deleteJob(d: CronJobDeps, cj: CronJob, job: Job): Promise<boolean> {
  try {
    await d.jobs.inNamespace(job.metadata.namespace).delete(job.metadata.name!, { propagationPolicy: 'Background' });
  } catch (err) {
    d.recorder.eventf(cronRef(cj), 'Warning', 'FailedDelete', 'Deleted job: %v', (err as Error).message);
    return false;
  }
  dropActive(cj, job.metadata.uid);
  d.recorder.eventf(cronRef(cj), 'Normal', 'SuccessfulDelete', 'Deleted job %v', job.metadata.name);
  return true;
}

/** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit. */
export async function cleanupFinishedJobs(d: CronJobDeps, cj: CronJob, jobs: Job[]): Promise<boolean> {
  const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failLimit } = cj.spec;
  if ((okLimit === undefined || okLimit === null) && (failLimit === undefined || failLimit === null)) return false;
  const byStart = (a: Job, b: Job) => {
    const sa = a.status?.startTime;
    const sb = b.status?.startTime;
    if (!sa && sb) return 1;
    if (sa && !sb) return -1;
    if (sa === sb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
    return Date.parse(sa!) - Date.parse(sb!);
  };
  let changed = false;
  for (const [type, limit] of [
    ['Complete', okLimit],
    ['Failed', failLimit],
  ] as const) {
    if (limit === undefined || limit === null) continue;
    const finished = jobs.filter((j) => finishedCondition(j) === type).sort(byStart);
    for (const j of finished.slice(0, Math.max(0, finished.length - limit))) if (await deleteJob(d, cj, j)) changed = true;
  }
  return changed;
}

