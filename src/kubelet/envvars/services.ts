// Service link environment variables: for every service with a cluster IP, FOO_SERVICE_HOST /
// FOO_SERVICE_PORT(_NAME) and the Docker-links style FOO_PORT, FOO_PORT_80_TCP(_PROTO|_PORT|_ADDR).

import type { KubeObject } from '../../api/types.js';
import type { KeyValue } from '../cri/types.js';

type ServicePort = { name?: string; port: number; protocol?: string };

function envName(s: string): string {
  return s.toUpperCase().replace(/-/g, '_');
}

export function hasClusterIP(svc: KubeObject): boolean {
  const ip = (svc.spec as { clusterIP?: string } | undefined)?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The variables for the given services (those without a cluster IP are skipped). */
export function serviceEnv(services: KubeObject[]): KeyValue[] {
  const out: KeyValue[] = [];
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue;
    const spec = svc.spec as { clusterIP: string; ports?: ServicePort[] };
    const name = envName(svc.metadata.name ?? '');
    const ports = spec.ports ?? [];
    out.push({ key: `${name}_SERVICE_HOST`, value: spec.clusterIP });
    if (ports.length) out.push({ key: `${name}_SERVICE_PORT`, value: String(ports[0]!.port) });
    for (const p of ports) if (p.name) out.push({ key: `${name}_SERVICE_PORT_${envName(p.name)}`, value: String(p.port) });
    const host = spec.clusterIP.includes(':') ? `[${spec.clusterIP}]` : spec.clusterIP;
    ports.forEach((p, i) => {
      const proto = (p.protocol ?? 'TCP').toLowerCase();
      const url = `${proto}://${host}:${p.port}`;
      const prefix = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
      if (i === 0) out.push({ key: `${name}_PORT`, value: url });
      out.push({ key: prefix, value: url }, { key: `${prefix}_PROTO`, value: proto }, { key: `${prefix}_PORT`, value: String(p.port) }, { key: `${prefix}_ADDR`, value: spec.clusterIP });
    });
  }
  return out;
}
