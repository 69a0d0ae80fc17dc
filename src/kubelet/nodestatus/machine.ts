// Facts about this machine for the Node object: CPUs, memory (/proc/meminfo), the data directory's
// filesystem size, machine/boot ids, kernel and OS image.

import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { availableParallelism, release } from 'node:os';

export interface MachineInfo {
  cpus: number;
  memoryBytes: bigint;
  fsBytes: bigint;
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  architecture: string;
}

function readTrim(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Node's process.arch as Go's GOARCH. */
export function goArch(arch: string = process.arch): string {
  switch (arch) {
    case 'x64':
      return 'amd64';
    case 'ia32':
      return '386';
    case 'ppc64':
      return 'ppc64le';
    default:
      return arch; // arm64, arm, s390x, riscv64 … already match
  }
}

export function memTotalBytes(meminfo: string): bigint {
  const m = /^MemTotal:\s+(\d+)\s*kB/m.exec(meminfo);
  if (!m) throw new Error('MemTotal not found in /proc/meminfo');
  return BigInt(m[1]!) * 1024n;
}

export function prettyName(osRelease: string): string {
  const m = /^PRETTY_NAME=(.*)$/m.exec(osRelease);
  if (!m) return 'Linux';
  return m[1]!.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}

function uuidFrom(hex: string): string {
  const h = hex.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export async function machineInfo(dataDir: string): Promise<MachineInfo> {
  const machineID = readTrim('/etc/machine-id') || readTrim('/var/lib/dbus/machine-id');
  const fs = await statfs(dataDir);
  return {
    cpus: availableParallelism(),
    memoryBytes: memTotalBytes(readTrim('/proc/meminfo')),
    fsBytes: BigInt(fs.blocks) * BigInt(fs.bsize),
    machineID,
    systemUUID: readTrim('/sys/class/dmi/id/product_uuid').toLowerCase() || uuidFrom(machineID),
    bootID: readTrim('/proc/sys/kernel/random/boot_id'),
    kernelVersion: release(),
    osImage: prettyName(readTrim('/etc/os-release')),
    architecture: goArch(),
  };
}

/** A byte count as resource.Quantity prints it in BinarySI: the largest exact binary suffix, else plain. */
export function formatBinary(bytes: bigint): string {
  const suffixes: Array<[string, bigint]> = [['Ei', 1n << 60n], ['Pi', 1n << 50n], ['Ti', 1n << 40n], ['Gi', 1n << 30n], ['Mi', 1n << 20n], ['Ki', 1n << 10n]];
  if (bytes === 0n) return '0';
  for (const [s, v] of suffixes) if (bytes % v === 0n) return `${bytes / v}${s}`;
  return bytes.toString();
}
