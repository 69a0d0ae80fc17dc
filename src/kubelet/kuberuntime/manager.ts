// The kubelet's runtime manager (upstream kuberuntime_manager.go SyncPod / KillPod): brings the runtime
// in line with one pod spec — a ready sandbox (re-created when it died), init containers one by one,
// then every app container, each (re)started by restart policy with crash-loop back-off, replaced when
// its spec hash changed — and stops it all again with the pod's grace period.

import type { KubeObject } from '../../api/types.js';
import type { Clock } from '../../machinery/clock/index.js';
import type { KeyValue, Mount, PodSandboxConfig, Runtime } from '../cri/types.js';
import { Backoff } from './backoff.js';
import { makeContainerConfig } from './container.js';
import { runHook } from './hooks.js';
import { ContainerStartError, ImageManager, type EventFn } from './images.js';
import { hashContainer, type ContainerKind } from './labels.js';
import { makeSandboxConfig } from './sandbox.js';
import { getRuntimePodStatus, latestContainer, type RuntimeContainer, type RuntimePodStatus, type RuntimeSandbox } from './runtimepod.js';
import { isSidecar, podDesc, podSpec, type ContainerSpec } from './types.js';
import type { DNSOptions } from './dns.js';

export { ContainerStartError } from './images.js';

export interface ContainerWaiting { reason: string; message: string }

export interface SyncResult {
  /** Containers that could not be started this time, by name. */
  waiting: Map<string, ContainerWaiting>;
  /** When another sync is due (a back-off ends), ms since the epoch. */
  retryAt?: number;
  sandbox?: RuntimeSandbox;
  /** An init container failed and restartPolicy is Never: the pod has failed. */
  initFailed?: boolean;
  /** Every container has finished for good: the sandbox was stopped. */
  done?: boolean;
}

export interface RuntimeManagerOptions extends DNSOptions {
  runtime: Runtime;
  clock: Clock;
  event: EventFn;
  podLogsDir: string;
  /** Crash-loop back-off start (upstream 10 s) and cap (300 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** The container's environment (envvars.makeEnvironment). Errors become CreateContainerConfigError. */
  containerEnv: (pod: KubeObject, c: ContainerSpec, podIPs: string[]) => Promise<KeyValue[]>;
  /** The container's mounts (volumemanager.makeMounts over the pod's volumes). */
  containerMounts: (pod: KubeObject, c: ContainerSpec, env: KeyValue[], podIPs: string[]) => Promise<Mount[]>;
  /** A container was started (the prober starts its workers). */
  onContainerStarted?: (pod: KubeObject, name: string, id: string, podIP: string) => void;
  /** Is the container's startup probe passed (sidecars gate the next init container)? */
  started?: (podUid: string, name: string) => boolean;
  log?: (m: string) => void;
}

const MIN_GRACE_SECONDS = 2;

/** Does the pod restart a container that exited with this code? */
export function shouldRestart(pod: KubeObject, exitCode: number): boolean {
  const p = podSpec(pod).restartPolicy ?? 'Always';
  return p === 'Always' || (p === 'OnFailure' && exitCode !== 0);
}

/** "1m20s" style, as Go formats a duration in the CrashLoopBackOff message. */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  const r = s % 60;
  return r ? `${m}m${r}s` : `${m}m0s`;
}

/** The pod's grace period in seconds for stopping containers. */
export function gracePeriodSeconds(pod: KubeObject, override?: number): number {
  const g = override ?? pod.metadata.deletionGracePeriodSeconds ?? podSpec(pod).terminationGracePeriodSeconds ?? 30;
  return g;
}

