// Every controller kube-controller-manager can run, by upstream name.
import type { ControllerDescriptor } from '../machinery/controller/index.js';
import { cronJobDescriptor } from '../controllers/cronjob/index.js';
import { daemonSetDescriptor } from '../controllers/daemonset/index.js';
import { deploymentDescriptor } from '../controllers/deployment/index.js';
import { jobDescriptor } from '../controllers/job/index.js';
import { nodeIpamController } from '../controllers/nodeipam/index.js';
import { nodeLifecycleController, taintEvictionController } from '../controllers/nodelifecycle/index.js';
import { resourceQuotaController } from '../controllers/resourcequota/index.js';
import { statefulSetDescriptor } from '../controllers/statefulset/index.js';
import { endpointsDescriptor } from '../controllers/endpoints/index.js';
import { endpointSliceDescriptor } from '../controllers/endpointslice/index.js';
import { garbageCollectorDescriptor } from '../controllers/garbagecollector/index.js';
import { namespaceDescriptor } from '../controllers/namespace/index.js';
import { podGCDescriptor } from '../controllers/podgc/index.js';
import { disruptionDescriptor } from '../controllers/disruption/index.js';
import { persistentVolumeBinderDescriptor } from '../controllers/persistentvolume/index.js';
import { rootCACertPublisherDescriptor } from '../controllers/rootcacertpublisher/index.js';
import { serviceAccountDescriptor } from '../controllers/serviceaccount/index.js';
import { ttlAfterFinishedDescriptor } from '../controllers/ttlafterfinished/index.js';
import { replicaSetDescriptor } from '../controllers/replicaset/index.js';
import { replicationControllerDescriptor } from '../controllers/replicationcontroller/index.js';

export function allControllers(): ControllerDescriptor[] {
  return [
    replicaSetDescriptor,
    replicationControllerDescriptor,
    deploymentDescriptor,
    endpointsDescriptor,
    endpointSliceDescriptor,
    namespaceDescriptor,
    serviceAccountDescriptor,
    rootCACertPublisherDescriptor,
    garbageCollectorDescriptor,
    podGCDescriptor,
    disruptionDescriptor,
    ttlAfterFinishedDescriptor,
    jobDescriptor,
    cronJobDescriptor,
    daemonSetDescriptor,
    statefulSetDescriptor,
    nodeIpamController,
    nodeLifecycleController,
    taintEvictionController,
    resourceQuotaController,
    persistentVolumeBinderDescriptor,
  ];
}
