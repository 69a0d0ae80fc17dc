// The validation toolkit per-kind validators use: field paths, field errors with upstream's exact
// messages, format validators, ObjectMeta validation, and the 422 Invalid Status.

export { FieldPath, path, pathString, childOf, indexOf, keyOf, type MaybePath } from './path.js';
export {
  FieldError,
  type FieldErrorType,
  type ErrorList,
  type BadValue,
  GoValue,
  OMIT_VALUE,
  errorTypeText,
  formatBadValue,
  required,
  invalid,
  typeInvalid,
  notFound,
  duplicate,
  notSupported,
  forbidden,
  tooLong,
  tooMany,
  internalError,
  aggregateMessage,
  AggregateFieldError,
} from './errors.js';
export {
  type StatusCause,
  type InvalidStatus,
  type GroupKind,
  groupKindString,
  statusCauses,
  invalidMessage,
  invalidStatus,
} from './status.js';
export { goQuote, goNumber, goStringSlice, goTimeString, byteLength, compareGoStrings, sortedUnique } from './goformat.js';
export { maxLenError, regexError, emptyError, inclusiveRangeError } from './messages.js';
export {
  isQualifiedName,
  isValidLabelValue,
  isDNS1123Label,
  isDNS1123Subdomain,
  isDNS1035Label,
  isWildcardDNS1123Subdomain,
  QUALIFIED_NAME_MAX_LENGTH,
  LABEL_VALUE_MAX_LENGTH,
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  DNS1035_LABEL_MAX_LENGTH,
} from './names.js';
export {
  isCIdentifier,
  isEnvVarName,
  isRelaxedEnvVarName,
  isConfigMapKey,
  isValidPortNum,
  isValidPortName,
  isInRange,
  isValidUserID,
  isValidGroupID,
  isValidPercent,
  isHTTPHeaderName,
} from './formats.js';
export {
  type ParsedIP,
  type ParsedCIDR,
  parseIPSloppy,
  parseCIDRSloppy,
  isValidIP,
  isValidIPv4Address,
  isValidIPv6Address,
  isValidCIDR,
} from './ip.js';
export { isFullyQualifiedName, isFullyQualifiedDomainName, isDomainPrefixedPath } from './domains.js';
export {
  type ValidateNameFunc,
  maskTrailingDash,
  nameIsDNSSubdomain,
  nameIsDNSLabel,
  nameIsDNS1035Label,
  validateNamespaceName,
  validateServiceAccountName,
  isValidPathSegmentName,
  isValidPathSegmentPrefix,
  validatePathSegmentName,
  IS_NEGATIVE_ERROR_MSG,
  validateNonnegativeField,
} from './namefuncs.js';
export {
  type LabelMap,
  type LabelSelectorLike,
  type LabelSelectorRequirementLike,
  type LabelSelectorValidationOptions,
  validateLabelName,
  validateLabels,
  validateLabelSelector,
  validateLabelSelectorRequirement,
  labelSelectorHasInvalidLabelValue,
} from './labels.js';
export {
  TOTAL_ANNOTATION_SIZE_LIMIT_B,
  type OwnerReferenceLike,
  type ManagedFieldsEntryLike,
  validateAnnotations,
  validateAnnotationsSize,
  validateOwnerReferences,
  validateFinalizerName,
  validateKubeFinalizerName,
  validateFinalizers,
  validateNoNewFinalizers,
  validateFieldManager,
  validateManagedFields,
  goOwnerReference,
  FINALIZER_ORPHAN_DEPENDENTS,
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_KUBERNETES,
  FIELD_MANAGER_MAX_LENGTH,
} from './metafields.js';
export {
  FIELD_IMMUTABLE_ERROR_MSG,
  semanticDeepEqual,
  toBadValue,
  validateImmutableField,
  validateImmutableTime,
  validateImmutableTimePtr,
  timesEqual,
} from './immutable.js';
export {
  type ObjectMetaLike,
  type ObjectMetaOptions,
  type ObjectMetaCreateOptions,
  type ObjectMetaUpdateOptions,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './objectmeta.js';
