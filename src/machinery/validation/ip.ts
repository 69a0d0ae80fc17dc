// IP and CIDR validation with the parser upstream uses (k8s.io/utils/net ParseIPSloppy, Go 1.16's
// net.ParseIP): IPv4 parts may have leading zeros ("010.0.0.1" is 10.0.0.1), IPv6 may embed IPv4,
// zones ("%eth0") are rejected.

import { type FieldError, invalid } from './errors.js';
import type { MaybePath } from './path.js';

/** Decimal digits at the start of s: [value, count], or undefined (Go's dtoi). */
function dtoi(s: string): [number, number] | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : [n, i];
}

/** Hex digits at the start of s: [value, count], or undefined (Go's xtoi). */
function xtoi(s: string): [number, number] | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 16);
    if (Number.isNaN(d)) break;
    n = n * 16 + d;
    if (n >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : [n, i];
}

function parseIPv4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return null;
    if (i > 0) {
      if (s[0] !== '.') return null;
      s = s.slice(1);
    }
    const r = dtoi(s);
    if (!r || r[0] > 0xff) return null;
    out[i] = r[0];
    s = s.slice(r[1]);
  }
  return s.length === 0 ? out : null;
}

function parseIPv6(s: string): Uint8Array | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const r = xtoi(s);
    if (!r || r[0] > 0xffff) return null;
    const [n, c] = r;
    if (c < s.length && s[c] === '.') {
      // Embedded IPv4 in the last 32 bits.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return null;
      const v4 = parseIPv4(s);
      if (!v4) return null;
      ip.set(v4, i);
      s = '';
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null;
  }
  return ip;
}

export interface ParsedIP {
  family: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6 (an IPv4-mapped IPv6 address keeps family 6). */
  bytes: Uint8Array;
}

/** Parses as Go's (sloppy) ParseIP does; null when invalid. */
export function parseIPSloppy(s: string): ParsedIP | null {
  for (const ch of s) {
    if (ch === '.') {
      const b = parseIPv4(s);
      return b && { family: 4, bytes: b };
    }
    if (ch === ':') {
      const b = parseIPv6(s);
      return b && { family: 6, bytes: b };
    }
  }
  return null;
}

/** Go's ip.To4() != nil: an IPv4 address or an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
function isIPv4Like(ip: ParsedIP): boolean {
  if (ip.family === 4) return true;
  const b = ip.bytes;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

export function isValidIP(p: MaybePath, value: string): FieldError[] {
  return parseIPSloppy(value) ? [] : [invalid(p, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

export function isValidIPv4Address(p: MaybePath, value: string): FieldError[] {
  const ip = parseIPSloppy(value);
  return ip && isIPv4Like(ip) ? [] : [invalid(p, value, 'must be a valid IPv4 address')];
}

export function isValidIPv6Address(p: MaybePath, value: string): FieldError[] {
  const ip = parseIPSloppy(value);
  return ip && !isIPv4Like(ip) ? [] : [invalid(p, value, 'must be a valid IPv6 address')];
}

export interface ParsedCIDR {
  ip: ParsedIP;
  prefixLength: number;
}

/** Parses "addr/len" as Go's (sloppy) ParseCIDR does; null when invalid. */
export function parseCIDRSloppy(s: string): ParsedCIDR | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let family: 4 | 6 = 4;
  let bytes = parseIPv4(addr);
  if (!bytes) {
    family = 6;
    bytes = parseIPv6(addr);
  }
  const r = dtoi(mask);
  if (!bytes || !r || r[1] !== mask.length || r[0] > (family === 4 ? 32 : 128)) return null;
  return { ip: { family, bytes }, prefixLength: r[0] };
}

export function isValidCIDR(p: MaybePath, value: string): FieldError[] {
  return parseCIDRSloppy(value) ? [] : [invalid(p, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}
