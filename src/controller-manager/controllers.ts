// Every controller kube-controller-manager can run, by upstream name.
import type { ControllerDescriptor } from '../machinery/controller/index.js';

export function allControllers(): ControllerDescriptor[] {
  return [];
}
