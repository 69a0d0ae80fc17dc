// The quota library shared by the ResourceQuota admission plugin and the resourcequota controller
// (upstream's k8s.io/apiserver/pkg/quota/v1 and pkg/quota/v1/evaluator/core).
export * from './resources.js';
export * from './types.js';
export { podRequests, podLimits, containerList } from './podresources.js';
export { podEvaluator, podUsage, podMatchesScope, podConstraints, quotaV1Pod, POD_RESOURCES } from './pods.js';
export { objectCountEvaluator, objectCountName, serviceEvaluator, serviceUsage, claimEvaluator, claimUsage, STORAGE_CLASS_SUFFIX } from './objectcount.js';
export { evaluatorFor, evaluatorsForNames, resourceOfName, scopeSelectorsOf, hardOf, usedOf, matchesScopes, calculateUsage } from './registry.js';