function sandboxChanged(pod: KubeObject, s: RuntimePodStatus): { changed: boolean; sandbox?: RuntimeSandbox; attempt: number } {
  const newest = s.sandboxes[0];
  if (!newest) return { changed: true, attempt: 0 };
  const hostNet = !!podSpec(pod).hostNetwork;
  const ok = newest.state === 'SANDBOX_READY' && newest.hostNetwork === hostNet && (hostNet || newest.ip !== '');
  return ok ? { changed: false, sandbox: newest, attempt: newest.attempt } : { changed: true, attempt: newest.attempt + 1 };
}

export class RuntimeManager {
  readonly backoff: Backoff;
  readonly images: ImageManager;
  private readonly log: (m: string) => void;

  constructor(private readonly o: RuntimeManagerOptions) {
    this.backoff = new Backoff(o.initialBackoffMs ?? 10_000, o.maxBackoffMs ?? 300_000, o.clock);
    this.images = new ImageManager({ runtime: o.runtime, clock: o.clock, event: o.event, backoff: new Backoff(o.initialBackoffMs ?? 10_000, o.maxBackoffMs ?? 300_000, o.clock) });
    this.log = o.log ?? (() => {});
  }

  private backoffKey(pod: KubeObject, c: ContainerSpec): string {
    return `${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_${c.name}_${hashContainer(c)}`;
  }

