export { Expectations } from './expectations.js';
export { claimObjects, controllerOf, newControllerRef, type ClaimOptions } from './controllerref.js';
export { runWorkers, type ReconcileResult, type RunWorkersOptions } from './runner.js';
export { type ControllerContext, type ControllerDescriptor } from './context.js';
export { CONTROLLER_UID_INDEX, controlledBy, controllerUIDIndexFunc, ensureControllerIndex, orphanIndexValue, orphansIn } from './controllerindex.js';
