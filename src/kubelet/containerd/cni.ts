// The node's CNI network for containerd's CRI plugin: one bridge, addresses from the node's pod CIDR.

import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export interface CniConfigOptions {
  /** containerd's CRI cni.conf_dir. */
  confDir: string;
  /** Linux bridge name (at most 15 characters), also the CNI network name. */
  bridgeName: string;
  /** The node's spec.podCIDR, e.g. 10.244.0.0/24. */
  podCIDR: string;
  /** Where host-local keeps its leases (default: its own /var/lib/cni/networks). */
  ipamDataDir?: string;
}

export const CNI_CONFLIST_NAME = '10-kts.conflist';

/** The conflist: bridge (gateway, masquerade, hairpin) + host-local IPAM + portmap + loopback. */
export function cniConflist(o: Omit<CniConfigOptions, 'confDir'>): object {
  if (o.bridgeName.length > 15) throw new Error(`bridge name ${JSON.stringify(o.bridgeName)} is longer than 15 characters`);
  if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(o.podCIDR)) throw new Error(`pod CIDR ${JSON.stringify(o.podCIDR)} is not an IPv4 CIDR`);
  const ipam: Record<string, unknown> = {
    type: 'host-local',
    ranges: [[{ subnet: o.podCIDR }]],
    routes: [{ dst: '0.0.0.0/0' }],
  };
  if (o.ipamDataDir) ipam.dataDir = o.ipamDataDir;
  return {
    cniVersion: '0.4.0',
    name: o.bridgeName,
    plugins: [
      { type: 'bridge', bridge: o.bridgeName, isGateway: true, ipMasq: true, hairpinMode: true, ipam },
      { type: 'portmap', capabilities: { portMappings: true } },
      { type: 'loopback' },
    ],
  };
}

/** Writes the conflist into confDir (atomically) and returns its path. */
export async function writeCniConfig(o: CniConfigOptions): Promise<string> {
  await mkdir(o.confDir, { recursive: true });
  const file = join(o.confDir, CNI_CONFLIST_NAME);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(cniConflist(o), null, 2) + '\n');
  await rename(tmp, file);
  return file;
}
