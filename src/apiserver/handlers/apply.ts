// Server-side apply (application/apply-patch+yaml): merges the applied configuration into the live
// object with field ownership, through machinery/patch's apply.
import type { KubeObject } from '../../api/types.js';
import { isObject } from '../../api/types.js';
import { statusErrors } from '../../machinery/errors/status.js';
import { apply, schemaPatchMeta, type JsonObject } from '../../machinery/patch/index.js';
import type { ResourceDef } from '../../api/resources.js';
import { resetFieldsFor } from '../registry/fieldmanager.js';
import type { PatchInput } from './patch.js';

export function serverSideApply(p: PatchInput & { applied: unknown; def?: ResourceDef; subresource?: string }): KubeObject {
  if (!isObject(p.applied)) throw statusErrors.badRequest('error decoding YAML: the apply configuration must be an object');
  const kind = p.typeId.slice(p.typeId.lastIndexOf('.') + 1);
  const r = apply(p.current as unknown as JsonObject | null, p.applied as JsonObject, {
    manager: p.manager,
    apiVersion: p.apiVersion,
    kind,
    meta: schemaPatchMeta(p.typeId),
    force: p.force,
    now: p.now,
    ...(p.subresource ? { subresource: p.subresource } : {}),
    ...(p.def ? { resetFields: resetFieldsFor(p.def, p.subresource ?? '') } : {}),
  });
  return r.object as unknown as KubeObject;
}
