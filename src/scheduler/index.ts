// kts scheduler: kube-scheduler's core (framework, plugins, queue, cache) over plain API objects.
// Wire it with a Binder, an EventRecorder, a PodStatusUpdater (and a PodDeleter for preemption), feed
// it pod and node events (onPodAdd/…, or EventSources passed to the constructor), and call run(signal).

export { Scheduler, type SchedulerOptions, type EventSource, type ObjectEventHandler, type AttemptResult, truncateMessage } from './scheduler.js';
export { SchedulingAlgorithm, numFeasibleNodesToFind, selectHost, type ScheduleResult } from './algorithm.js';
export { Cache } from './cache/cache.js';
export { Snapshot } from './cache/snapshot.js';
export { SchedulingQueue, type QueueProfile } from './queue/scheduling-queue.js';
export { PodNominator } from './queue/nominator.js';
export * from './framework/api.js';
export { Code, Status } from './framework/status.js';
export { CycleState, StateKey, type StateData } from './framework/cycle-state.js';
export { NodeInfo, type ImageStateSummary } from './framework/node-info.js';
export { PodInfo, AffinityTerm } from './framework/pod-info.js';
export { Resource, podRequests } from './framework/resource.js';
export { quantityValue, quantityMilliValue, QuantityError } from './framework/quantity.js';
export { Diagnosis, FitError, NodeToStatus } from './framework/diagnosis.js';
export { Framework, type ProfileConfig, type PluginSpec, type Registry } from './framework/framework.js';
export * from './framework/interface.js';
export * from './framework/events.js';
export { defaultProfile, defaultRegistry, DEFAULT_SCHEDULER_NAME } from './plugins/registry.js';
export { Names as PluginNames } from './plugins/names.js';
