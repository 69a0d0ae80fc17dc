// A pod's DNS configuration (upstream pkg/kubelet/network/dns): by dnsPolicy, from the cluster DNS
// servers the kubelet was given or from the host's resolv.conf, then merged with spec.dnsConfig.

import { readFile } from 'node:fs/promises';
import type { KubeObject } from '../../api/types.js';
import type { DNSConfig } from '../cri/types.js';
import { podSpec } from './types.js';

export interface DNSOptions {
  clusterDNS?: string[];
  clusterDomain?: string;
  /** The host's resolv.conf (default /etc/resolv.conf); '' for none. */
  resolvConf?: string;
}

export function parseResolvConf(text: string): DNSConfig {
  const out: DNSConfig = { servers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.servers.push(rest[0]);
    else if (key === 'search') out.searches = rest.map((s) => s.replace(/\.$/, ''));
    else if (key === 'domain' && rest[0]) out.searches = [rest[0]];
    else if (key === 'options') out.options.push(...rest);
  }
  return out;
}

async function hostDNS(path: string): Promise<DNSConfig> {
  if (path === '') return { servers: [], searches: [], options: [] };
  return parseResolvConf(await readFile(path, 'utf8').catch(() => ''));
}

/** The effective policy: ClusterFirst without cluster DNS, or with hostNetwork, behaves as Default. */
export function effectivePolicy(pod: KubeObject, clusterDNS: string[]): 'ClusterFirst' | 'Default' | 'None' {
  const spec = podSpec(pod);
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'None') return 'None';
  if (policy === 'Default') return 'Default';
  if (policy === 'ClusterFirst' && spec.hostNetwork) return 'Default';
  return clusterDNS.length ? 'ClusterFirst' : 'Default';
}

function mergeOptions(base: string[], extra: { name: string; value?: string }[]): string[] {
  const m = new Map<string, string>();
  for (const o of base) {
    const [k, v] = o.split(':');
    m.set(k!, o.includes(':') ? `${k}:${v ?? ''}` : k!);
  }
  for (const o of extra) m.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
  return [...m.values()];
}

export async function podDNSConfig(pod: KubeObject, o: DNSOptions): Promise<DNSConfig> {
  const clusterDNS = o.clusterDNS ?? [];
  const domain = o.clusterDomain ?? 'cluster.local';
  const policy = effectivePolicy(pod, clusterDNS);
  let cfg: DNSConfig = { servers: [], searches: [], options: [] };
  if (policy === 'Default') cfg = await hostDNS(o.resolvConf ?? '/etc/resolv.conf');
  else if (policy === 'ClusterFirst') {
    const host = await hostDNS(o.resolvConf ?? '/etc/resolv.conf');
    const ns = pod.metadata.namespace ?? 'default';
    cfg = { servers: [...clusterDNS], searches: [`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches], options: ['ndots:5'] };
  }
  const extra = podSpec(pod).dnsConfig;
  if (extra) {
    cfg.servers = [...new Set([...cfg.servers, ...(extra.nameservers ?? [])])];
    cfg.searches = [...new Set([...cfg.searches, ...(extra.searches ?? [])])];
    cfg.options = mergeOptions(cfg.options, extra.options ?? []);
  }
  // upstream limits: 3 nameservers, 32 search domains
  cfg.servers = cfg.servers.slice(0, 3);
  cfg.searches = cfg.searches.slice(0, 32);
  return cfg;
}
