// Applying a PATCH body in the fake, by content type, with kts's own patch machinery.

import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../../api/types.js';
import { StatusError } from '../../errors/status.js';
import { isPatchError } from '../../patch/errors.js';
import { jsonPatch } from '../../patch/json-patch.js';
import type { JsonObject, JsonValue } from '../../patch/json.js';
import { mergePatch } from '../../patch/merge-patch.js';
import { schemaPatchMeta } from '../../patch/schema-meta.js';
import { strategicMergePatch } from '../../patch/strategic/index.js';

export type FakePatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string): FakePatchType | undefined {
  switch (contentType.split(';')[0]!.trim().toLowerCase()) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      return undefined;
  }
}

export function decodePatchBody(type: FakePatchType, raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return type === 'apply' ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new StatusError(400, 'BadRequest', `error decoding patch: ${(err as Error).message}`);
  }
}

/** The patched object. Server-side apply is approximated by a merge patch of the applied object. */
export function applyFakePatch(type: FakePatchType, cur: KubeObject, patch: unknown, typeId: string | undefined): KubeObject {
  const doc = cur as unknown as JsonObject;
  try {
    switch (type) {
      case 'json':
        return jsonPatch(doc, patch) as unknown as KubeObject;
      case 'merge':
      case 'apply':
        return mergePatch(doc, patch) as unknown as KubeObject;
      case 'strategic': {
        let meta;
        try {
          meta = typeId ? schemaPatchMeta(typeId) : undefined;
        } catch {
          meta = undefined;
        }
        if (!meta) return mergePatch(doc, patch) as unknown as KubeObject;
        return strategicMergePatch(doc, patch as JsonValue, meta) as unknown as KubeObject;
      }
    }
  } catch (err) {
    if (isPatchError(err)) throw new StatusError(err.code, err.reason, err.message);
    throw err;
  }
}
