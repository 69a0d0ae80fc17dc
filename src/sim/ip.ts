// Pod IPs from a node's spec.podCIDR, as a host-local IPAM hands them out: .1 is the bridge, pods get
// .2 upward; an address is free again when its pod ends. IPv4 and IPv6; addresses are strings only.

interface Range {
  base: bigint;
  size: bigint;
  bits: number;
}

function parseV4(s: string): bigint | undefined {
  const p = s.split('.');
  if (p.length !== 4 || p.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return undefined;
  return p.reduce((acc, x) => (acc << 8n) | BigInt(Number(x)), 0n);
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function parseRange(cidr: string): Range | undefined {
  const [ip, len] = cidr.split('/');
  const prefix = Number(len);
  const v4 = parseV4(ip ?? '');
  const v = v4 ?? parseV6(ip ?? '');
  if (v === undefined || !Number.isInteger(prefix)) return undefined;
  const bits = v4 !== undefined ? 32 : 128;
  if (prefix < 0 || prefix > bits) return undefined;
  const host = BigInt(bits - prefix);
  return { base: (v >> host) << host, size: 1n << host, bits };
}

export function formatAddress(v: bigint, bits: number): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  // The longest run (two or more) of zero groups becomes "::", as Go prints addresses.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i >= 2 && j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function parseAddress(s: string): { v: bigint; bits: number } | undefined {
  const v4 = parseV4(s);
  if (v4 !== undefined) return { v: v4, bits: 32 };
  const v6 = parseV6(s);
  return v6 === undefined ? undefined : { v: v6, bits: 128 };
}

/** The addresses of one node's pod CIDR. */
export class PodIPs {
  private readonly range: Range | undefined;
  private readonly used = new Map<string, string>(); // ip → owner
  private readonly byOwner = new Map<string, string>();
  private next = 2n;

  constructor(readonly cidr: string) {
    this.range = parseRange(cidr);
  }

  get valid(): boolean {
    return !!this.range;
  }

  /** The owner's address (the same one again when asked twice); undefined when the range is full. */
  allocate(owner: string): string | undefined {
    const have = this.byOwner.get(owner);
    if (have) return have;
    const r = this.range;
    if (!r) return undefined;
    const last = r.size - 1n; // the broadcast address (v4) is never handed out
    for (let n = 0n; n < r.size; n++) {
      const off = this.next;
      this.next = this.next + 1n >= last ? 2n : this.next + 1n;
      if (off < 2n || off >= last) continue;
      const ip = formatAddress(r.base + off, r.bits);
      if (this.used.has(ip)) continue;
      this.used.set(ip, owner);
      this.byOwner.set(owner, ip);
      return ip;
    }
    return undefined;
  }

  /** Marks an address a running pod already has (after a restart of the simulator). */
  occupy(owner: string, ip: string): void {
    if (!this.range) return;
    const a = parseAddress(ip);
    if (!a || a.bits !== this.range.bits || a.v < this.range.base || a.v >= this.range.base + this.range.size) return;
    this.used.set(ip, owner);
    this.byOwner.set(owner, ip);
  }

  release(owner: string): void {
    const ip = this.byOwner.get(owner);
    if (!ip) return;
    this.byOwner.delete(owner);
    this.used.delete(ip);
  }

  get count(): number {
    return this.used.size;
  }
}
