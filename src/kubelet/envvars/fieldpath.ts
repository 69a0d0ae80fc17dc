// Downward API field paths (fieldRef) and container resources (resourceFieldRef): the values a pod can
// learn about itself through environment variables and downwardAPI volume files.

import { cpus, totalmem } from 'node:os';
import type { KubeObject } from '../../api/types.js';
import { divideRoundUp, parseQuantity, type Fraction } from './quantity.js';

export interface PodRuntimeFacts { nodeName: string; hostIP: string; hostIPs?: string[]; podIP: string; podIPs: string[] }

export class FieldPathError extends Error {}

type StrMap = Record<string, string>;

const SUBSCRIPT = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/;

/** Upstream's map formatting for downward volumes: sorted `key="value"` lines, values Go-quoted. */
export function formatMap(m: StrMap | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

/**
 * The value of a fieldRef. allowMaps: whole metadata.labels/annotations (downward volumes only).
 */
export function extractFieldPath(pod: KubeObject, fieldPath: string, facts: PodRuntimeFacts, allowMaps = false): string {
  const meta = pod.metadata;
  const spec = (pod.spec ?? {}) as { nodeName?: string; serviceAccountName?: string };
  const sub = SUBSCRIPT.exec(fieldPath);
  if (sub) {
    const map = (sub[1] === 'metadata.labels' ? meta.labels : meta.annotations) ?? {};
    return map[sub[2]!] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
      if (allowMaps) return formatMap(meta.labels);
      break;
    case 'metadata.annotations':
      if (allowMaps) return formatMap(meta.annotations);
      break;
    case 'spec.nodeName':
      return spec.nodeName || facts.nodeName;
    case 'spec.serviceAccountName':
      return spec.serviceAccountName ?? '';
    case 'status.hostIP':
      return facts.hostIP;
    case 'status.hostIPs':
      return (facts.hostIPs?.length ? facts.hostIPs : facts.hostIP ? [facts.hostIP] : []).join(',');
    case 'status.podIP':
      return facts.podIP;
    case 'status.podIPs':
      return (facts.podIPs.length ? facts.podIPs : facts.podIP ? [facts.podIP] : []).join(',');
  }
  throw new FieldPathError(`unsupported fieldPath: ${fieldPath}`);
}

export interface ResourceFieldSelector { containerName?: string; resource: string; divisor?: string | number }

/** The node's allocatable resources, used for unset limits (upstream merges them in). */
export type NodeAllocatable = Record<string, string>;

export function machineAllocatable(): NodeAllocatable {
  return { cpu: String(cpus().length), memory: String(totalmem()), 'ephemeral-storage': '0' };
}

/** The value of a resourceFieldRef for a container, as a decimal string (ceil(value ÷ divisor)). */
export function extractResource(container: KubeObject | undefined, sel: ResourceFieldSelector, allocatable: NodeAllocatable): string {
  if (!container) throw new FieldPathError(`container not found: ${sel.containerName ?? ''}`);
  const res = (container.resources ?? {}) as { limits?: StrMap; requests?: StrMap };
  const dot = sel.resource.indexOf('.');
  const kind = sel.resource.slice(0, dot);
  const name = sel.resource.slice(dot + 1);
  if (dot < 0 || (kind !== 'limits' && kind !== 'requests')) throw new FieldPathError(`unsupported container resource : ${sel.resource}`);
  if (name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && !name.startsWith('hugepages-')) throw new FieldPathError(`unsupported container resource : ${sel.resource}`);
  let q = (kind === 'limits' ? res.limits : res.requests)?.[name];
  if (q === undefined && kind === 'limits') q = allocatable[name];
  const value: Fraction = parseQuantity(q ?? '0');
  const divisor = parseQuantity(sel.divisor ?? '1');
  if (name === 'cpu') {
    // CPU rounds up in millicores first, then to the divisor (so 250m ÷ 1 → "1").
    const milli = divideRoundUp(value, { num: 1n, den: 1000n });
    const divMilli = divideRoundUp(divisor, { num: 1n, den: 1000n });
    return divideRoundUp({ num: milli, den: 1n }, { num: divMilli === 0n ? 1n : divMilli, den: 1n }).toString();
  }
  return divideRoundUp(value, divisor).toString();
}
