// What a service's EndpointSlices should hold: one endpoint per selected pod (addresses of the slice's
// address type, conditions ready/serving/terminating, node, zone, hostname, targetRef), grouped by
// the ports the service's ports resolve to on that pod (pods lacking a named port get fewer ports).

import {
  findPort,
  isPodReady,
  LABEL_TOPOLOGY_ZONE,
  podIPs,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  type Endpoint,
  type EndpointPort,
  type Node,
  type Pod,
  type Service,
} from './util/index.js';
import { isIPv6 } from 'node:net';

export type AddressType = 'IPv4' | 'IPv6';

/** A group of endpoints that share one port list (slices never mix port lists). */
export interface PortGroup {
  key: string;
  ports: EndpointPort[];
  endpoints: Map<string, Endpoint>;
}

export interface DesiredState {
  groups: Map<string, PortGroup>;
  /** Pods left out because their node is unknown (the service is retried later). */
  missingNodes: string[];
}

/** The address types a service's slices use (upstream's getAddressTypesForService). */
export function addressTypesFor(svc: Service): AddressType[] {
  const out = new Set<AddressType>();
  for (const f of svc.spec?.ipFamilies ?? []) {
    if (f === 'IPv4') out.add('IPv4');
    if (f === 'IPv6') out.add('IPv6');
  }
  if (out.size) return [...out];
  const ip = svc.spec?.clusterIP;
  if (ip && ip !== 'None') return [isIPv6(ip) ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** A stable key for a port list, independent of its order. */
export function portsKey(ports: EndpointPort[] | null | undefined): string {
  const list = (ports ?? []).map((p) => [p.name ?? '', p.port ?? 0, p.protocol ?? 'TCP', p.appProtocol ?? '']);
  list.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  return JSON.stringify(list);
}

/** The identity of an endpoint: its addresses, hostname and pod (upstream's endpoint hash). */
export function endpointKey(ep: Endpoint): string {
  return JSON.stringify([[...ep.addresses].sort(), ep.hostname ?? '', ep.targetRef?.namespace ?? '', ep.targetRef?.name ?? '']);
}

/** Same endpoint in every field the key does not cover. */
export function endpointsEqualBeyondKey(a: Endpoint, b: Endpoint): boolean {
  const ca = a.conditions ?? {};
  const cb = b.conditions ?? {};
  return (
    (a.nodeName ?? '') === (b.nodeName ?? '') &&
    (a.zone ?? '') === (b.zone ?? '') &&
    ca.ready === cb.ready &&
    ca.serving === cb.serving &&
    ca.terminating === cb.terminating &&
    JSON.stringify(a.hints ?? null) === JSON.stringify(b.hints ?? null) &&
    (a.targetRef?.kind ?? '') === (b.targetRef?.kind ?? '') &&
    (a.targetRef?.uid ?? '') === (b.targetRef?.uid ?? '') &&
    (a.targetRef?.namespace ?? '') === (b.targetRef?.namespace ?? '') &&
    (a.targetRef?.name ?? '') === (b.targetRef?.name ?? '')
  );
}

function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

function podToEndpoint(pod: Pod, node: Node | undefined, svc: Service, at: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Endpoint = {
    addresses: podIPs(pod).filter((ip) => isIPv6(ip) === (at === 'IPv6')),
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[LABEL_TOPOLOGY_ZONE];
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname!;
  return ep;
}

/** The endpoints a service should have for one address type, by port list. */
export function desiredEndpoints(svc: Service, pods: Pod[], nodeOf: (name: string) => Node | undefined, at: AddressType): DesiredState {
  const groups = new Map<string, PortGroup>();
  const missingNodes: string[] = [];
  const headlessNoPorts = !(svc.spec?.ports?.length) && svc.spec?.clusterIP === 'None';
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = headlessNoPorts ? [] : endpointPorts(svc, pod);
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ports, endpoints: new Map() }));
    const node = nodeOf(pod.spec?.nodeName ?? '');
    if (!node && svc.spec?.publishNotReadyAddresses !== true) {
      missingNodes.push(`${pod.metadata.name}@${pod.spec?.nodeName ?? ''}`);
      continue;
    }
    const ep = podToEndpoint(pod, node, svc, at);
    if (ep.addresses.length) g.endpoints.set(endpointKey(ep), ep);
  }
  return { groups, missingNodes };
}
