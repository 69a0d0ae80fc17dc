// spec.successPolicy (Indexed Jobs): the Job succeeds early once a rule's indexes (or count) succeeded.

import { parseIntervals, totalOf, type Intervals } from './indexes.js';
import type { Job } from './types.js';

function expand(iv: Intervals): Set<number> {
  const s = new Set<number>();
  for (const x of iv) for (let i = x.first; i <= x.last; i++) s.add(i);
  return s;
}

/** The SuccessCriteriaMet message ("Matched rules at index N") when a rule is met. */
export function matchSuccessPolicy(job: Job, completions: number, succeeded: Intervals): string | undefined {
  const rules = job.spec?.successPolicy?.rules;
  if (!rules || succeeded.length === 0) return undefined;
  const done = expand(succeeded);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIntervals(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      let contains = 0;
      for (const ix of expand(required)) if (done.has(ix)) contains++;
      if (contains === totalOf(required) || (rule.succeededCount !== undefined && contains >= rule.succeededCount)) return `Matched rules at index ${i}`;
    } else if (rule.succeededCount !== undefined && totalOf(succeeded) >= rule.succeededCount) return `Matched rules at index ${i}`;
  }
  return undefined;
}
