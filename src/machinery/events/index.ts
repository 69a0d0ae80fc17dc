export { EventRecorder, referenceTo, type EventRecorderOptions } from './recorder.js';
export { EventCorrelator, eventKey, type CorrelatorOptions, type CorrelateResult } from './correlator.js';
export { sprintf } from './format.js';
export { type CoreEvent, type EventType, type ObjectReference } from './types.js';
