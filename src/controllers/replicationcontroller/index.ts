// The ReplicationController controller ("replicationcontroller"): keeps spec.replicas pods for every
// core/v1 ReplicationController, with the ReplicaSet controller's logic. Flags: --concurrent-rc-syncs
// (default 5).

import type { ControllerDescriptor } from '../../machinery/controller/index.js';
import { replicaDescriptor } from '../replicaset/index.js';
import { replicationControllerKind } from './kind.js';

export { replicationControllerKind } from './kind.js';

export const replicationControllerDescriptor: ControllerDescriptor = replicaDescriptor('replicationcontroller', replicationControllerKind);
