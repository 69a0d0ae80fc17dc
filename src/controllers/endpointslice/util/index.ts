// Helpers the endpoints and endpointslice controllers share (upstream's k8s.io/endpointslice/util).

export * from './types.js';
export * from './pods.js';
export { TriggerTimeTracker } from './trigger-time.js';
export { canonical } from './canon.js';
