// What the endpoints and endpointslice controllers decide about a pod (upstream's
// k8s.io/endpointslice/util): is it ready, does it belong in endpoints at all, which port does a
// service port resolve to on it, which of its IPs has the service's family, and which services a
// pod change concerns.

import { isIPv6 } from 'node:net';
import type { Lister } from '../../../machinery/informers/index.js';
import { selectorFromSet } from '../../../machinery/labels/index.js';
import type { Pod, Service, ServicePort } from './types.js';

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Succeeded or Failed: the pod will never run again. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Terminal pods and pods without an IP never count; terminating ones only when includeTerminating. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** The pod's IPs, in status order (podIPs, else podIP). */
export function podIPs(pod: Pod): string[] {
  const ips = pod.status?.podIPs?.map((p) => p.ip).filter(Boolean) ?? [];
  if (ips.length) return ips;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/**
 * The container port a service port targets on this pod: the number itself, or the named port with
 * the service port's protocol (in containers, then in restartable init containers). undefined: none.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const proto = sp.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
  }
  return undefined;
}

/** A pod's hostname is published when its subdomain names the service (in the same namespace). */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

/** A ClusterIP is set (not headless). */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The first IP family of the service (from ipFamilies, else its ClusterIP, else the pod's IP). */
export function serviceIPv6(svc: Service, pod: Pod): boolean {
  const fam = svc.spec?.ipFamilies?.[0];
  if (fam) return fam === 'IPv6';
  if (isServiceIPSet(svc)) return isIPv6(svc.spec!.clusterIP!);
  return isIPv6(pod.status?.podIP ?? '');
}

/** Keys ("ns/name") of the services whose selector matches the pod. */
export function podServiceKeys(services: Lister<Service>, pod: Pod): Set<string> {
  const out = new Set<string>();
  const ns = pod.metadata.namespace ?? '';
  for (const svc of services.list(ns)) {
    const sel = svc.spec?.selector;
    if (!sel) continue;
    if (selectorFromSet(sel).matches(pod.metadata.labels ?? {})) out.add(`${ns}/${svc.metadata.name}`);
  }
  return out;
}

function sameHostname(a: Pod, b: Pod): boolean {
  return (a.spec?.hostname ?? '') === (b.spec?.hostname ?? '') && (a.spec?.subdomain ?? '') === (b.spec?.subdomain ?? '');
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => (b ?? {})[k] === a![k]);
}

/** Did anything an endpoint shows change (podChanged), or what decides membership (labelsChanged)? */
export function podEndpointsChanged(oldPod: Pod, newPod: Pod): { podChanged: boolean; labelsChanged: boolean } {
  const labelsChanged = !sameLabels(oldPod.metadata.labels, newPod.metadata.labels) || !sameHostname(oldPod, newPod);
  const podChanged =
    oldPod.metadata.deletionTimestamp !== newPod.metadata.deletionTimestamp ||
    isPodReady(oldPod) !== isPodReady(newPod) ||
    isPodTerminal(oldPod) !== isPodTerminal(newPod) ||
    (oldPod.spec?.nodeName ?? '') !== (newPod.spec?.nodeName ?? '') ||
    podIPs(oldPod).join(',') !== podIPs(newPod).join(',');
  return { podChanged, labelsChanged };
}

/** The services to sync after a pod update (upstream's GetServicesToUpdateOnPodChange). */
export function servicesToUpdateOnPodChange(services: Lister<Service>, oldPod: Pod, newPod: Pod): Set<string> {
  if (oldPod.metadata.resourceVersion && oldPod.metadata.resourceVersion === newPod.metadata.resourceVersion) return new Set();
  const { podChanged, labelsChanged } = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const cur = podServiceKeys(services, newPod);
  if (!labelsChanged) return cur;
  const old = podServiceKeys(services, oldPod);
  if (podChanged) return new Set([...old, ...cur]);
  // Only membership changed: the services the pod joined or left.
  const out = new Set<string>();
  for (const k of old) if (!cur.has(k)) out.add(k);
  for (const k of cur) if (!old.has(k)) out.add(k);
  return out;
}

/** Go's time.RFC3339Nano of a timestamp (trailing fractional zeros dropped). */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z').replace(/\.Z$/, 'Z');
}
