// Managed fields of every write: Update entries for create/update/patch (machinery/patch trackUpdate),
// per resource with upstream's reset fields (status on the main resource, spec on /status).

import type { ResourceDef } from '../../api/resources.js';
import { apiVersionOf, type KubeObject } from '../../api/types.js';
import { schemaPatchMeta, trackUpdate, type JsonObject, type PatchMeta } from '../../machinery/patch/index.js';
import type { FieldTracker } from './store.js';

export function typeIdOfDef(def: { group: string; version: string; kind: string }): string {
  const pkg = def.group === '' ? 'core' : def.group.split('.')[0]!;
  return `${pkg}.${def.version}.${def.kind}`;
}

/** Upstream's reset fields: what a write through the main resource or a subresource may not own. */
export function resetFieldsFor(def: ResourceDef, subresource: string): string[][] {
  const hasStatus = !!def.subresources?.some((s) => s.name === 'status');
  if (subresource === 'status') return [['spec'], ['metadata', 'labels']];
  if (subresource === '' && hasStatus) return [['status']];
  return [];
}

export function fieldTrackerFor(def: ResourceDef): FieldTracker {
  let meta: PatchMeta | undefined;
  const apiVersion = apiVersionOf(def.group, def.version);
  return {
    update(newObj: KubeObject, oldObj: KubeObject | null, o: { manager: string; subresource: string; now: Date }): void {
      meta ??= schemaPatchMeta(typeIdOfDef(def));
      const r = trackUpdate(oldObj as unknown as JsonObject | null, newObj as unknown as JsonObject, {
        manager: o.manager,
        apiVersion,
        meta,
        ...(o.subresource ? { subresource: o.subresource } : {}),
        resetFields: resetFieldsFor(def, o.subresource),
        now: o.now,
      });
      if (r.managedFields?.length) newObj.metadata.managedFields = r.managedFields as unknown as KubeObject['metadata']['managedFields'];
      else delete newObj.metadata.managedFields;
    },
  };
}
