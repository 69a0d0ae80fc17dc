// Name-validation functions for metadata.name / generateName (upstream api/validation generic.go and
// path/name.go). `prefix` is true when validating a generateName, which may end in '-'.

import { type FieldError, invalid } from './errors.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './names.js';
import type { MaybePath } from './path.js';

export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

/**
 * Upstream's maskTrailingDash, kept exactly: for a name longer than one character ending in '-', it
 * drops the last TWO characters and appends "a" (so "ab-" is checked as "aa").
 */
export function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) return name.slice(0, name.length - 2) + 'a';
  return name;
}

export const nameIsDNSSubdomain: ValidateNameFunc = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: ValidateNameFunc = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: ValidateNameFunc = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** Namespaces are DNS-1123 labels. */
export const validateNamespaceName: ValidateNameFunc = nameIsDNSLabel;
/** ServiceAccounts are DNS-1123 subdomains. */
export const validateServiceAccountName: ValidateNameFunc = nameIsDNSSubdomain;

/** A name usable as one URL path segment (upstream path.IsValidPathSegmentName). */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return isValidPathSegmentPrefix(name);
}

export function isValidPathSegmentPrefix(name: string): string[] {
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** A ValidateNameFunc for kinds whose names only need to be path segments (e.g. RBAC roles). */
export const validatePathSegmentName: ValidateNameFunc = (name, prefix) =>
  prefix ? isValidPathSegmentPrefix(name) : isValidPathSegmentName(name);

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';

export function validateNonnegativeField(value: number, p: MaybePath): FieldError[] {
  return value < 0 ? [invalid(p, value, IS_NEGATIVE_ERROR_MSG)] : [];
}
