// Server-side printing for `kubectl get`: the meta.k8s.io/v1 Table columns and row cells of every
// kind kts serves, as kube-apiserver 1.32 prints them. Kinds without a printer get the default
// NAME / CREATED AT table.

import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps.js';
import { horizontalPodAutoscalerPrinter, scalePrinter } from './autoscaling.js';
import { cronJobPrinter, jobPrinter } from './batch.js';
import {
  certificateSigningRequestPrinter,
  leasePrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  storageClassPrinter,
} from './cluster-policy.js';
import { componentStatusPrinter, namespacePrinter, nodePrinter } from './core-cluster.js';
import { configMapPrinter, resourceQuotaPrinter, secretPrinter, serviceAccountPrinter } from './core-config.js';
import { endpointsPrinter, servicePrinter } from './core-network.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter } from './core-storage.js';
import { podTemplatePrinter, replicationControllerPrinter } from './core-workloads.js';
import { defaultPrinter } from './default.js';
import { eventPrinter, eventsAPIEventPrinter } from './event.js';
import { endpointSlicePrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking.js';
import { podPrinter } from './pod.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';
import type { TablePrinter } from './types.js';

export type { ColumnDefinition, KubeObject, TablePrinter, TableRowCondition } from './types.js';
export { humanDuration, shortHumanDuration, translateTimestampSince } from './duration.js';
export { defaultPrinter } from './default.js';

const PRINTERS = new Map<string, TablePrinter>([
  ['/Pod', podPrinter],
  ['/PodTemplate', podTemplatePrinter],
  ['/ReplicationController', replicationControllerPrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/Node', nodePrinter],
  ['/Namespace', namespacePrinter],
  ['/Event', eventPrinter],
  ['/ResourceQuota', resourceQuotaPrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/ComponentStatus', componentStatusPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/ControllerRevision', controllerRevisionPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter],
  ['autoscaling/Scale', scalePrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['events.k8s.io/Event', eventsAPIEventPrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
  ['certificates.k8s.io/CertificateSigningRequest', certificateSigningRequestPrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
  ['networking.k8s.io/Ingress', ingressPrinter],
  ['networking.k8s.io/IngressClass', ingressClassPrinter],
  ['networking.k8s.io/NetworkPolicy', networkPolicyPrinter],
  ['scheduling.k8s.io/PriorityClass', priorityClassPrinter],
]);

/** The printer for a kind (group '' is core), or the default NAME / CREATED AT printer. */
export function printerFor(group: string, kind: string): TablePrinter {
  return PRINTERS.get(`${group}/${kind}`) ?? defaultPrinter;
}

/** Whether the kind has a dedicated printer rather than the default table. */
export function hasPrinter(group: string, kind: string): boolean {
  return PRINTERS.has(`${group}/${kind}`);
}
