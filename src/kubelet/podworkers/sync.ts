// What one pod worker does for its pod each time (upstream kubelet.go SyncPod / SyncTerminatingPod /
// SyncTerminatedPod): a live pod gets its volumes and containers and a fresh status; a pod being
// deleted gets its containers stopped with its grace period, its sandbox and volumes removed, a final
// status, and then its API object deleted (grace 0, UID precondition); a pod that vanished from the API
// is torn down; a pod that ended keeps its status and its stopped containers.

import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/index.js';
import { gracePeriodSeconds, type ContainerWaiting, type RuntimeManager } from '../kuberuntime/manager.js';
import { getRuntimePodStatus, type RuntimePodStatus } from '../kuberuntime/runtimepod.js';
import { podSpec } from '../kuberuntime/types.js';
import type { EventFn } from '../kuberuntime/images.js';
import { generatePodStatus } from '../status/generate.js';
import type { StatusManager } from '../status/manager.js';
import type { Runtime } from '../cri/types.js';
import type { SyncOutcome } from './workers.js';

/** What the pod worker needs from the prober (ProbeManager fits). */
export interface ProbeHooks {
  containerStarted(pod: KubeObject, containerName: string, containerId: string, podIP: string): void;
  containerStopped(podUid: string, containerName: string): void;
  removePod(podUid: string): void;
  ready(podUid: string, containerName: string): boolean | undefined;
  started(podUid: string, containerName: string): boolean;
}

/** What the pod worker needs from the volume manager (VolumeManager fits). */
export interface VolumeHooks {
  setUpPod(pod: KubeObject, signal?: AbortSignal): Promise<unknown>;
  tearDownPod(podUid: string): Promise<void>;
}

/** Where the pods come from (config.PodConfig fits). */
export interface PodLookup {
  get(uid: string): KubeObject | undefined;
  /** The API object whose status reflects the pod (the mirror pod of a static pod), if any. */
  statusTarget(pod: KubeObject): KubeObject | undefined;
  /** Static pods are not deleted through the API. */
  isStatic(pod: KubeObject): boolean;
}

export interface PodSyncerOptions {
  client: Client;
  runtime: Runtime;
  manager: RuntimeManager;
  status: StatusManager;
  pods: PodLookup;
  probes: ProbeHooks;
  volumes: VolumeHooks;
  event: EventFn;
  nodeIP: string;
  clock: Clock;
  runtimeName?: string;
  /** Told the runtime's view of a pod after each look (undefined: the pod is gone). */
  onRuntimeStatus?: (uid: string, rs: RuntimePodStatus | undefined) => void;
  log?: (m: string) => void;
}

interface PodState {
  waiting: Map<string, ContainerWaiting>;
  initFailed: boolean;
  /** Container ids the prober has been told about. */
  announced: Set<string>;
  /** The last pod object seen (to stop an orphan with its grace period). */
  last?: KubeObject;
  terminated: boolean;
}

export class PodSyncer {
  private readonly states = new Map<string, PodState>();
  private readonly log: (m: string) => void;

  constructor(private readonly o: PodSyncerOptions) {
    this.log = o.log ?? (() => {});
  }

  private state(uid: string): PodState {
    let s = this.states.get(uid);
    if (!s) {
      s = { waiting: new Map(), initFailed: false, announced: new Set(), terminated: false };
      this.states.set(uid, s);
    }
    return s;
  }

  /** The last pod object the worker acted on (also for pods gone from the API). */
  lastPod(uid: string): KubeObject | undefined {
    return this.states.get(uid)?.last;
  }

  async sync(uid: string, signal: AbortSignal): Promise<SyncOutcome> {
    const pod = this.o.pods.get(uid);
    const st = this.state(uid);
    if (!pod) return this.syncOrphan(uid, st);
    st.last = pod;
    if (pod.metadata.deletionTimestamp) return this.syncTerminating(pod, st);
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return this.syncEnded(pod, st);
    return this.syncLive(pod, st, signal);
  }

  private async runtimeStatus(pod: KubeObject): Promise<RuntimePodStatus> {
    const rs = await getRuntimePodStatus(this.o.runtime, pod.metadata.uid ?? '', pod.metadata.name, pod.metadata.namespace);
    this.o.onRuntimeStatus?.(pod.metadata.uid ?? '', rs);
    return rs;
  }

