// What the runtime holds for a pod, read back through CRI (upstream kubecontainer.PodStatus): its
// sandboxes and containers, newest first, with the kubelet's labels and annotations decoded.

import { CRI_LABELS, isRuntimeNotFound, type ContainerState, type Labels, type Mount, type PodSandboxState, type Runtime } from '../cri/types.js';
import { ANNOTATIONS } from './labels.js';

export interface RuntimeSandbox {
  id: string;
  attempt: number;
  state: PodSandboxState;
  createdAt: number;
  ip: string;
  hostNetwork: boolean;
}

export interface RuntimeContainer {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  state: ContainerState;
  /** ms since the epoch (0 when not yet). */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  message: string;
  image: string;
  imageRef: string;
  hash: string;
  restartCount: number;
  kind: string;
  mounts: Mount[];
  logPath: string;
  annotations: Record<string, string>;
}

export interface RuntimePodStatus {
  uid: string;
  name: string;
  namespace: string;
  sandboxes: RuntimeSandbox[];
  containers: RuntimeContainer[];
}

const ms = (ns: number): number => (ns > 0 ? Math.floor(ns / 1_000_000) : 0);

/** The pod status of one uid (containers and sandboxes that vanished meanwhile are skipped). */
export async function getRuntimePodStatus(runtime: Runtime, uid: string, name = '', namespace = ''): Promise<RuntimePodStatus> {
  const sel: Labels = { [CRI_LABELS.podUid]: uid };
  const out: RuntimePodStatus = { uid, name, namespace, sandboxes: [], containers: [] };
  for (const s of await runtime.listPodSandbox({ labelSelector: sel })) {
    try {
      const st = (await runtime.podSandboxStatus(s.id)).status;
      out.name ||= st.metadata.name;
      out.namespace ||= st.metadata.namespace;
      out.sandboxes.push({
        id: s.id,
        attempt: st.metadata.attempt,
        state: st.state,
        createdAt: ms(st.createdAt),
        ip: st.network?.ip ?? '',
        hostNetwork: st.linux?.namespaces?.options?.network === 'NODE',
      });
    } catch (e) {
      if (!isRuntimeNotFound(e)) throw e;
    }
  }
  for (const c of await runtime.listContainers({ labelSelector: sel })) {
    try {
      const st = (await runtime.containerStatus(c.id)).status;
      const a = st.annotations ?? c.annotations;
      out.containers.push({
        id: c.id,
        sandboxId: c.podSandboxId,
        name: st.metadata.name,
        attempt: st.metadata.attempt,
        state: st.state,
        createdAt: ms(st.createdAt),
        startedAt: ms(st.startedAt),
        finishedAt: ms(st.finishedAt),
        exitCode: st.exitCode,
        reason: st.reason,
        message: st.message,
        image: st.image.image,
        imageRef: st.imageRef,
        hash: a[ANNOTATIONS.hash] ?? '',
        restartCount: Number(a[ANNOTATIONS.restartCount] ?? st.metadata.attempt) || 0,
        kind: a[ANNOTATIONS.containerType] ?? '',
        mounts: st.mounts ?? [],
        logPath: st.logPath,
        annotations: a,
      });
    } catch (e) {
      if (!isRuntimeNotFound(e)) throw e;
    }
  }
  out.sandboxes.sort((x, y) => y.createdAt - x.createdAt || y.attempt - x.attempt);
  out.containers.sort((x, y) => y.createdAt - x.createdAt || y.restartCount - x.restartCount);
  return out;
}

/** Every pod uid the runtime has sandboxes or containers for (created by a kubelet). */
export async function runtimePodUids(runtime: Runtime): Promise<Map<string, { name: string; namespace: string }>> {
  const out = new Map<string, { name: string; namespace: string }>();
  for (const s of await runtime.listPodSandbox()) {
    const uid = s.labels[CRI_LABELS.podUid];
    if (uid) out.set(uid, { name: s.metadata.name, namespace: s.metadata.namespace });
  }
  for (const c of await runtime.listContainers()) {
    const uid = c.labels[CRI_LABELS.podUid];
    if (uid && !out.has(uid)) out.set(uid, { name: c.labels[CRI_LABELS.podName] ?? '', namespace: c.labels[CRI_LABELS.podNamespace] ?? '' });
  }
  return out;
}

/** The newest container of a name (the current instance), optionally of one kind. */
export function latestContainer(s: RuntimePodStatus, name: string): RuntimeContainer | undefined {
  return s.containers.find((c) => c.name === name);
}
