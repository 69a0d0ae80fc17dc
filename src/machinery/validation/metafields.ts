// Validators for individual ObjectMeta fields (upstream api/validation objectmeta.go and
// meta/v1/validation): annotations, owner references, finalizers, managed fields.

import { type FieldError, forbidden, GoValue, invalid, tooLong } from './errors.js';
import { byteLength, goQuote, goStringSlice, isGoPrint, sortedUnique } from './goformat.js';
import { isQualifiedName } from './names.js';
import { childOf, indexOf, type MaybePath } from './path.js';

export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/** Go's strings.ToLower, closely enough: JavaScript lowercases U+0130 to two code points, Go to "i". */
function goToLower(s: string): string {
  return s.replace(/\u0130/g, 'i').toLowerCase();
}

/** Total bytes of keys and values, or an error message if over the 256 KiB limit. */
export function validateAnnotationsSize(annotations: Readonly<Record<string, string>> | null | undefined): string | undefined {
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) total += byteLength(k) + byteLength(String(v));
  return total > TOTAL_ANNOTATION_SIZE_LIMIT_B
    ? `annotations size ${total} is larger than limit ${TOTAL_ANNOTATION_SIZE_LIMIT_B}`
    : undefined;
}

/** Keys must be qualified names (case-insensitively); total size at most 256 KiB. */
export function validateAnnotations(annotations: Readonly<Record<string, string>> | null | undefined, p: MaybePath): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(annotations ?? {})) {
    for (const m of isQualifiedName(goToLower(k))) errs.push(invalid(p, k, m));
  }
  if (validateAnnotationsSize(annotations) !== undefined) errs.push(tooLong(p, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

export interface OwnerReferenceLike {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean | null;
  blockOwnerDeletion?: boolean | null;
}

/**
 * Go's `%#v` of a v1.OwnerReference. Go prints a set *bool as a memory address; here it is shown as
 * `(*bool)(true)` instead, which is the one place this text differs from upstream's.
 */
export function goOwnerReference(r: OwnerReferenceLike): string {
  const ptr = (b: boolean | null | undefined) => (b == null ? '(*bool)(nil)' : `(*bool)(${b})`);
  return (
    `v1.OwnerReference{APIVersion:${goQuote(r.apiVersion ?? '')}, Kind:${goQuote(r.kind ?? '')}, ` +
    `Name:${goQuote(r.name ?? '')}, UID:${goQuote(r.uid ?? '')}, ` +
    `Controller:${ptr(r.controller)}, BlockOwnerDeletion:${ptr(r.blockOwnerDeletion)}}`
  );
}

/** schema.ParseGroupVersion, falling back to an empty group/version on error as FromAPIVersionAndKind does. */
function splitAPIVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

function validateOwnerReference(r: OwnerReferenceLike, p: MaybePath): FieldError[] {
  const errs: FieldError[] = [];
  const gv = splitAPIVersion(r.apiVersion ?? '');
  const kind = r.kind ?? '';
  if (gv.version.length === 0) errs.push(invalid(childOf(p, 'apiVersion'), r.apiVersion ?? '', 'version must not be empty'));
  if (kind.length === 0) errs.push(invalid(childOf(p, 'kind'), kind, 'kind must not be empty'));
  if (!r.name) errs.push(invalid(childOf(p, 'name'), r.name ?? '', 'name must not be empty'));
  if (!r.uid) errs.push(invalid(childOf(p, 'uid'), r.uid ?? '', 'uid must not be empty'));
  // BannedOwners: core/v1 Event may not own anything.
  if (gv.group === '' && gv.version === 'v1' && kind === 'Event') {
    errs.push(invalid(p, new GoValue(goOwnerReference(r)), `${gv.group}/${gv.version}, Kind=${kind} is disallowed from being an owner`));
  }
  return errs;
}

/** apiVersion/kind/name/uid required; at most one reference with controller=true. Errors are at `p`. */
export function validateOwnerReferences(refs: readonly OwnerReferenceLike[] | null | undefined, p: MaybePath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const r of refs ?? []) {
    errs.push(...validateOwnerReference(r, p));
    if (r.controller === true) {
      const current = `${r.kind ?? ''}/${r.name ?? ''}`;
      if (firstController !== '') {
        const all = new GoValue(`[]v1.OwnerReference{${(refs ?? []).map(goOwnerReference).join(', ')}}`);
        errs.push(
          invalid(p, all, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';
export const FINALIZER_KUBERNETES = 'kubernetes';
const STANDARD_FINALIZERS = new Set([FINALIZER_KUBERNETES, FINALIZER_ORPHAN_DEPENDENTS, FINALIZER_DELETE_DEPENDENTS]);

export function validateFinalizerName(name: string, p: MaybePath): FieldError[] {
  return isQualifiedName(name).map((m) => invalid(p, name, m));
}

/** The core API's extra rule: a finalizer without a '/' must be one of the standard ones. */
export function validateKubeFinalizerName(name: string, p: MaybePath): FieldError[] {
  if (name.split('/').length === 1 && !STANDARD_FINALIZERS.has(name)) {
    return [invalid(p, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

/** Names must be qualified names; "orphan" and "foregroundDeletion" exclude each other. Errors are at `p`. */
export function validateFinalizers(finalizers: readonly string[] | null | undefined, p: MaybePath): FieldError[] {
  const errs: FieldError[] = [];
  const list = finalizers ?? [];
  for (const f of list) errs.push(...validateFinalizerName(f, p));
  if (list.includes(FINALIZER_ORPHAN_DEPENDENTS) && list.includes(FINALIZER_DELETE_DEPENDENTS)) {
    errs.push(
      invalid(p, list, `finalizer ${FINALIZER_ORPHAN_DEPENDENTS} and ${FINALIZER_DELETE_DEPENDENTS} cannot be both set`),
    );
  }
  return errs;
}

/** While an object is being deleted, no finalizer may be added. */
export function validateNoNewFinalizers(
  newFinalizers: readonly string[] | null | undefined,
  oldFinalizers: readonly string[] | null | undefined,
  p: MaybePath,
): FieldError[] {
  const old = new Set(oldFinalizers ?? []);
  const extra = sortedUnique((newFinalizers ?? []).filter((f) => !old.has(f)));
  if (extra.length === 0) return [];
  return [forbidden(p, `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`)];
}

export interface ManagedFieldsEntryLike {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string | null;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

export const FIELD_MANAGER_MAX_LENGTH = 128;
export const MAX_SUBRESOURCE_NAME_LENGTH = 256;

export function validateFieldManager(manager: string, p: MaybePath): FieldError[] {
  const errs: FieldError[] = [];
  if (byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) errs.push(tooLong(p, FIELD_MANAGER_MAX_LENGTH));
  let pos = 0;
  for (const ch of manager) {
    if (!isGoPrint(ch)) {
      const cp = ch.codePointAt(0)!;
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      errs.push(invalid(p, manager, `invalid character U+${hex} (at position ${pos})`));
    }
    pos += byteLength(ch);
  }
  return errs;
}

export function validateManagedFields(entries: readonly ManagedFieldsEntryLike[] | null | undefined, p: MaybePath): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    const at = indexOf(p, i);
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      errs.push(invalid(at.child('operation'), e.operation ?? '', 'must be `Apply` or `Update`'));
    }
    if (e.fieldsType && e.fieldsType !== 'FieldsV1') errs.push(invalid(at.child('fieldsType'), e.fieldsType, 'must be `FieldsV1`'));
    errs.push(...validateFieldManager(e.manager ?? '', at.child('manager')));
    if (byteLength(e.subresource ?? '') > MAX_SUBRESOURCE_NAME_LENGTH) errs.push(tooLong(at.child('subresource'), MAX_SUBRESOURCE_NAME_LENGTH));
  });
  return errs;
}
