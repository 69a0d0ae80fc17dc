// What the kubelet's HTTPS API needs from the rest of the kubelet: the runtime, and where a pod's
// containers and sandbox are (by namespace and name, as the API server asks).

import type { KubeObject } from '../../api/types.js';
import type { Runtime } from '../cri/types.js';

export interface ContainerRef {
  podUid: string;
  podName: string;
  namespace: string;
  containerName: string;
  containerId: string;
  sandboxId: string;
}

export interface KubeletHost {
  runtime: Runtime;
  /** The running (or latest) container of a pod, or with previous the one before it; undefined if none. */
  findContainer(namespace: string, podName: string, containerName: string | undefined, opts?: { previous?: boolean }): ContainerRef | undefined;
  findSandbox(namespace: string, podName: string): { podUid: string; sandboxId: string; podIP: string } | undefined;
  /** The pods bound to this node, as the kubelet sees them (for /pods). */
  pods(): KubeObject[];
}
