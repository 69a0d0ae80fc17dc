// The container's environment, as the kubelet computes it (upstream makeEnvironmentVariables): envFrom
// first, then env (which overrides), each value $(VAR)-expanded against what came before plus the
// service variables; values from fieldRef, resourceFieldRef, configMapKeyRef and secretKeyRef; then the
// service link variables not already defined. Errors are EnvError: the pod shows
// CreateContainerConfigError with the message.

import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../machinery/client/index.js';
import type { KeyValue } from '../cri/types.js';
import { expand } from './expand.js';
import { extractFieldPath, extractResource, FieldPathError, machineAllocatable, type NodeAllocatable } from './fieldpath.js';
import { serviceEnv } from './services.js';
import { getOptional, payloadOf } from './sources.js';

export { expand } from './expand.js';
export { formatMap, extractFieldPath, extractResource, type NodeAllocatable, type PodRuntimeFacts } from './fieldpath.js';

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

export interface MakeEnvironmentOptions {
  client: Client;
  pod: KubeObject;
  container: KubeObject;
  nodeName: string;
  hostIP: string;
  podIP: string;
  podIPs: string[];
  /** For resourceFieldRef limits that are not set (default: this machine's CPUs and memory). */
  nodeAllocatable?: NodeAllocatable;
  /** Where the master "kubernetes" service lives (default "default"). */
  masterServiceNamespace?: string;
  signal?: AbortSignal;
}

type Ref = { name?: string; key: string; optional?: boolean };
type EnvVar = {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { containerName?: string; resource: string; divisor?: string };
    configMapKeyRef?: Ref;
    secretKeyRef?: Ref;
  };
};
type EnvFrom = { prefix?: string; configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } };

/** With RelaxedEnvironmentVariableValidation (beta, on in 1.32): printable ASCII except "=". */
export function isValidEnvName(k: string): boolean {
  return k.length > 0 && /^[\x20-\x3c\x3e-\x7e]+$/.test(k);
}

async function serviceVariables(o: MakeEnvironmentOptions): Promise<Map<string, string>> {
  const ns = o.pod.metadata.namespace ?? 'default';
  const masterNs = o.masterServiceNamespace ?? 'default';
  const links = (o.pod.spec as { enableServiceLinks?: boolean } | undefined)?.enableServiceLinks !== false;
  const byName = new Map<string, KubeObject>();
  if (links) {
    const list = await o.client.resource('services', ns).list(o.signal ? { signal: o.signal } : {});
    for (const s of list.items) byName.set(s.metadata.name ?? '', s);
  }
  if (!byName.has('kubernetes')) {
    try {
      byName.set('kubernetes', await o.client.resource('services', masterNs).get('kubernetes', o.signal ? { signal: o.signal } : {}));
    } catch {
      // no master service (yet): nothing to add
    }
  }
  const sorted = [...byName.keys()].sort().map((k) => byName.get(k)!);
  return new Map(serviceEnv(sorted).map((kv) => [kv.key, kv.value]));
}

export async function makeEnvironment(o: MakeEnvironmentOptions): Promise<KeyValue[]> {
  const ns = o.pod.metadata.namespace ?? 'default';
  const svcEnv = await serviceVariables(o);
  const cache = new Map<string, KubeObject | undefined>();
  const fetch = async (resource: 'configmaps' | 'secrets', name: string) => {
    const k = `${resource}/${name}`;
    if (!cache.has(k)) cache.set(k, await getOptional(o.client, resource, ns, name, o.signal));
    return cache.get(k);
  };
  const env = new Map<string, string>();
  for (const from of (o.container.envFrom ?? []) as EnvFrom[]) {
    const isCm = !!from.configMapRef;
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const name = ref.name ?? '';
    const obj = await fetch(isCm ? 'configmaps' : 'secrets', name);
    if (!obj) {
      if (ref.optional) continue;
      throw new EnvError(`${isCm ? 'configmap' : 'secret'} "${name}" not found`);
    }
    for (const [k, v] of payloadOf(obj, isCm ? 'ConfigMap' : 'Secret')) {
      if (isCm && !(obj.data as Record<string, string> | undefined)?.[k] && (obj.binaryData as Record<string, string> | undefined)?.[k] !== undefined) continue;
      const key = (from.prefix ?? '') + k;
      if (!isValidEnvName(key)) continue;
      env.set(key, v.toString('utf8'));
    }
  }
  const lookup = (name: string) => env.get(name) ?? svcEnv.get(name);
  const facts = { nodeName: o.nodeName, hostIP: o.hostIP, podIP: o.podIP, podIPs: o.podIPs };
  for (const e of (o.container.env ?? []) as EnvVar[]) {
    let value: string | undefined;
    const vf = e.valueFrom;
    if (!vf) value = expand(e.value ?? '', lookup);
    else if (vf.fieldRef) {
      try {
        value = extractFieldPath(o.pod, vf.fieldRef.fieldPath, facts);
      } catch (err) {
        throw new EnvError(err instanceof FieldPathError ? err.message : String(err));
      }
    } else if (vf.resourceFieldRef) {
      const cname = vf.resourceFieldRef.containerName || (o.container.name as string);
      const spec = o.pod.spec as { containers?: KubeObject[]; initContainers?: KubeObject[] };
      const target = cname === o.container.name ? o.container : [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((c) => c.name === cname);
      try {
        value = extractResource(target, vf.resourceFieldRef, o.nodeAllocatable ?? machineAllocatable());
      } catch (err) {
        throw new EnvError((err as Error).message);
      }
    } else if (vf.configMapKeyRef || vf.secretKeyRef) {
      const isCm = !!vf.configMapKeyRef;
      const ref = (vf.configMapKeyRef ?? vf.secretKeyRef)!;
      const name = ref.name ?? '';
      const obj = await fetch(isCm ? 'configmaps' : 'secrets', name);
      if (!obj) {
        if (ref.optional) continue;
        throw new EnvError(`${isCm ? 'configmap' : 'secret'} "${name}" not found`);
      }
      const data = payloadOf(obj, isCm ? 'ConfigMap' : 'Secret');
      const v = isCm ? ((obj.data as Record<string, string> | undefined)?.[ref.key] !== undefined ? data.get(ref.key) : undefined) : data.get(ref.key);
      if (v === undefined) {
        if (ref.optional) continue;
        throw new EnvError(`couldn't find key ${ref.key} in ${isCm ? 'ConfigMap' : 'Secret'} ${ns}/${name}`);
      }
      value = v.toString('utf8');
    } else value = '';
    env.set(e.name, value);
  }
  const out: KeyValue[] = [...env].map(([key, value]) => ({ key, value }));
  for (const [key, value] of svcEnv) if (!env.has(key)) out.push({ key, value });
  return out;
}
