// Cron schedules (robfig/cron v3 ParseStandard) and Go-like time zones, shared by the CronJob
// controller and the apiserver's CronJob validation.
export { parseDuration, parseStandard, type Schedule } from './schedule.js';
export { formatRFC3339In, instantOf, loadLocation, localZone, offsetAt, wallOf, type Wall } from './tz.js';
