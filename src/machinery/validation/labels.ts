// Validation of label maps and of the metav1.LabelSelector API type (upstream meta/v1/validation).

import { type FieldError, forbidden, invalid, required } from './errors.js';
import { isQualifiedName, isValidLabelValue } from './names.js';
import { childOf, type MaybePath } from './path.js';

export type LabelMap = Readonly<Record<string, string>>;

export function validateLabelName(name: string, p: MaybePath): FieldError[] {
  return isQualifiedName(name).map((m) => invalid(p, name, m));
}

/** Every key a qualified name, every value a valid label value; errors are reported at `p` itself. */
export function validateLabels(labels: LabelMap | null | undefined, p: MaybePath): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels) return errs;
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...validateLabelName(k, p));
    for (const m of isValidLabelValue(String(v))) errs.push(invalid(p, String(v), m));
  }
  return errs;
}

export interface LabelSelectorRequirementLike {
  key: string;
  operator: string;
  values?: readonly string[] | null;
}

export interface LabelSelectorLike {
  matchLabels?: LabelMap | null;
  matchExpressions?: readonly LabelSelectorRequirementLike[] | null;
}

export interface LabelSelectorValidationOptions {
  /** Accept invalid label values in matchExpressions (only for data already persisted that way). */
  allowInvalidLabelValueInSelector?: boolean;
  /** Accept unknown operators (as in *SubjectAccessReview). */
  allowUnknownOperatorInRequirement?: boolean;
}

export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirementLike,
  p: MaybePath,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(childOf(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(childOf(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      if (!opts.allowUnknownOperatorInRequirement) errs.push(invalid(childOf(p, 'operator'), sr.operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(sr.key, childOf(p, 'key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(childOf(p, 'values').index(i), v, m));
    });
  }
  return errs;
}

/** Validates a metav1.LabelSelector (e.g. a Deployment's spec.selector); a missing selector is valid here. */
export function validateLabelSelector(
  ls: LabelSelectorLike | null | undefined,
  p: MaybePath,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (!ls) return [];
  const errs = validateLabels(ls.matchLabels, childOf(p, 'matchLabels'));
  (ls.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, childOf(p, 'matchExpressions').index(i), opts));
  });
  return errs;
}

/** True when some matchExpressions value is not a valid label value (to decide allowInvalidLabelValueInSelector on update). */
export function labelSelectorHasInvalidLabelValue(ls: LabelSelectorLike | null | undefined): boolean {
  return (ls?.matchExpressions ?? []).some((e) => (e.values ?? []).some((v) => isValidLabelValue(v).length > 0));
}
