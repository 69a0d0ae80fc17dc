// Server-side printing: objects as a meta.k8s.io Table for `kubectl get`, or as PartialObjectMetadata.

import type { ResourceDef } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { printerFor } from '../printers/index.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function partialMetadata(obj: KubeObject, v: 'v1' | 'v1beta1' = 'v1'): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${v}`, metadata: obj.metadata };
}

export function toTable(
  def: ResourceDef,
  objs: KubeObject[],
  o: { resourceVersion?: string; continue?: string; remainingItemCount?: number; include: IncludeObject; version: 'v1' | 'v1beta1'; now: Date; columns?: boolean },
): Record<string, unknown> {
  const printer = printerFor(def.group, def.kind);
  const metadata: Record<string, unknown> = {};
  if (o.resourceVersion) metadata.resourceVersion = o.resourceVersion;
  if (o.continue) metadata.continue = o.continue;
  if (o.remainingItemCount !== undefined) metadata.remainingItemCount = o.remainingItemCount;
  const rows = objs.map((obj) => {
    const row: Record<string, unknown> = { cells: printer.cells(obj, o.now) };
    const conds = printer.conditions?.(obj);
    if (conds) row.conditions = conds;
    if (o.include === 'Metadata') row.object = partialMetadata(obj, o.version);
    else if (o.include === 'Object') row.object = obj;
    return row;
  });
  const t: Record<string, unknown> = { kind: 'Table', apiVersion: `meta.k8s.io/${o.version}`, metadata };
  if (o.columns !== false) t.columnDefinitions = printer.columns;
  t.rows = rows;
  return t;
}
