// Applies a PATCH body to the current object by its content type: JSON patch, JSON merge patch,
// strategic merge patch (built-in kinds, from the schema's patch metadata) or server-side apply.

import type { KubeObject } from '../../api/types.js';
import { StatusError, statusErrors, type StatusReason } from '../../machinery/errors/status.js';
import { isPatchError, type PatchError } from '../../machinery/patch/errors.js';
import { jsonPatch } from '../../machinery/patch/json-patch.js';
import type { JsonObject, JsonValue } from '../../machinery/patch/json.js';
import { mergePatch } from '../../machinery/patch/merge-patch.js';
import { schemaPatchMeta } from '../../machinery/patch/schema-meta.js';
import { strategicMergePatch } from '../../machinery/patch/strategic/index.js';
import { mediaType, parseJson, parseYamlBody } from '../http/body.js';
import { serverSideApply } from './apply.js';

export interface PatchInput {
  def?: import('../../api/resources.js').ResourceDef;
  subresource?: string;
  contentType: string;
  body: Buffer;
  current: KubeObject | null;
  typeId: string;
  manager: string;
  force: boolean;
  now: Date;
  apiVersion: string;
}

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY_YAML = 'application/apply-patch+yaml';
const APPLY_CBOR = 'application/apply-patch+cbor';

export function isApplyPatch(contentType: string): boolean {
  const t = mediaType(contentType);
  return t === APPLY_YAML || t === APPLY_CBOR;
}

export function toStatusError(e: PatchError): StatusError {
  const err = new StatusError(e.code, e.reason as StatusReason, e.message, e.causes.length ? { causes: e.causes.map((c) => ({ reason: c.type, message: c.message, ...(c.field ? { field: c.field } : {}) })) } : undefined);
  return err;
}

export function applyPatch(p: PatchInput): KubeObject {
  const t = mediaType(p.contentType);
  try {
    if (t === APPLY_YAML) return serverSideApply({ ...p, applied: parseYamlBody(p.body) });
    if (!p.current) throw statusErrors.notFoundPath();
    const doc = p.current as unknown as JsonObject;
    switch (t) {
      case JSON_PATCH:
        return jsonPatch(doc, parseJson(p.body)) as unknown as KubeObject;
      case MERGE_PATCH:
        return mergePatch(doc, parseJson(p.body)) as unknown as KubeObject;
      case STRATEGIC:
        return strategicMergePatch(doc, parseJson(p.body) as JsonValue, schemaPatchMeta(p.typeId)) as unknown as KubeObject;
      default:
        throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${JSON_PATCH}, ${MERGE_PATCH}, ${APPLY_YAML}, ${STRATEGIC}`);
    }
  } catch (err) {
    if (isPatchError(err)) throw toStatusError(err);
    throw err;
  }
}
