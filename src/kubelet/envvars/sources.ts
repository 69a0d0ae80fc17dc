// Reading ConfigMaps and Secrets for env vars and volumes: undefined when absent, and the contents
// as strings / bytes (Secret data is base64 on the wire).

import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Client } from '../../machinery/client/index.js';

export async function getOptional(client: Client, resource: 'configmaps' | 'secrets', namespace: string, name: string, signal?: AbortSignal): Promise<KubeObject | undefined> {
  try {
    return await client.resource(resource, namespace).get(name, signal ? { signal } : {});
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A ConfigMap's data (strings) and binaryData (bytes), or a Secret's data, all as bytes. */
export function payloadOf(obj: KubeObject, kind: 'ConfigMap' | 'Secret'): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const data = (obj.data ?? {}) as Record<string, string>;
  if (kind === 'Secret') {
    for (const [k, v] of Object.entries(data)) out.set(k, Buffer.from(v, 'base64'));
    for (const [k, v] of Object.entries((obj.stringData ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'utf8'));
  } else {
    for (const [k, v] of Object.entries(data)) out.set(k, Buffer.from(v, 'utf8'));
    for (const [k, v] of Object.entries((obj.binaryData ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'base64'));
  }
  return out;
}
