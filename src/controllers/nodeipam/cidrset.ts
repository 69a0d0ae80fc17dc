// One cluster CIDR cut into equal node subnets (upstream's ipam/cidrset.CidrSet): allocate the next
// free subnet round-robin, mark subnets used (restoring state from existing nodes, or keeping the
// service range out), release them. IPv4 and IPv6, with addresses as BigInt.

export const ERR_NO_CIDRS = 'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

export interface ParsedCIDR {
  /** The network address (host bits cleared). */
  base: bigint;
  prefix: number;
  /** 32 or 128. */
  bits: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  let text = s;
  let tail: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tail = parseIPv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail !== undefined) v = (v & ~0xffffffffn) | tail;
  return v;
}

export function parseCIDR(s: string): ParsedCIDR {
  const slash = s.indexOf('/');
  if (slash < 0) throw new Error(`invalid CIDR address: ${s}`);
  const ip = s.slice(0, slash);
  const prefix = Number(s.slice(slash + 1));
  const v4 = parseIPv4(ip);
  const v = v4 ?? parseIPv6(ip);
  const bits = v4 !== undefined ? 32 : 128;
  if (v === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > bits || !/^\d+$/.test(s.slice(slash + 1))) throw new Error(`invalid CIDR address: ${s}`);
  const hostBits = BigInt(bits - prefix);
  return { base: (v >> hostBits) << hostBits, prefix, bits };
}

export function formatIP(v: bigint, bits: number): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  // The longest run of zero groups (at least two) becomes "::", as Go prints.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function formatCIDR(c: ParsedCIDR): string {
  return `${formatIP(c.base, c.bits)}/${c.prefix}`;
}

export class CidrSet {
  readonly cluster: ParsedCIDR;
  readonly nodeMaskSize: number;
  private readonly max: number;
  private readonly used: Uint8Array;
  private nextCandidate = 0;
  private count = 0;

  constructor(clusterCIDR: string, nodeMaskSize: number) {
    this.cluster = parseCIDR(clusterCIDR);
    if (nodeMaskSize < this.cluster.prefix || nodeMaskSize > this.cluster.bits) throw new Error(`node CIDR mask size ${nodeMaskSize} does not fit cluster CIDR ${clusterCIDR}`);
    // Upstream caps the subnets of one cluster CIDR at 2^16 (for IPv6; IPv4 cannot exceed 2^24 in practice).
    if (nodeMaskSize - this.cluster.prefix > (this.cluster.bits === 32 ? 24 : 16)) throw new Error('New CIDR set failed; the node CIDR size is too big');
    this.nodeMaskSize = nodeMaskSize;
    this.max = 2 ** (nodeMaskSize - this.cluster.prefix);
    this.used = new Uint8Array(this.max);
  }

  get size(): number {
    return this.max;
  }

  /** Subnets in use. */
  get allocated(): number {
    return this.count;
  }

  private subnet(i: number): string {
    const shift = BigInt(this.cluster.bits - this.nodeMaskSize);
    return formatCIDR({ base: this.cluster.base + (BigInt(i) << shift), prefix: this.nodeMaskSize, bits: this.cluster.bits });
  }

  allocateNext(): string {
    for (let n = 0; n < this.max; n++) {
      const i = (this.nextCandidate + n) % this.max;
      if (this.used[i]) continue;
      this.used[i] = 1;
      this.count++;
      this.nextCandidate = (i + 1) % this.max;
      return this.subnet(i);
    }
    throw new Error(ERR_NO_CIDRS);
  }

  /** The indexes of the subnets a CIDR overlaps (throws when it is outside the cluster CIDR). */
  private range(cidr: string): [number, number] {
    const c = parseCIDR(cidr);
    const k = this.cluster;
    if (c.bits !== k.bits) throw new Error(`cidr ${cidr} is out the range of cluster cidr ${formatCIDR(k)}`);
    const kHost = BigInt(k.bits - k.prefix);
    const inside = (c.base >> kHost) === (k.base >> kHost) || (c.prefix < k.prefix && (k.base >> BigInt(k.bits - c.prefix)) === (c.base >> BigInt(k.bits - c.prefix)));
    if (!inside) throw new Error(`cidr ${cidr} is out the range of cluster cidr ${formatCIDR(k)}`);
    if (c.prefix <= k.prefix) return [0, this.max - 1];
    const shift = BigInt(k.bits - this.nodeMaskSize);
    const first = Number((c.base - k.base) >> shift);
    if (c.prefix >= this.nodeMaskSize) return [first, first];
    const span = 2 ** (this.nodeMaskSize - c.prefix);
    return [first, first + span - 1];
  }

  occupy(cidr: string): void {
    const [a, b] = this.range(cidr);
    for (let i = a; i <= b; i++) {
      if (!this.used[i]) this.count++;
      this.used[i] = 1;
    }
  }

  release(cidr: string): void {
    const [a, b] = this.range(cidr);
    for (let i = a; i <= b; i++) {
      if (this.used[i]) this.count--;
      this.used[i] = 0;
    }
  }

  /** Does the CIDR lie in this set's cluster CIDR? */
  contains(cidr: string): boolean {
    try {
      this.range(cidr);
      return true;
    } catch {
      return false;
    }
  }
}
