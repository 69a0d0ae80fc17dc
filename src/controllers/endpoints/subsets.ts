// Endpoints subsets in upstream's canonical shape (k8s.io/kubernetes/pkg/api/v1/endpoints
// RepackSubsets): every address/port pair the controller found is regrouped so that addresses that
// offer exactly the same ports (with the same readiness) share one subset; an address ready on some
// path counts as ready. Addresses, ports and subsets are sorted so equal inputs give equal objects.

import type { ObjectReference } from '../endpointslice/util/index.js';

export { canonical } from '../endpointslice/util/index.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** One address offering one port (null: a headless service without ports). */
export interface AddressPort {
  address: EndpointAddress;
  port: EndpointPort | null;
  ready: boolean;
}

const addrKey = (a: EndpointAddress) => `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;
const portKey = (p: EndpointPort | null) => (p ? `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol ?? ''}\u0000${p.appProtocol ?? ''}` : '');

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid ?? '';
  const ub = b.targetRef?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  const ka = portKey(a);
  const kb = portKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function subsetKey(s: EndpointSubset): string {
  return JSON.stringify([(s.ports ?? []).map(portKey), (s.addresses ?? []).map(addrKey), (s.notReadyAddresses ?? []).map(addrKey)]);
}

export function repackSubsets(entries: AddressPort[]): EndpointSubset[] {
  const addrs = new Map<string, EndpointAddress>();
  // port → (address → ready)
  const byPort = new Map<string, { port: EndpointPort | null; addrs: Map<string, boolean> }>();
  for (const e of entries) {
    const ak = addrKey(e.address);
    if (!addrs.has(ak)) addrs.set(ak, e.address);
    const pk = portKey(e.port);
    let g = byPort.get(pk);
    if (!g) byPort.set(pk, (g = { port: e.port, addrs: new Map() }));
    if (!g.addrs.get(ak)) g.addrs.set(ak, e.ready);
  }
  // The same (address, readiness) set → one subset with all the ports offered by it.
  const bySet = new Map<string, { addrs: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const g of byPort.values()) {
    const sig = JSON.stringify([...g.addrs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let s = bySet.get(sig);
    if (!s) bySet.set(sig, (s = { addrs: g.addrs, ports: [] }));
    if (g.port) s.ports.push(g.port);
  }
  const out: EndpointSubset[] = [];
  for (const s of bySet.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [k, r] of s.addrs) (r ? ready : notReady).push(addrs.get(k)!);
    const sub: EndpointSubset = {};
    if (ready.length) sub.addresses = ready.sort(compareAddresses);
    if (notReady.length) sub.notReadyAddresses = notReady.sort(compareAddresses);
    if (s.ports.length) sub.ports = s.ports.sort(comparePorts);
    out.push(sub);
  }
  return out.sort((a, b) => (subsetKey(a) < subsetKey(b) ? -1 : subsetKey(a) > subsetKey(b) ? 1 : 0));
}

/**
 * Keeps at most `max` addresses (upstream's truncateEndpoints): ready addresses win; each subset
 * keeps its share, rounded up. Returns true when something was cut.
 */
export function truncateSubsets(subsets: EndpointSubset[], max: number): boolean {
  let ready = 0;
  let notReady = 0;
  for (const s of subsets) {
    ready += s.addresses?.length ?? 0;
    notReady += s.notReadyAddresses?.length ?? 0;
  }
  if (ready + notReady <= max) return false;
  const cutReady = ready > max;
  const room = cutReady ? max : max - ready;
  const total = cutReady ? ready : notReady;
  let left = room;
  for (const s of subsets) {
    const n = (cutReady ? s.addresses?.length : s.notReadyAddresses?.length) ?? 0;
    const share = Math.min(Math.ceil((n / total) * room), left);
    if (cutReady) {
      if (s.addresses) s.addresses = s.addresses.slice(0, share);
      delete s.notReadyAddresses;
      left -= s.addresses?.length ?? 0;
    } else {
      if (s.notReadyAddresses) s.notReadyAddresses = s.notReadyAddresses.slice(0, share);
      left -= s.notReadyAddresses?.length ?? 0;
    }
  }
  return true;
}