  /** One round of bringing the runtime in line with the pod. */
  async syncPod(pod: KubeObject, status: RuntimePodStatus, signal?: AbortSignal): Promise<SyncResult> {
    const res: SyncResult = { waiting: new Map() };
    const spec = podSpec(pod);
    const sb = sandboxChanged(pod, status);
    let sandbox = sb.sandbox;
    let fresh = false;
    if (sb.changed) {
      const policy = spec.restartPolicy ?? 'Always';
      // A pod that does not restart its containers gets no second sandbox once containers ran.
      if (policy === 'Never' && sb.attempt > 0 && status.containers.length > 0) return this.finishIfDone(pod, status, res, undefined);
      if (status.sandboxes.length > 0) this.o.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      await this.killPod(pod, status, { graceSeconds: gracePeriodSeconds(pod), runPreStop: false });
      const cfg = await this.sandboxConfig(pod, sb.attempt);
      let id: string;
      try {
        id = await this.o.runtime.runPodSandbox(cfg);
      } catch (err) {
        this.o.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${(err as Error).message}`);
        throw err;
      }
      const st = (await this.o.runtime.podSandboxStatus(id)).status;
      sandbox = { id, attempt: sb.attempt, state: st.state, createdAt: Math.floor(st.createdAt / 1e6), ip: st.network?.ip ?? '', hostNetwork: !!spec.hostNetwork };
      status = { ...status, sandboxes: [sandbox, ...status.sandboxes] };
      fresh = true;
      await this.removeDeadSandboxes(status, sandbox.id);
    }
    res.sandbox = sandbox;
    const sandboxCfg = await this.sandboxConfig(pod, sandbox!.attempt);
    const podIP = sandbox!.ip;
    const inSandbox = (name: string): RuntimeContainer | undefined => (fresh ? undefined : status.containers.find((c) => c.name === name && c.sandboxId === sandbox!.id));

    // Init containers, in order.
    for (const c of spec.initContainers ?? []) {
      const cur = inSandbox(c.name);
      if (isSidecar(c)) {
        if (cur?.state === 'CONTAINER_RUNNING') {
          if (this.o.started && !this.o.started(pod.metadata.uid ?? '', c.name)) return res;
          continue;
        }
        await this.startOrBackOff(pod, c, 'init', status, sandbox!, sandboxCfg, res, signal);
        return res;
      }
      if (cur?.state === 'CONTAINER_EXITED' && cur.exitCode === 0) continue;
      if (cur?.state === 'CONTAINER_RUNNING') return res;
      if (cur?.state === 'CONTAINER_EXITED' && (spec.restartPolicy ?? 'Always') === 'Never') {
        res.initFailed = true;
        await this.killPod(pod, status, { graceSeconds: gracePeriodSeconds(pod), runPreStop: false });
        return res;
      }
      await this.startOrBackOff(pod, c, 'init', status, sandbox!, sandboxCfg, res, signal);
      return res;
    }

    // App containers.
    for (const c of spec.containers) {
      const cur = latestContainer(status, c.name);
      if (cur?.state === 'CONTAINER_RUNNING') {
        if (cur.hash && cur.hash !== hashContainer(c)) {
          await this.killContainer(pod, cur, c, { graceSeconds: gracePeriodSeconds(pod), message: `Container ${c.name} definition changed, will be restarted` });
          await this.startContainer(pod, c, 'regular', cur.restartCount + 1, sandbox!, sandboxCfg, status, res, signal);
        }
        continue;
      }
      if (cur?.state === 'CONTAINER_EXITED' && !shouldRestart(pod, cur.exitCode) && cur.hash === hashContainer(c)) continue;
      await this.startOrBackOff(pod, c, 'regular', status, sandbox!, sandboxCfg, res, signal);
    }
    return this.finishIfDone(pod, status, res, sandbox);
  }

  /** All app containers exited for good: stop the sandbox (its containers stay for status and logs). */
  private async finishIfDone(pod: KubeObject, status: RuntimePodStatus, res: SyncResult, sandbox: RuntimeSandbox | undefined): Promise<SyncResult> {
    const spec = podSpec(pod);
    const fresh = await this.refresh(status);
    const allDone = spec.containers.every((c) => {
      const cur = latestContainer(fresh, c.name);
      return cur?.state === 'CONTAINER_EXITED' && !shouldRestart(pod, cur.exitCode);
    });
    if (!allDone) return res;
    res.done = true;
    for (const s of fresh.sandboxes) if (s.state === 'SANDBOX_READY') await this.o.runtime.stopPodSandbox(s.id);
    if (sandbox) res.sandbox = { ...sandbox, state: 'SANDBOX_NOTREADY' };
    return res;
  }

  private async refresh(status: RuntimePodStatus): Promise<RuntimePodStatus> {
    return getRuntimePodStatus(this.o.runtime, status.uid, status.name, status.namespace);
  }

  async sandboxConfig(pod: KubeObject, attempt: number): Promise<PodSandboxConfig> {
    return makeSandboxConfig(pod, {
      podLogsDir: this.o.podLogsDir,
      attempt,
      ...(this.o.clusterDNS ? { clusterDNS: this.o.clusterDNS } : {}),
      ...(this.o.clusterDomain ? { clusterDomain: this.o.clusterDomain } : {}),
      ...(this.o.resolvConf !== undefined ? { resolvConf: this.o.resolvConf } : {}),
    });
  }

  /** Starts a container that is not running: at once the first time, then after the crash-loop back-off. */
  private async startOrBackOff(pod: KubeObject, c: ContainerSpec, kind: ContainerKind, status: RuntimePodStatus, sandbox: RuntimeSandbox, sandboxCfg: PodSandboxConfig, res: SyncResult, signal?: AbortSignal): Promise<void> {
    const prev = latestContainer(status, c.name);
    if (prev && prev.state === 'CONTAINER_CREATED') {
      // Created but never started (a start that failed): replace it.
      await this.o.runtime.removeContainer(prev.id).catch(() => undefined);
    } else if (prev && prev.state === 'CONTAINER_EXITED' && prev.finishedAt > 0) {
      const key = this.backoffKey(pod, c);
      if (this.backoff.isInBackOffSince(key, prev.finishedAt)) {
        const d = this.backoff.get(key);
        this.o.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podDesc(pod)}`);
        res.waiting.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(d)} restarting failed container=${c.name} pod=${podDesc(pod)}` });
        const at = this.backoff.endsAt(key, prev.finishedAt);
        res.retryAt = res.retryAt === undefined ? at : Math.min(res.retryAt, at);
        return;
      }
      this.backoff.next(key, this.o.clock.now());
    }
    const restartCount = prev ? prev.restartCount + 1 : 0;
    await this.startContainer(pod, c, kind, restartCount, sandbox, sandboxCfg, status, res, signal);
  }

  private fail(pod: KubeObject, c: ContainerSpec, res: SyncResult, reason: string, message: string): void {
    this.o.event(pod, 'Warning', 'Failed', `Error: ${reason === 'CreateContainerConfigError' || reason === 'CreateContainerError' || reason === 'RunContainerError' ? message : reason}`);
    res.waiting.set(c.name, { reason, message });
  }

  private async startContainer(pod: KubeObject, c: ContainerSpec, kind: ContainerKind, restartCount: number, sandbox: RuntimeSandbox, sandboxCfg: PodSandboxConfig, status: RuntimePodStatus, res: SyncResult, signal?: AbortSignal): Promise<void> {
    let imageRef: string;
    try {
      imageRef = await this.images.ensureImage(pod, c);
    } catch (err) {
      if (!(err instanceof ContainerStartError)) throw err;
      this.fail(pod, c, res, err.reason, err.message);
      if (err.reason === 'ErrImagePull' || err.reason === 'ImagePullBackOff') {
        const at = this.images.retryAt(pod, c, err.reason);
        res.retryAt = res.retryAt === undefined ? at : Math.min(res.retryAt, at);
      }
      return;
    }
    const podIPs = sandbox.ip ? [sandbox.ip] : [];
    let envs: KeyValue[];
    let mounts: Mount[];
    try {
      envs = await this.o.containerEnv(pod, c, podIPs);
      mounts = await this.o.containerMounts(pod, c, envs, podIPs);
    } catch (err) {
      this.fail(pod, c, res, 'CreateContainerConfigError', (err as Error).message);
      return;
    }
    const cfg = makeContainerConfig({ pod, container: c, kind, restartCount, imageRef, envs, mounts });
    let id: string;
    try {
      id = await this.o.runtime.createContainer(sandbox.id, cfg, sandboxCfg);
    } catch (err) {
      this.fail(pod, c, res, 'CreateContainerError', (err as Error).message);
      return;
    }
    this.o.event(pod, 'Normal', 'Created', `Created container ${c.name}`);
    try {
      await this.o.runtime.startContainer(id);
    } catch (err) {
      this.fail(pod, c, res, 'RunContainerError', `failed to start container "${id}": ${(err as Error).message}`);
      return;
    }
    this.o.event(pod, 'Normal', 'Started', `Started container ${c.name}`);
    await this.gcContainers(status, c.name, id);
    if (c.lifecycle?.postStart) {
      try {
        await runHook({ runtime: this.o.runtime, clock: this.o.clock, handler: c.lifecycle.postStart, containerId: id, container: c, podIP: sandbox.ip, timeoutSeconds: gracePeriodSeconds(pod), ...(signal ? { signal } : {}) });
      } catch (err) {
        const msg = (err as Error).message;
        this.o.event(pod, 'Warning', 'FailedPostStartHook', msg);
        await this.o.runtime.stopContainer(id, 0).catch(() => undefined);
        res.waiting.set(c.name, { reason: 'PostStartHookError', message: msg });
        return;
      }
    }
    this.o.onContainerStarted?.(pod, c.name, id, sandbox.ip);
  }

  /** Keeps the newest exited instance of a container (for logs --previous); removes older ones. */
  private async gcContainers(status: RuntimePodStatus, name: string, keepId: string): Promise<void> {
    const exited = status.containers.filter((x) => x.name === name && x.id !== keepId && x.state === 'CONTAINER_EXITED');
    for (const old of exited.slice(1)) await this.o.runtime.removeContainer(old.id).catch((e: Error) => this.log(`removing old container ${old.id}: ${e.message}`));
  }

  /** Removes sandboxes that are not ready, other than keep, once none of their containers is wanted. */
  private async removeDeadSandboxes(status: RuntimePodStatus, keep: string): Promise<void> {
    const wanted = new Set<string>();
    const seen = new Set<string>();
    for (const c of status.containers) {
      if (seen.has(c.name)) {
        continue;
      }
      seen.add(c.name);
      wanted.add(c.sandboxId);
    }
    for (const s of status.sandboxes) {
      if (s.id === keep || s.state === 'SANDBOX_READY' || wanted.has(s.id)) continue;
      await this.o.runtime.removePodSandbox(s.id).catch((e: Error) => this.log(`removing sandbox ${s.id}: ${e.message}`));
    }
  }

  /** Stops one container: preStop hook, then SIGTERM and SIGKILL after what is left of the grace period. */
  async killContainer(pod: KubeObject | undefined, c: RuntimeContainer, spec: ContainerSpec | undefined, o: { graceSeconds: number; message?: string; runPreStop?: boolean; podIP?: string }): Promise<void> {
    if (c.state !== 'CONTAINER_RUNNING' && c.state !== 'CONTAINER_CREATED') return;
    let grace = o.graceSeconds;
    if (pod) this.o.event(pod, 'Normal', 'Killing', o.message ?? `Stopping container ${c.name}`);
    if (pod && spec?.lifecycle?.preStop && o.runPreStop !== false && c.state === 'CONTAINER_RUNNING') {
      const start = this.o.clock.now();
      try {
        await runHook({ runtime: this.o.runtime, clock: this.o.clock, handler: spec.lifecycle.preStop, containerId: c.id, container: spec, podIP: o.podIP ?? '', timeoutSeconds: grace });
      } catch (err) {
        this.o.event(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${(err as Error).message}`);
      }
      grace -= Math.floor((this.o.clock.now() - start) / 1000);
    }
    if (grace < MIN_GRACE_SECONDS && o.graceSeconds > 0) grace = MIN_GRACE_SECONDS;
    try {
      await this.o.runtime.stopContainer(c.id, Math.max(0, grace));
    } catch (err) {
      if (!(err instanceof Error) || !/not found/i.test(err.message)) throw err;
    }
  }

  /** Stops every running container (in parallel), then the pod's ready sandboxes. */
  async killPod(pod: KubeObject | undefined, status: RuntimePodStatus, o: { graceSeconds: number; runPreStop?: boolean }): Promise<void> {
    const specs = new Map<string, ContainerSpec>();
    if (pod) for (const c of [...(podSpec(pod).initContainers ?? []), ...podSpec(pod).containers]) specs.set(c.name, c);
    const ip = status.sandboxes[0]?.ip ?? '';
    await Promise.all(
      status.containers
        .filter((c) => c.state === 'CONTAINER_RUNNING' || c.state === 'CONTAINER_CREATED')
        .map((c) => this.killContainer(pod, c, specs.get(c.name), { graceSeconds: o.graceSeconds, podIP: ip, ...(o.runPreStop !== undefined ? { runPreStop: o.runPreStop } : {}) })),
    );
    for (const s of status.sandboxes) if (s.state === 'SANDBOX_READY') await this.o.runtime.stopPodSandbox(s.id);
  }

  /** Removes everything the runtime holds for the pod (after killPod). */
  async removePod(status: RuntimePodStatus): Promise<void> {
    for (const c of status.containers) await this.o.runtime.removeContainer(c.id).catch((e: Error) => this.log(`removing container ${c.id}: ${e.message}`));
    for (const s of status.sandboxes) {
      await this.o.runtime.stopPodSandbox(s.id).catch(() => undefined);
      await this.o.runtime.removePodSandbox(s.id).catch((e: Error) => this.log(`removing sandbox ${s.id}: ${e.message}`));
    }
  }

  /** Forget back-off entries of a pod that is gone. */
  forgetPod(pod: KubeObject): void {
    this.backoff.resetPrefix(`${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_`);
  }
}
