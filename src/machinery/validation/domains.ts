// Domain-shaped values (upstream util/validation): fully qualified names and domain-prefixed paths.

import { type FieldError, invalid, required } from './errors.js';
import { regexError } from './messages.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';
import type { MaybePath } from './path.js';

/** A DNS subdomain with at least three segments, no trailing dot (deprecated upstream, still used). */
export function isFullyQualifiedName(p: MaybePath, name: string): FieldError[] {
  if (name.length === 0) return [required(p)];
  const errs = isDNS1123Subdomain(name);
  if (errs.length > 0) return [invalid(p, name, errs.join(','))];
  if (name.split('.').length < 3) return [invalid(p, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

/** A domain with at least two segments; a trailing dot is allowed. */
export function isFullyQualifiedDomainName(p: MaybePath, name: string): FieldError[] {
  if (name.length === 0) return [required(p)];
  if (name.endsWith('.')) name = name.slice(0, -1);
  const errs = isDNS1123Subdomain(name);
  if (errs.length > 0) return [invalid(p, name, errs.join(','))];
  const labels = name.split('.');
  if (labels.length < 2) return [invalid(p, name, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const le = isDNS1123Label(label);
    if (le.length > 0) return [invalid(p, label, le.join(','))];
  }
  return [];
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^${httpPathFmt}$`);

/** `acme.io/foo`: a DNS subdomain, "/", then RFC 3986 path characters. */
export function isDomainPrefixedPath(p: MaybePath, dpPath: string): FieldError[] {
  if (dpPath.length === 0) return [required(p)];
  const slash = dpPath.indexOf('/');
  if (slash <= 0 || slash === dpPath.length - 1) {
    return [invalid(p, dpPath, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const host = dpPath.slice(0, slash);
  const rest = dpPath.slice(slash + 1);
  const errs = isDNS1123Subdomain(host).map((m) => invalid(p, host, m));
  if (!httpPathRe.test(rest)) errs.push(invalid(p, rest, regexError('Invalid path', httpPathFmt)));
  return errs;
}
