// Which host programs real pods need, and the Debian packages that bring the missing ones.

import { accessSync, constants } from 'node:fs';

export interface RuntimeDep {
  /** What it is for. */
  what: string;
  /** Candidate paths; the first executable one counts. */
  paths: string[];
  /** Debian package providing it. */
  debianPackage: string;
}

export const RUNTIME_DEPS: RuntimeDep[] = [
  { what: 'containerd', paths: ['/usr/bin/containerd', '/usr/local/bin/containerd'], debianPackage: 'containerd' },
  { what: 'containerd runc shim', paths: ['/usr/bin/containerd-shim-runc-v2', '/usr/local/bin/containerd-shim-runc-v2'], debianPackage: 'containerd' },
  { what: 'ctr', paths: ['/usr/bin/ctr', '/usr/local/bin/ctr'], debianPackage: 'containerd' },
  { what: 'runc', paths: ['/usr/sbin/runc', '/usr/bin/runc', '/usr/local/sbin/runc', '/usr/local/bin/runc'], debianPackage: 'runc' },
  { what: 'CNI bridge plugin', paths: ['/usr/lib/cni/bridge'], debianPackage: 'containernetworking-plugins' },
  { what: 'CNI host-local plugin', paths: ['/usr/lib/cni/host-local'], debianPackage: 'containernetworking-plugins' },
  { what: 'CNI portmap plugin', paths: ['/usr/lib/cni/portmap'], debianPackage: 'containernetworking-plugins' },
  { what: 'CNI loopback plugin', paths: ['/usr/lib/cni/loopback'], debianPackage: 'containernetworking-plugins' },
  { what: 'iptables', paths: ['/usr/sbin/iptables', '/sbin/iptables'], debianPackage: 'iptables' },
  { what: 'ip (iproute2)', paths: ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'], debianPackage: 'iproute2' },
  { what: 'umoci', paths: ['/usr/bin/umoci', '/usr/local/bin/umoci'], debianPackage: 'umoci' },
  { what: 'busybox (static)', paths: ['/bin/busybox', '/usr/bin/busybox'], debianPackage: 'busybox-static' },
];

export interface RuntimeDepsReport {
  missing: RuntimeDep[];
  /** Debian packages to install, deduplicated, in a stable order. */
  packages: string[];
  /** The exact command that installs them, or '' when nothing is missing. */
  installCommand: string;
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable path of a dependency, if any. */
export function findDep(dep: RuntimeDep): string | undefined {
  return dep.paths.find(executable);
}

export function findRuntimeDeps(deps: RuntimeDep[] = RUNTIME_DEPS): RuntimeDepsReport {
  const missing = deps.filter((d) => findDep(d) === undefined);
  const packages = [...new Set(missing.map((d) => d.debianPackage))];
  return { missing, packages, installCommand: packages.length ? `apt-get install -y ${packages.join(' ')}` : '' };
}
