// batch/v1 Job and CronJob.

import { ageColumn, col, containersColumn, imagesColumn, int, nameColumn, selectorColumn, text } from './columns.js';
import { humanDuration, parseTime, translateTimestampSince } from './duration.js';
import { arr, at, bool, created, deleting, n, name, num, objs, s, str } from './fields.js';
import { formatLabelSelector, layoutContainers } from './format.js';
import type { KubeObject, TablePrinter } from './types.js';

/** Whether the first condition of the given type is True. */
function hasCondition(job: KubeObject, type: string): boolean {
  const cond = objs(job, 'status', 'conditions').find((c) => s(c, 'type') === type);
  return cond !== undefined && s(cond, 'status') === 'True';
}

export function jobStatus(job: KubeObject): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (deleting(job)) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(job: KubeObject): string {
  const succeeded = n(job, 'status', 'succeeded');
  let wanted = num(job, 'spec', 'completions');
  const parallelism = num(job, 'spec', 'parallelism');
  // Defaulting gives a job with neither field one completion.
  if (wanted === undefined && parallelism === undefined) wanted = 1;
  if (wanted !== undefined) return `${succeeded}/${wanted}`;
  return (parallelism ?? 1) > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: KubeObject, now: Date): string {
  const start = parseTime(str(job, 'status', 'startTime'));
  if (start === undefined) return '';
  const end = parseTime(str(job, 'status', 'completionTime')) ?? now.getTime();
  return humanDuration(end - start);
}

export const jobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Status', 'Complete, Failed, Terminating, Suspended, FailureTarget or Running.'),
    text('Completions', 'Succeeded pods out of the completions the job needs.'),
    text('Duration', 'How long the job ran, or has been running.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(),
  ],
  cells(job, now) {
    const [names, images] = layoutContainers(objs(job, 'spec', 'template', 'spec', 'containers'));
    return [
      name(job),
      jobStatus(job),
      completions(job),
      jobDuration(job, now),
      translateTimestampSince(created(job), now),
      names,
      images,
      formatLabelSelector(at(job, 'spec', 'selector')),
    ];
  },
};

export const cronJobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Schedule', 'The cron schedule the jobs are started on.'),
    text('Timezone', 'The time zone the schedule is read in.'),
    col('Suspend', 'boolean', 'Whether new runs are held back.'),
    int('Active', 'The number of jobs currently running.'),
    text('Last Schedule', 'How long ago a job was last scheduled.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(),
  ],
  cells(cj, now) {
    const tmpl = at(cj, 'spec', 'jobTemplate', 'spec');
    const [names, images] = layoutContainers(objs(tmpl, 'template', 'spec', 'containers'));
    const last = str(cj, 'status', 'lastScheduleTime');
    // Defaulting sets spec.suspend to false.
    const suspend = bool(cj, 'spec', 'suspend') ?? false;
    return [
      name(cj),
      s(cj, 'spec', 'schedule'),
      str(cj, 'spec', 'timeZone') ?? '<none>',
      suspend ? 'True' : 'False',
      arr(cj, 'status', 'active').length,
      last === undefined ? '<none>' : translateTimestampSince(last, now),
      translateTimestampSince(created(cj), now),
      names,
      images,
      formatLabelSelector(at(tmpl, 'selector')),
    ];
  },
};
