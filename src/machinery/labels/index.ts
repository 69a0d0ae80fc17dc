// Label selectors as upstream's k8s.io/apimachinery/pkg/labels (and the metav1.LabelSelector helpers).

export {
  type Operator,
  Operators,
  BINARY_OPERATORS,
  type Labels,
  SelectorError,
  Requirement,
  type RequirementOptions,
  newRequirement,
  lookupLabel,
} from './requirement.js';
export { Selector, everything, nothing, selectorFromSet, validatedSelectorFromSet } from './selector.js';
export { type ParseOptions, parse, parseToRequirements } from './parse.js';
export {
  type LabelSelector,
  type LabelSelectorRequirement,
  type LabelSelectorOperator,
  fromLabelSelector,
  formatLabelSelector,
  parseToLabelSelector,
  labelSelectorAsMap,
  setAsLabelSelector,
} from './labelselector.js';
