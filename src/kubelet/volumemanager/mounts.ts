// A container's CRI mounts: its volumeMounts (subPath / subPathExpr, readOnly, propagation) onto the
// host paths the volume manager prepared, plus the files the kubelet itself provides: /etc/hosts
// (<podDir>/etc-hosts) and the termination message file (<podDir>/containers/<name>/<random>).

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { KubeObject } from '../../api/types.js';
import type { KeyValue, Mount, MountPropagation } from '../cri/types.js';
import { expand } from '../envvars/expand.js';
import type { PodVolumes } from './index.js';

export interface MakeMountsOptions {
  /** The pod's IPs (default: pod.status.podIPs). */
  podIPs?: string[];
  /** For the pod's FQDN with a subdomain (default "cluster.local"). */
  clusterDomain?: string;
  /** The container's environment, for subPathExpr. */
  env?: KeyValue[];
  /** The host's hosts file, copied for hostNetwork pods (default /etc/hosts). */
  hostHostsFile?: string;
}

type VolumeMount = { name: string; mountPath: string; subPath?: string; subPathExpr?: string; readOnly?: boolean; mountPropagation?: string };
type PodSpec = { hostNetwork?: boolean; hostname?: string; subdomain?: string; hostAliases?: Array<{ ip: string; hostnames?: string[] }> };

const PROPAGATION: Record<string, MountPropagation> = { None: 'PROPAGATION_PRIVATE', HostToContainer: 'PROPAGATION_HOST_TO_CONTAINER', Bidirectional: 'PROPAGATION_BIDIRECTIONAL' };

export class MountError extends Error {}

/** The pod's hostname (spec.hostname or the pod name, at most 63 characters) and domain. */
export function podHostname(pod: KubeObject, clusterDomain = 'cluster.local'): { hostname: string; domain: string } {
  const spec = (pod.spec ?? {}) as PodSpec;
  let hostname = spec.hostname || pod.metadata.name || '';
  if (hostname.length > 63) hostname = hostname.slice(0, 63).replace(/[-.]+$/, '');
  const domain = spec.subdomain ? `${spec.subdomain}.${pod.metadata.namespace ?? 'default'}.svc.${clusterDomain}` : '';
  return { hostname, domain };
}

function aliases(spec: PodSpec): string {
  if (!spec.hostAliases?.length) return '';
  let s = '\n# Entries added by HostAliases.\n';
  for (const a of spec.hostAliases) s += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  return s;
}

/** The /etc/hosts the kubelet writes for a pod. */
export async function hostsFileContent(pod: KubeObject, o: MakeMountsOptions = {}): Promise<string> {
  const spec = (pod.spec ?? {}) as PodSpec;
  if (spec.hostNetwork) {
    const host = await readFile(o.hostHostsFile ?? '/etc/hosts', 'utf8').catch(() => '');
    return `# Kubernetes-managed hosts file (host network).\n${host}${host && !host.endsWith('\n') ? '\n' : ''}${aliases(spec)}`;
  }
  const status = (pod.status ?? {}) as { podIP?: string; podIPs?: Array<{ ip: string }> };
  const ips = o.podIPs ?? (status.podIPs?.map((p) => p.ip) ?? (status.podIP ? [status.podIP] : []));
  const { hostname, domain } = podHostname(pod, o.clusterDomain);
  let s = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  for (const ip of ips) s += domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  return s + aliases(spec);
}

function checkSubPath(p: string): void {
  if (p.startsWith('/')) throw new MountError(`subPath "${p}" must be a relative path`);
  if (normalize(p).split('/').includes('..')) throw new MountError(`subPath "${p}" must not contain '..'`);
}

export async function makeMounts(pod: KubeObject, container: KubeObject, volumes: PodVolumes, podDir: string, o: MakeMountsOptions = {}): Promise<Mount[]> {
  const out: Mount[] = [];
  const cname = String(container.name ?? '');
  const mounts = (container.volumeMounts ?? []) as VolumeMount[];
  const env = new Map((o.env ?? []).map((kv) => [kv.key, kv.value]));
  for (const m of mounts) {
    const vol = volumes.get(m.name);
    if (!vol) throw new MountError(`cannot find volume "${m.name}" to mount into container "${cname}"`);
    let hostPath = vol.hostPath;
    let sub = m.subPath ?? '';
    if (m.subPathExpr) sub = expand(m.subPathExpr, (n) => env.get(n));
    if (sub) {
      checkSubPath(sub);
      hostPath = join(vol.hostPath, sub);
      const st = await stat(hostPath).catch(() => undefined);
      if (!st) await mkdir(hostPath, { recursive: true, mode: 0o750 });
    }
    const mount: Mount = { containerPath: m.mountPath, hostPath, readonly: !!m.readOnly || vol.readOnly };
    const prop = m.mountPropagation ? PROPAGATION[m.mountPropagation] : undefined;
    if (prop) mount.propagation = prop;
    out.push(mount);
  }
  await mkdir(podDir, { recursive: true });
  if (!mounts.some((m) => m.mountPath === '/etc/hosts')) {
    const hosts = join(podDir, 'etc-hosts');
    await writeFile(hosts, await hostsFileContent(pod, o));
    await chmod(hosts, 0o644);
    out.push({ containerPath: '/etc/hosts', hostPath: hosts, readonly: false });
  }
  const termPath = (container.terminationMessagePath as string | undefined) ?? '/dev/termination-log';
  if (termPath) {
    const dir = join(podDir, 'containers', cname);
    await mkdir(dir, { recursive: true });
    const file = join(dir, randomBytes(4).toString('hex'));
    await writeFile(file, '');
    await chmod(file, 0o666);
    out.push({ containerPath: termPath, hostPath: file, readonly: false });
  }
  return out;
}
