// Cluster events and queueing hints (upstream framework.ClusterEvent / QueueingHintFn): which changes in
// the cluster may make an unschedulable pod schedulable, and per plugin, a hint that decides whether a
// given change is worth retrying a pod that the plugin rejected.

import type { KubeObject } from '../../api/types.js';
import type { Node, Pod } from './api.js';

export const ActionType = {
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodTolerations: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  /** Any other update. */
  UpdateOther: 1 << 11,
} as const;
const UPDATE_BITS =
  ActionType.UpdateNodeAllocatable |
  ActionType.UpdateNodeLabel |
  ActionType.UpdateNodeTaint |
  ActionType.UpdateNodeCondition |
  ActionType.UpdateNodeAnnotation |
  ActionType.UpdatePodLabel |
  ActionType.UpdatePodScaleDown |
  ActionType.UpdatePodTolerations |
  ActionType.UpdatePodSchedulingGatesEliminated |
  ActionType.UpdateOther;
export const ACTION_UPDATE = UPDATE_BITS;
export const ACTION_ALL = ActionType.Add | ActionType.Delete | UPDATE_BITS;

/**
 * What changed: `Pod` is an assigned (scheduled) pod, `UnscheduledPod` the pending pod itself, `*`
 * matches everything (used for the unschedulable timeout and forced activation).
 */
export type EventResource = 'Pod' | 'UnscheduledPod' | 'Node' | 'PodDisruptionBudget' | 'Namespace' | '*';

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** A readable label for logs and metrics (upstream's ClusterEvent.Label). */
  label: string;
}

export const Events = {
  NodeAdd: { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' },
  NodeDelete: { resource: 'Node', actionType: ActionType.Delete, label: 'NodeDelete' },
  AssignedPodAdd: { resource: 'Pod', actionType: ActionType.Add, label: 'AssignedPodAdd' },
  AssignedPodDelete: { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' },
  UnschedulableTimeout: { resource: '*', actionType: ACTION_ALL, label: 'UnschedulableTimeout' },
  ForceActivate: { resource: '*', actionType: ACTION_ALL, label: 'ForceActivate' },
} as const satisfies Record<string, ClusterEvent>;

export function isWildCard(e: ClusterEvent): boolean {
  return e.resource === '*' && e.actionType === ACTION_ALL;
}

/** True when a registered event (what a plugin listens to) covers the incoming one. */
export function eventMatches(registered: ClusterEvent, incoming: ClusterEvent): boolean {
  if (registered.resource !== '*' && registered.resource !== incoming.resource) return false;
  return (registered.actionType & incoming.actionType) !== 0;
}

export type QueueingHint = 'Queue' | 'QueueSkip';

/** Decides whether the change from oldObj to newObj may make pod schedulable (for the plugin that rejected it). */
export type QueueingHintFn = (pod: Pod, oldObj: KubeObject | undefined, newObj: KubeObject | undefined) => QueueingHint;

export interface ClusterEventWithHint {
  event: ClusterEvent;
  /** Without a hint every matching event requeues the pod. */
  hint?: QueueingHintFn;
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The event for a node update, with one action bit per kind of change (upstream's nodeSchedulingPropertiesChange). */
export function nodeUpdateEvent(oldNode: Node, newNode: Node): ClusterEvent | null {
  let bits = 0;
  if (!sameJSON(oldNode.status?.allocatable, newNode.status?.allocatable)) bits |= ActionType.UpdateNodeAllocatable;
  if (!sameJSON(oldNode.metadata.labels, newNode.metadata.labels)) bits |= ActionType.UpdateNodeLabel;
  if (!sameJSON(oldNode.spec?.taints, newNode.spec?.taints) || !!oldNode.spec?.unschedulable !== !!newNode.spec?.unschedulable)
    bits |= ActionType.UpdateNodeTaint;
  if (!sameJSON(oldNode.status?.conditions, newNode.status?.conditions)) bits |= ActionType.UpdateNodeCondition;
  if (!sameJSON(oldNode.metadata.annotations, newNode.metadata.annotations)) bits |= ActionType.UpdateNodeAnnotation;
  if (bits === 0) return null;
  return { resource: 'Node', actionType: bits, label: 'NodeUpdate' };
}

/** The event for a pod update (assigned → resource 'Pod', pending → 'UnscheduledPod'); null when nothing relevant changed. */
export function podUpdateEvent(oldPod: Pod, newPod: Pod, resource: 'Pod' | 'UnscheduledPod'): ClusterEvent | null {
  let bits = 0;
  if (!sameJSON(oldPod.metadata.labels, newPod.metadata.labels)) bits |= ActionType.UpdatePodLabel;
  if (!sameJSON(oldPod.spec.tolerations, newPod.spec.tolerations)) bits |= ActionType.UpdatePodTolerations;
  if ((oldPod.spec.schedulingGates ?? []).length > 0 && (newPod.spec.schedulingGates ?? []).length === 0)
    bits |= ActionType.UpdatePodSchedulingGatesEliminated;
  const resources = (p: Pod) => [p.spec.containers?.map((c) => c.resources), p.spec.initContainers?.map((c) => c.resources)];
  if (!sameJSON(resources(oldPod), resources(newPod))) bits |= ActionType.UpdatePodScaleDown;
  if (bits === 0) {
    if (sameJSON(oldPod.spec, newPod.spec) && sameJSON(oldPod.metadata.annotations, newPod.metadata.annotations)) return null;
    bits = ActionType.UpdateOther;
  }
  return { resource, actionType: bits, label: resource === 'Pod' ? 'AssignedPodUpdate' : 'UnscheduledPodUpdate' };
}
