// The 409 an apply answers with when it would change fields other managers own: one
// FieldManagerConflict cause per field, and upstream's summary message.

import { patchErrors, type PatchError } from '../errors.js';
import { pathString } from '../fieldpath/element.js';
import { parseManagerId } from './managed-fields.js';
import type { Conflict } from './updater.js';

/** How upstream names a manager in conflict messages: `"kubectl-client-side-apply" using apps/v1`. */
export function printManager(id: string): string {
  const info = parseManagerId(id);
  let s = JSON.stringify(info.manager);
  if (info.subresource) s += ` with subresource ${JSON.stringify(info.subresource)}`;
  if (info.operation === 'Update') s += ` using ${info.apiVersion ?? ''}`;
  return s;
}

export function conflictError(conflicts: Conflict[]): PatchError {
  const causes = conflicts.map((c) => ({
    type: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0] as Conflict;
    message = `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathString(c.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), pathString(c.path)]);
    const lines: string[] = [];
    for (const m of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${printManager(m)}:`);
      for (const p of byManager.get(m) as string[]) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return patchErrors.conflict(message, causes);
}
