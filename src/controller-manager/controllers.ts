// Every controller kube-controller-manager can run, by upstream name.
import type { ControllerDescriptor } from '../machinery/controller/index.js';
import { deploymentDescriptor } from '../controllers/deployment/index.js';
import { replicaSetDescriptor } from '../controllers/replicaset/index.js';
import { replicationControllerDescriptor } from '../controllers/replicationcontroller/index.js';

export function allControllers(): ControllerDescriptor[] {
  return [replicaSetDescriptor, replicationControllerDescriptor, deploymentDescriptor];
}
