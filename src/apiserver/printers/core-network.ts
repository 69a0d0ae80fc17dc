// core/v1 Service and Endpoints.

import { ageColumn, nameColumn, selectorColumn, text } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { arr, at, created, n, name, objs, s, strMap } from './fields.js';
import { formatLabels, joinHostPort, sortedUnique } from './format.js';
import type { KubeObject, TablePrinter } from './types.js';

/** Load-balancer ingress points (IP, else hostname), sorted and de-duplicated. */
export function loadBalancerAddresses(status: unknown): string {
  const points = objs(status, 'ingress')
    .map((i) => s(i, 'ip') || s(i, 'hostname'))
    .filter((v) => v !== '');
  return sortedUnique(points).join(',');
}

const strings = (o: unknown, ...path: string[]): string[] => arr(o, ...path).filter((v): v is string => typeof v === 'string');

function externalIP(svc: KubeObject, type: string): string {
  const externalIPs = strings(svc, 'spec', 'externalIPs');
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(at(svc, 'status', 'loadBalancer'));
      if (externalIPs.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...externalIPs].join(',');
      return lb !== '' ? lb : '<pending>';
    }
    case 'ExternalName':
      return s(svc, 'spec', 'externalName');
    default:
      return '<unknown>';
  }
}

function portsText(svc: KubeObject): string {
  const pieces = objs(svc, 'spec', 'ports').map((p) => {
    const protocol = s(p, 'protocol') || 'TCP';
    const nodePort = n(p, 'nodePort');
    return nodePort > 0 ? `${n(p, 'port')}:${nodePort}/${protocol}` : `${n(p, 'port')}/${protocol}`;
  });
  return pieces.length > 0 ? pieces.join(',') : '<none>';
}

export const servicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Type', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    text('Cluster-IP', 'The virtual IP the service is reachable at inside the cluster.'),
    text('External-IP', 'Addresses the service is reachable at from outside the cluster.'),
    text('Port(s)', 'The ports the service exposes, with node ports where allocated.'),
    ageColumn(),
    selectorColumn('The labels a pod must carry to receive the service traffic.'),
  ],
  cells(svc, now) {
    const type = s(svc, 'spec', 'type') || 'ClusterIP';
    const clusterIPs = strings(svc, 'spec', 'clusterIPs');
    const clusterIP = clusterIPs[0] ?? s(svc, 'spec', 'clusterIP');
    return [
      name(svc),
      type,
      clusterIP || '<none>',
      externalIP(svc, type),
      portsText(svc),
      translateTimestampSince(created(svc), now),
      formatLabels(strMap(svc, 'spec', 'selector')),
    ];
  },
};

/** Up to three address:port pairs over all subsets, then "+ N more...". */
export function formatEndpoints(ep: KubeObject): string {
  const subsets = objs(ep, 'subsets');
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let total = 0;
  const take = (entry: string): void => {
    if (list.length < max) list.push(entry);
  };
  for (const subset of subsets) {
    const addresses = objs(subset, 'addresses');
    const ports = objs(subset, 'ports');
    if (ports.length === 0) {
      // Headless services may list addresses without ports.
      total += addresses.length;
      for (const a of addresses) take(s(a, 'ip'));
      continue;
    }
    for (const port of ports) {
      total += addresses.length;
      for (const a of addresses) take(joinHostPort(s(a, 'ip'), n(port, 'port')));
    }
  }
  const joined = list.join(',');
  return total > max ? `${joined} + ${total - max} more...` : joined;
}

export const endpointsPrinter: TablePrinter = {
  columns: [nameColumn(), text('Endpoints', 'The addresses and ports backing the service.'), ageColumn()],
  cells(ep, now) {
    return [name(ep), formatEndpoints(ep), translateTimestampSince(created(ep), now)];
  },
};
