// The file payloads of API-data volumes: configMap and secret (items / key→path / modes / optional),
// downwardAPI (fieldRef and resourceFieldRef files) and projected (all of those plus
// serviceAccountToken), as upstream's volume plugins compute them.

import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../machinery/client/index.js';
import { extractFieldPath, extractResource, formatMap, type NodeAllocatable } from '../envvars/fieldpath.js';
import { getOptional, payloadOf } from '../envvars/sources.js';
import type { Payload } from './atomicwriter.js';

export class PayloadSourceError extends Error {}

type KeyToPath = { key: string; path: string; mode?: number };
export type ObjectSource = { name?: string; secretName?: string; items?: KeyToPath[]; optional?: boolean; defaultMode?: number };
type DownwardItem = { path: string; mode?: number; fieldRef?: { fieldPath: string }; resourceFieldRef?: { containerName?: string; resource: string; divisor?: string } };
export type DownwardSource = { items?: DownwardItem[]; defaultMode?: number };
export type TokenSource = { audience?: string; expirationSeconds?: number; path: string };
export type ProjectedSource = { sources?: Array<{ configMap?: ObjectSource; secret?: ObjectSource; downwardAPI?: DownwardSource; serviceAccountToken?: TokenSource; clusterTrustBundle?: unknown }>; defaultMode?: number };

export const DEFAULT_MODE = 0o644;

export interface PayloadContext {
  client: Client;
  pod: KubeObject;
  nodeName: string;
  allocatable: NodeAllocatable;
  /** A bound service account token (TokenRequest), cached by the caller. */
  token(src: TokenSource): Promise<string>;
  signal?: AbortSignal;
}

/** configMap / secret volume (or projection): optional=true and missing → undefined (an empty volume). */
export async function objectPayload(ctx: PayloadContext, kind: 'ConfigMap' | 'Secret', src: ObjectSource, defaultMode: number, into: Payload = new Map()): Promise<Payload> {
  const name = (kind === 'Secret' ? src.secretName ?? src.name : src.name) ?? '';
  const ns = ctx.pod.metadata.namespace ?? 'default';
  const obj = await getOptional(ctx.client, kind === 'Secret' ? 'secrets' : 'configmaps', ns, name, ctx.signal);
  if (!obj) {
    if (src.optional) return into;
    throw new PayloadSourceError(`${kind === 'Secret' ? 'secret' : 'configmap'} "${name}" not found`);
  }
  const data = payloadOf(obj, kind);
  if (!src.items?.length) {
    for (const [k, v] of data) into.set(k, { data: v, mode: defaultMode });
    return into;
  }
  for (const it of src.items) {
    const v = data.get(it.key);
    if (v === undefined) {
      if (src.optional) continue;
      throw new PayloadSourceError(`${kind === 'Secret' ? 'secret' : 'configmap'} references non-existent ${kind === 'Secret' ? 'secret' : 'config'} key: ${it.key}`);
    }
    into.set(it.path, { data: v, mode: it.mode ?? defaultMode });
  }
  return into;
}

export function downwardPayload(ctx: PayloadContext, src: DownwardSource, defaultMode: number, into: Payload = new Map()): Payload {
  const spec = (ctx.pod.spec ?? {}) as { containers?: KubeObject[]; initContainers?: KubeObject[] };
  for (const it of src.items ?? []) {
    let value: string;
    if (it.fieldRef) value = extractFieldPath(ctx.pod, it.fieldRef.fieldPath, { nodeName: ctx.nodeName, hostIP: '', podIP: '', podIPs: [] }, true);
    else if (it.resourceFieldRef) {
      const c = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((x) => x.name === it.resourceFieldRef!.containerName);
      value = extractResource(c, it.resourceFieldRef, ctx.allocatable);
    } else continue;
    into.set(it.path, { data: Buffer.from(value, 'utf8'), mode: it.mode ?? defaultMode });
  }
  return into;
}

export async function projectedPayload(ctx: PayloadContext, src: ProjectedSource): Promise<Payload> {
  const mode = src.defaultMode ?? DEFAULT_MODE;
  const out: Payload = new Map();
  for (const s of src.sources ?? []) {
    if (s.configMap) await objectPayload(ctx, 'ConfigMap', s.configMap, mode, out);
    else if (s.secret) await objectPayload(ctx, 'Secret', s.secret, mode, out);
    else if (s.downwardAPI) downwardPayload(ctx, s.downwardAPI, mode, out);
    else if (s.serviceAccountToken) {
      out.set(s.serviceAccountToken.path, { data: Buffer.from(await ctx.token(s.serviceAccountToken), 'utf8'), mode });
    } else if (s.clusterTrustBundle) throw new PayloadSourceError('clusterTrustBundle projections are not implemented in kts');
  }
  return out;
}
