// CronJob validation's view of schedules and time zones: robfig/cron v3 ParseStandard's and Go's
// time.ParseDuration / time.LoadLocation error texts, from the shared parsers in machinery.

import { loadLocation as goLoadLocation, parseStandard } from '../../../machinery/cron/index.js';
import { parseDuration } from '../../../machinery/protobuf/gotime.js';

/** Go's time.ParseDuration (nanoseconds); throws with Go's error text. */
export function parseGoDuration(orig: string): number {
  return Number(parseDuration(orig));
}

/** Why Go's time.LoadLocation (with the system zoneinfo) rejects the zone, or undefined. */
export function loadLocation(name: string): string | undefined {
  try {
    goLoadLocation(name);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** robfig/cron v3 ParseStandard: throws an Error with its message when the spec is invalid. */
export function parseStandardCron(input: string): void {
  parseStandard(input);
}
