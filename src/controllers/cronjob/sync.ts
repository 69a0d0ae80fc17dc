// One CronJob sync (upstream's ControllerV2.sync): reconcile status.active with the Jobs it owns,
// delete finished Jobs beyond the history limits, and start the Job of the most recent missed
// activation — honouring suspend, startingDeadlineSeconds and the concurrency policy. Returns when
// to sync again (the next activation).

import { isAlreadyExists, isNotFound } from '../../machinery/client/index.js';
import { controllerOf } from '../../machinery/controller/index.js';
import { splitMetaNamespaceKey } from '../../machinery/informers/index.js';
import {
  cleanupFinishedJobs,
  cronRef,
  deleteJob,
  dropActive,
  finishedCondition,
  formatSchedule,
  jobFromTemplate,
  jobName,
  refOf,
  rfc1123z,
  rfc3339,
  type CronJobDeps,
} from './control.js';
import { parseStandard, type Schedule } from '../../machinery/cron/index.js';
import { nextScheduleTimeDuration, mostRecentScheduleTime } from './times.js';
import { loadLocation } from '../../machinery/cron/index.js';
import type { CronJob, Job } from './types.js';

export { cronRef, formatSchedule, type CronJobDeps } from './control.js';

/** Returns when to sync again; st.updateStatus tells whether the status changed (even when it throws). */
async function syncCronJob(d: CronJobDeps, cj: CronJob, jobs: Job[], st: { updateStatus: boolean }): Promise<number | undefined> {
  const now = d.clock.now();
  const children = new Set<string>();
  for (const j of jobs) {
    children.add(j.metadata.uid!);
    const found = (cj.status?.active ?? []).some((r) => r.uid === j.metadata.uid);
    const finished = finishedCondition(j);
    if (!found && !finished) {
      const fresh = await d.cronJobs.inNamespace(cj.metadata.namespace).get(cj.metadata.name!);
      if ((fresh.status?.active ?? []).some((r) => r.uid === j.metadata.uid)) {
        cj.status = { ...fresh.status };
        continue;
      }
      d.recorder.eventf(cronRef(cj), 'Warning', 'UnexpectedJob', 'Saw a job that the controller did not create or forgot: %s', j.metadata.name);
    } else if (finished) {
      if (found) {
        dropActive(cj, j.metadata.uid);
        d.recorder.eventf(cronRef(cj), 'Normal', 'SawCompletedJob', 'Saw completed job: %s, condition: %v', j.metadata.name, finished);
        st.updateStatus = true;
      }
      const done = j.status?.completionTime;
      if (finished === 'Complete' && done && (!cj.status?.lastSuccessfulTime || Date.parse(done) > Date.parse(cj.status.lastSuccessfulTime))) {
        cj.status = { ...cj.status, lastSuccessfulTime: done };
        st.updateStatus = true;
      }
    }
  }
  for (const r of [...(cj.status?.active ?? [])]) {
    if (children.has(r.uid ?? '')) continue;
    try {
      await d.jobs.inNamespace(r.namespace).get(r.name ?? '');
    } catch (err) {
      if (!isNotFound(err)) throw err;
      d.recorder.eventf(cronRef(cj), 'Normal', 'MissingJob', 'Active job went missing: %v', r.name);
      dropActive(cj, r.uid);
      st.updateStatus = true;
    }
  }
  if (cj.metadata.deletionTimestamp) return undefined;
  if (cj.spec.timeZone !== undefined && cj.spec.timeZone !== null) {
    try {
      loadLocation(cj.spec.timeZone);
    } catch (err) {
      d.recorder.eventf(cronRef(cj), 'Warning', 'UnknownTimeZone', 'invalid timeZone: %q: %s', cj.spec.timeZone, (err as Error).message);
      return undefined;
    }
  }
  if (cj.spec.suspend) return undefined;
  let sched: Schedule;
  try {
    sched = parseStandard(formatSchedule(cj, d.recorder));
  } catch (err) {
    d.recorder.eventf(cronRef(cj), 'Warning', 'UnparseableSchedule', 'unparseable schedule: %q : %s', cj.spec.schedule, (err as Error).message);
    return undefined;
  }
  let scheduled: number | undefined;
  try {
    const r = mostRecentScheduleTime(cj, now, sched, true);
    if (r.mostRecent !== undefined && r.mostRecent <= now) {
      scheduled = r.mostRecent;
      if (r.missed === 'many') {
        d.recorder.event(cronRef(cj), 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
      }
    }
  } catch (err) {
    d.recorder.eventf(cronRef(cj), 'Warning', 'InvalidSchedule', 'invalid schedule: %s : %s', cj.spec.schedule, (err as Error).message);
    return undefined;
  }
  const next = () => nextScheduleTimeDuration(cj, now, sched);
  if (scheduled === undefined) return next();
  const sds = cj.spec.startingDeadlineSeconds;
  if (sds !== undefined && sds !== null && scheduled + sds * 1000 < now) {
    d.recorder.eventf(cronRef(cj), 'Warning', 'MissSchedule', 'Missed scheduled time to start a job: %s', rfc1123z(scheduled));
    return next();
  }
  const name = jobName(cj, scheduled);
  const last = cj.status?.lastScheduleTime;
  if ((cj.status?.active ?? []).some((r) => r.name === name && r.namespace === cj.metadata.namespace) || (last && Date.parse(last) === scheduled)) {
    return next();
  }
  if (cj.spec.concurrencyPolicy === 'Forbid' && (cj.status?.active ?? []).length > 0) {
    d.recorder.event(cronRef(cj), 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    return next();
  }
  if (cj.spec.concurrencyPolicy === 'Replace') {
    for (const r of [...(cj.status?.active ?? [])]) {
      let job: Job;
      try {
        job = await d.jobs.inNamespace(r.namespace).get(r.name ?? '');
      } catch (err) {
        d.recorder.eventf(cronRef(cj), 'Warning', 'FailedGet', 'Get job: %v', (err as Error).message);
        throw err;
      }
      if (!(await deleteJob(d, cj, job))) throw new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`);
      st.updateStatus = true;
    }
  }
  const req = jobFromTemplate(cj, scheduled);
  let job: Job;
  try {
    job = await d.jobs.inNamespace(cj.metadata.namespace).create(req);
    d.recorder.eventf(cronRef(cj), 'Normal', 'SuccessfulCreate', 'Created job %v', job.metadata.name);
  } catch (err) {
    if (!isAlreadyExists(err)) {
      const terminating = ((err as { status?: { details?: { causes?: Array<{ reason?: string }> } } }).status?.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
      if (!terminating) d.recorder.eventf(cronRef(cj), 'Warning', 'FailedCreate', 'Error creating job: %v', (err as Error).message);
      throw err;
    }
    // Created before, but the status update that should have recorded it was lost?
    job = await d.jobs.inNamespace(cj.metadata.namespace).get(name);
    if (controllerOf(job)?.uid !== cj.metadata.uid) return undefined;
    if ((cj.status?.active ?? []).some((r) => r.uid === job.metadata.uid)) return undefined;
  }
  cj.status = { ...cj.status, active: [...(cj.status?.active ?? []), refOf(job)], lastScheduleTime: rfc3339(scheduled) };
  st.updateStatus = true;
  return next();
}

/** Syncs one CronJob; returns when to sync it again (undefined: only on the next change). */
export async function syncCronJobKey(d: CronJobDeps, key: string): Promise<number | undefined> {
  const { namespace, name } = splitMetaNamespaceKey(key);
  const shared = d.cronJobLister.get(namespace, name);
  if (!shared) return undefined;
  const jobs = d.jobLister.list(namespace).filter((j) => {
    const ref = controllerOf(j);
    return ref !== undefined && ref.name === shared.metadata.name;
  });
  const cj = structuredClone(shared);
  const cleaned = await cleanupFinishedJobs(d, cj, jobs);
  const st = { updateStatus: false };
  let requeueAfterMs: number | undefined;
  let syncErr: unknown;
  try {
    requeueAfterMs = await syncCronJob(d, cj, jobs, st);
  } catch (err) {
    syncErr = err;
  }
  if (cleaned || st.updateStatus) await d.cronJobs.inNamespace(namespace).updateStatus(cj);
  if (requeueAfterMs !== undefined) return requeueAfterMs;
  if (syncErr !== undefined) throw syncErr;
  return undefined;
}
