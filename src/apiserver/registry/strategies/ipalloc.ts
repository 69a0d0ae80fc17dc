// Allocation of Service ClusterIPs from --service-cluster-ip-range and NodePorts from
// --service-node-port-range. What is taken is read from the services in the watch cache, plus what
// this server handed out and has not seen stored yet (so two concurrent creates never get one IP).

export function parseCIDR(cidr: string): { base: number; size: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!m) throw new Error(`invalid CIDR ${cidr}`);
  const bits = Number(m[5]);
  const ip = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const size = 2 ** (32 - bits);
  return { base: (ip & ~(size - 1)) >>> 0, size };
}

export function ipToString(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function ipToNumber(s: string): number | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m || m.slice(1).some((x) => Number(x) > 255)) return null;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

/** The first usable address of a range: the kubernetes Service's ClusterIP. */
export function firstServiceIP(cidr: string): string {
  return ipToString(parseCIDR(cidr).base + 1);
}

export class Allocator {
  private pending = new Map<string, number>();
  constructor(
    private readonly first: number,
    private readonly last: number,
    private readonly format: (n: number) => string,
  ) {}

  static ips(cidr: string): Allocator {
    const { base, size } = parseCIDR(cidr);
    return new Allocator(base + 1, base + size - 2, ipToString);
  }

  static ports(range: string): Allocator {
    const m = /^(\d+)-(\d+)$/.exec(range.trim());
    if (!m) throw new Error(`invalid port range ${range}`);
    return new Allocator(Number(m[1]), Number(m[2]), String);
  }

  contains(n: number): boolean {
    return n >= this.first && n <= this.last;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, t] of this.pending) if (now - t > 30_000) this.pending.delete(k);
  }

  /** Reserves a specific value; false if taken. */
  reserve(value: string, used: Set<string>): boolean {
    this.sweep();
    if (used.has(value) || this.pending.has(value)) return false;
    this.pending.set(value, Date.now());
    return true;
  }

  /** Picks a free value at random (then scans), or null when the range is full. */
  allocate(used: Set<string>): string | null {
    this.sweep();
    const span = this.last - this.first + 1;
    const start = Math.floor(Math.random() * span);
    for (let i = 0; i < span; i++) {
      const v = this.format(this.first + ((start + i) % span));
      if (!used.has(v) && !this.pending.has(v)) {
        this.pending.set(v, Date.now());
        return v;
      }
    }
    return null;
  }

  release(value: string): void {
    this.pending.delete(value);
  }
}
