// The LimitRanger admission plugin and its wiring to the apiserver's stores.
export { limitRanger, defaultPod, validatePod, validateClaim, aggregate, LIMIT_RANGER_ANNOTATION, type LimitRangeAccess } from './limitranger.js';
export { storeLimitRangeAccess } from './access.js';
