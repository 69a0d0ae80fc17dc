// The status manager (upstream pkg/kubelet/status): remembers the status last written for each pod and
// sends a JSON merge patch of pods/<name>/status only when the new status differs. The patch carries
// metadata.uid, so it cannot land on a newer pod of the same name.

import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Client } from '../../machinery/client/index.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** An RFC 7386 merge patch turning a into b (removed keys become null, arrays are replaced). */
export function createMergePatch(a: unknown, b: unknown): Json | undefined {
  if (!isObject(a) || !isObject(b)) return deepEqual(a, b) ? undefined : (b as Json);
  const out: Record<string, Json> = {};
  for (const k of Object.keys(a)) if (!(k in b) || b[k] === undefined) out[k] = null;
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    if (!(k in a)) {
      out[k] = v as Json;
      continue;
    }
    const d = createMergePatch(a[k], v);
    if (d !== undefined) out[k] = isObject(a[k]) && isObject(v) ? d : (v as Json);
  }
  return Object.keys(out).length ? out : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

export interface StatusManagerOptions {
  client: Client;
  log?: (m: string) => void;
}

export class StatusManager {
  private readonly last = new Map<string, Record<string, unknown>>();
  private readonly log: (m: string) => void;

  constructor(private readonly o: StatusManagerOptions) {
    this.log = o.log ?? (() => {});
  }

  /** The status last written (or seen) for a pod uid. */
  get(uid: string): Record<string, unknown> | undefined {
    return this.last.get(uid);
  }

  /**
   * Writes status if it differs from what the pod shows (apiStatus) and from what was written last.
   * target names the object to patch (the mirror pod for a static pod). Returns the written status.
   */
  async setPodStatus(target: KubeObject, apiStatus: Record<string, unknown> | undefined, status: Record<string, unknown>): Promise<boolean> {
    const uid = target.metadata.uid ?? '';
    const base = this.last.get(uid) ?? apiStatus ?? {};
    const patch = createMergePatch(apiStatus ?? base, status);
    if (patch === undefined) {
      this.last.set(uid, status);
      return false;
    }
    try {
      await this.o.client
        .resource('pods', target.metadata.namespace)
        .patch(target.metadata.name ?? '', { metadata: { uid }, status: patch }, { type: 'merge', subresource: 'status' });
      this.last.set(uid, status);
      return true;
    } catch (err) {
      if (isNotFound(err)) {
        this.log(`status of pod ${target.metadata.namespace}/${target.metadata.name}: pod is gone`);
        return false;
      }
      throw err;
    }
  }

  forget(uid: string): void {
    this.last.delete(uid);
  }
}
