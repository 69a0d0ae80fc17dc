// Field selectors as upstream's k8s.io/apimachinery/pkg/fields, plus field label conversion helpers.

export { FieldSelectorError, escapeValue, unescapeValue } from './escape.js';
export {
  type Fields,
  type FieldRequirement,
  type FieldSelector,
  type TransformFunc,
  everything,
  nothing,
  oneTermEqualSelector,
  oneTermNotEqualSelector,
  andSelectors,
  selectorFromSet,
} from './selector.js';
export { parseSelector, parseAndTransformSelector } from './parse.js';
export {
  FieldLabelNotSupportedError,
  fieldLabelNotSupported,
  defaultMetaV1FieldSelectorConversion,
  fieldLabelConversion,
} from './conversion.js';
