// Shared fixtures for the printer tests (a .test.ts file so it stays out of the production build's
// surface; it defines no tests itself).

import type { KubeObject, TablePrinter } from './types.js';

export const NOW = new Date('2024-05-10T12:00:00Z');

/** An RFC 3339 timestamp `ago` before NOW, written like "5m", "2d", "90s", "3h". */
export function ago(spec: string): string {
  const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const m = /^(\d+)([smhd])$/.exec(spec);
  if (m === null) throw new Error(`bad duration ${spec}`);
  return new Date(NOW.getTime() - Number(m[1]) * units[m[2]!]!).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function meta(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: ago('2d'), ...extra };
}

/** The default-view cells only (priority 0), the way kubectl shows them without -o wide. */
export function narrow(p: TablePrinter, o: KubeObject): unknown[] {
  const cells = p.cells(o, NOW);
  return cells.filter((_, i) => p.columns[i]!.priority === 0);
}

/** The wide-only cells (priority 1). */
export function wideCells(p: TablePrinter, o: KubeObject): unknown[] {
  const cells = p.cells(o, NOW);
  return cells.filter((_, i) => p.columns[i]!.priority !== 0);
}

export const headers = (p: TablePrinter): string[] => p.columns.map((c) => c.name);