  private announce(pod: KubeObject, st: PodState, rs: RuntimePodStatus): void {
    const uid = pod.metadata.uid ?? '';
    const ip = podSpec(pod).hostNetwork ? this.o.nodeIP : (rs.sandboxes[0]?.ip ?? '');
    const seen = new Set<string>();
    for (const c of rs.containers) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      if (c.state === 'CONTAINER_RUNNING' && !st.announced.has(c.id)) {
        st.announced.add(c.id);
        this.o.probes.containerStarted(pod, c.name, c.id, ip);
      } else if (c.state !== 'CONTAINER_RUNNING' && st.announced.has(c.id)) {
        st.announced.delete(c.id);
        this.o.probes.containerStopped(uid, c.name);
      }
    }
  }

  private async writeStatus(pod: KubeObject, st: PodState, rs: RuntimePodStatus, terminal: boolean): Promise<Record<string, unknown>> {
    const uid = pod.metadata.uid ?? '';
    const target = this.o.pods.statusTarget(pod);
    const apiStatus = (target?.status ?? undefined) as Record<string, unknown> | undefined;
    const base = { ...pod, status: this.o.status.get(uid) ?? apiStatus ?? pod.status };
    const status = await generatePodStatus({
      pod: base,
      runtime: rs,
      waiting: st.waiting,
      nodeIP: this.o.nodeIP,
      nowMs: this.o.clock.now(),
      ready: (name) => this.o.probes.ready(uid, name),
      started: (name) => this.o.probes.started(uid, name),
      terminal,
      initFailed: st.initFailed,
      ...(this.o.runtimeName ? { runtimeName: this.o.runtimeName } : {}),
    });
    if (target) await this.o.status.setPodStatus(target, apiStatus, status);
    return status;
  }

  private async syncLive(pod: KubeObject, st: PodState, signal: AbortSignal): Promise<SyncOutcome> {
    try {
      await this.o.volumes.setUpPod(pod, signal);
    } catch (err) {
      this.o.event(pod, 'Warning', 'FailedMount', (err as Error).message);
      const rs = await this.runtimeStatus(pod);
      await this.writeStatus(pod, st, rs, false);
      return { retryAt: this.o.clock.now() + 2000 };
    }
    let rs = await this.runtimeStatus(pod);
    const res = await this.o.manager.syncPod(pod, rs, signal);
    st.waiting = res.waiting;
    if (res.initFailed) st.initFailed = true;
    rs = await this.runtimeStatus(pod);
    this.announce(pod, st, rs);
    const status = await this.writeStatus(pod, st, rs, false);
    const phase = status.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      await this.o.manager.killPod(pod, rs, { graceSeconds: gracePeriodSeconds(pod), runPreStop: false });
      this.o.probes.removePod(pod.metadata.uid ?? '');
      st.announced.clear();
      return {};
    }
    return res.retryAt !== undefined ? { retryAt: res.retryAt } : {};
  }

  /** Succeeded/Failed: everything stopped; containers kept for logs; nothing restarts. */
  private async syncEnded(pod: KubeObject, st: PodState): Promise<SyncOutcome> {
    const rs = await this.runtimeStatus(pod);
    if (rs.containers.some((c) => c.state === 'CONTAINER_RUNNING') || rs.sandboxes.some((s) => s.state === 'SANDBOX_READY')) {
      await this.o.manager.killPod(pod, rs, { graceSeconds: gracePeriodSeconds(pod) });
    }
    this.o.probes.removePod(pod.metadata.uid ?? '');
    st.announced.clear();
    return {};
  }

  private async syncTerminating(pod: KubeObject, st: PodState): Promise<SyncOutcome> {
    const uid = pod.metadata.uid ?? '';
    let rs = await this.runtimeStatus(pod);
    await this.o.manager.killPod(pod, rs, { graceSeconds: gracePeriodSeconds(pod) });
    this.o.probes.removePod(uid);
    st.announced.clear();
    rs = await this.runtimeStatus(pod);
    st.waiting = new Map();
    if (!st.terminated) await this.writeStatus(pod, st, rs, true);
    st.terminated = true;
    await this.o.manager.removePod(rs);
    await this.o.volumes.tearDownPod(uid);
    if (!this.o.pods.isStatic(pod)) {
      try {
        await this.o.client.resource('pods', pod.metadata.namespace).delete(pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    this.forget(uid, pod);
    return { finished: true };
  }

  /** The pod is gone from the API (force-deleted, or deleted while the kubelet was down). */
  private async syncOrphan(uid: string, st: PodState): Promise<SyncOutcome> {
    const rs = await getRuntimePodStatus(this.o.runtime, uid);
    const grace = st.last ? Math.min(gracePeriodSeconds(st.last), 2) : 0;
    await this.o.manager.killPod(st.last, rs, { graceSeconds: grace, runPreStop: false });
    await this.o.manager.removePod(rs);
    await this.o.volumes.tearDownPod(uid).catch((e: Error) => this.log(`tearing down volumes of ${uid}: ${e.message}`));
    this.o.probes.removePod(uid);
    this.forget(uid, st.last);
    return { finished: true };
  }

  private forget(uid: string, pod: KubeObject | undefined): void {
    this.states.delete(uid);
    this.o.status.forget(uid);
    this.o.onRuntimeStatus?.(uid, undefined);
    if (pod) this.o.manager.forgetPod(pod);
  }

  /** A liveness (or startup) probe failed: stop the container; the next sync restarts it by policy. */
  async killUnhealthy(uid: string, name: string, containerId: string, message: string): Promise<void> {
    const pod = this.o.pods.get(uid);
    if (!pod) return;
    const rs = await this.runtimeStatus(pod);
    const c = rs.containers.find((x) => x.id === containerId && x.state === 'CONTAINER_RUNNING');
    if (!c) return;
    const spec = [...(podSpec(pod).initContainers ?? []), ...podSpec(pod).containers].find((x) => x.name === name);
    await this.o.manager.killContainer(pod, c, spec, { graceSeconds: gracePeriodSeconds(pod), message, podIP: rs.sandboxes[0]?.ip ?? '' });
    this.state(uid).announced.delete(containerId);
    this.o.probes.containerStopped(uid, name);
  }
}
