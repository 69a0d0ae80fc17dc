// When a CronJob should run (upstream's mostRecentScheduleTime / nextScheduleTime /
// nextScheduleTimeDuration): the most recent activation since the last one (or since creation),
// whether many were missed, and how long to wait for the next.

import type { Schedule } from '../../machinery/cron/index.js';
import type { CronJob } from './types.js';

export const NEXT_SCHEDULE_DELTA_MS = 100;

export type Missed = 'none' | 'few' | 'many';

export interface MostRecent {
  earliest: number;
  mostRecent?: number;
  missed: Missed;
}

function ms(t: string | null | undefined): number {
  return t ? Date.parse(t) : 0;
}

/** Throws when two activations are less than a second apart (an impossible schedule such as Feb 31). */
export function mostRecentScheduleTime(cj: CronJob, now: number, sched: Schedule, includeStartingDeadline: boolean): MostRecent {
  let earliest = cj.status?.lastScheduleTime ? ms(cj.status.lastScheduleTime) : ms(cj.metadata.creationTimestamp);
  const sds = cj.spec.startingDeadlineSeconds;
  if (includeStartingDeadline && sds !== undefined && sds !== null) {
    const deadline = now - sds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = sched.next(earliest);
  const t2 = sched.next(t1);
  if (t1 === 0 || now < t1) return { earliest, missed: 'none' };
  if (now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) throw new Error('time difference between two schedules is less than 1 second');
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  let mostRecent = 0;
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  for (let t = sched.next(potentialEarliest); t !== 0 && t <= now; t = sched.next(t)) mostRecent = t;
  const missed: Missed = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return mostRecent === 0 ? { earliest, missed } : { earliest, mostRecent, missed };
}

/** How long until the sync after the next activation (100 ms late, for clock skew). */
export function nextScheduleTimeDuration(cj: CronJob, now: number, sched: Schedule): number {
  let from: number;
  try {
    const r = mostRecentScheduleTime(cj, now, sched, false);
    from = r.mostRecent ?? (r.missed === 'none' ? r.earliest : now);
  } catch {
    from = now;
  }
  const next = sched.next(from);
  return next === 0 ? 24 * 3_600_000 : next + NEXT_SCHEDULE_DELTA_MS - now;
}
