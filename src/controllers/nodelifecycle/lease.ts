// The node heartbeat Lease (coordination.k8s.io/v1, kube-node-lease/<node>).
import type { KubeObject } from '../../api/types.js';

export interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string };
}

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
