// The table kube-apiserver serves for kinds without a dedicated printer: the name and the creation
// time as an RFC 3339 date.

import { col, nameColumn } from './columns.js';
import { created, name } from './fields.js';
import type { TablePrinter } from './types.js';

/** RFC 3339 in UTC to the second, as Go formats time.RFC3339; Go's zero time when absent. */
export function rfc3339(ts: string | undefined): string {
  const ms = ts === undefined ? Number.NaN : Date.parse(ts);
  const date = new Date(Number.isNaN(ms) ? Date.parse('0001-01-01T00:00:00Z') : ms);
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

export const defaultPrinter: TablePrinter = {
  columns: [nameColumn(), col('Created At', 'date', 'When the object was created (metadata.creationTimestamp).')],
  cells(o) {
    return [name(o), rfc3339(created(o))];
  },
};
