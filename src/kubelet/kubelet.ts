// The kubelet: the node agent that runs the pods the API server binds to its node in real containers
// through CRI. Wires node status and lease, pod sources, the volume manager, the prober, the PLEG, one
// worker per pod and the status manager. It neither starts containerd nor serves HTTPS (kts agent
// does both); host() gives the HTTPS server what it needs.

import { join } from 'node:path';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../machinery/client/index.js';
import { realClock, type Clock } from '../machinery/clock/index.js';
import { EventRecorder } from '../machinery/events/index.js';
import { PodConfig } from './config/index.js';
import type { Runtime } from './cri/types.js';
import { makeEnvironment } from './envvars/index.js';
import { RuntimeManager } from './kuberuntime/manager.js';
import { runtimePodUids, type RuntimePodStatus } from './kuberuntime/runtimepod.js';
import { podSpec } from './kuberuntime/types.js';
import { runNodeLease } from './nodelease/index.js';
import { runNodeStatus } from './nodestatus/index.js';
import { GenericPLEG } from './pleg/generic.js';
import { PodSyncer, type ProbeHooks } from './podworkers/sync.js';
import { PodWorkers } from './podworkers/workers.js';
import { ProbeManager } from './prober/index.js';
import type { ContainerRef, KubeletHost } from './server/host.js';
import { StatusManager } from './status/manager.js';
import { makeMounts, VolumeManager, type PodVolumes } from './volumemanager/index.js';

export interface KubeletOptions {
  client: Client;
  runtime: Runtime;
  nodeName: string;
  nodeIP: string;
  dataDir: string;
  kubeletPort: number;
  clusterDNS?: string[];
  clusterDomain?: string;
  /** Crash-loop (and image pull) back-off start; upstream 10 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** PLEG relist period (default 500 ms). */
  plegIntervalMs?: number;
  /** Periodic resync of every pod (default 10 s). */
  resyncIntervalMs?: number;
  /** Cleanup of pods the runtime has but the API no longer does (default 2 s, upstream housekeeping). */
  housekeepingIntervalMs?: number;
  /** Pod log directories (default <dataDir>/logs/pods; upstream /var/log/pods). */
  podLogsDir?: string;
  /** The host resolv.conf for dnsPolicy Default (default /etc/resolv.conf). */
  resolvConf?: string;
  /** Static pod manifests (default <dataDir>/manifests). */
  manifestsDir?: string;
  /** How often the manifests directory is read (upstream 20 s). */
  fileCheckFrequencyMs?: number;
  /** Node labels and taints at registration. */
  labels?: Record<string, string>;
  taints?: KubeObject[];
  /** Mount tmpfs for secrets and Memory emptyDirs (default true). */
  useTmpfs?: boolean;
  clock?: Clock;
  log?: (m: string) => void;
  recorder?: EventRecorder;
  /** Called once node-ipam has given the node its pod CIDR (the agent writes the CNI config then). */
  onPodCIDR?: (cidr: string) => void;
}

export class Kubelet {
  readonly config: PodConfig;
  readonly workers: PodWorkers;
  readonly syncer: PodSyncer;
  readonly manager: RuntimeManager;
  readonly statusManager: StatusManager;
  readonly pleg: GenericPLEG;
  readonly probes: ProbeManager;
  readonly volumes: VolumeManager;
  readonly recorder: EventRecorder;
  private readonly clock: Clock;
  private readonly ownRecorder: boolean;
  private readonly log: (m: string) => void;
  private readonly podVolumes = new Map<string, PodVolumes>();
  /** The runtime's view of each pod after its last sync (for host()). */
  private readonly runtimeView = new Map<string, RuntimePodStatus>();

  constructor(readonly o: KubeletOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
    this.ownRecorder = !o.recorder;
    this.recorder = o.recorder ?? new EventRecorder(o.client, { component: 'kubelet', host: o.nodeName, clock: this.clock, log: this.log });
    const event = (pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => {
      this.recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata }, type, reason, message);
    };
    const podsDir = join(o.dataDir, 'pods');
    this.volumes = new VolumeManager({ client: o.client, rootDir: podsDir, nodeName: o.nodeName, log: this.log, ...(o.useTmpfs !== undefined ? { useTmpfs: o.useTmpfs } : {}) });
    this.probes = new ProbeManager({ runtime: o.runtime, clock: this.clock, recordEvent: event, log: this.log });
    this.config = new PodConfig({ client: o.client, nodeName: o.nodeName, manifestsDir: o.manifestsDir ?? join(o.dataDir, 'manifests'), ...(o.fileCheckFrequencyMs ? { fileCheckMs: o.fileCheckFrequencyMs } : {}), clock: this.clock, log: this.log });
    this.statusManager = new StatusManager({ client: o.client, log: this.log });
    this.manager = new RuntimeManager({
      runtime: o.runtime,
      clock: this.clock,
      event,
      podLogsDir: o.podLogsDir ?? join(o.dataDir, 'logs', 'pods'),
      ...(o.initialBackoffMs !== undefined ? { initialBackoffMs: o.initialBackoffMs } : {}),
      ...(o.maxBackoffMs !== undefined ? { maxBackoffMs: o.maxBackoffMs } : {}),
      ...(o.clusterDNS ? { clusterDNS: o.clusterDNS } : {}),
      ...(o.clusterDomain ? { clusterDomain: o.clusterDomain } : {}),
      ...(o.resolvConf !== undefined ? { resolvConf: o.resolvConf } : {}),
      containerEnv: (pod, c, podIPs) =>
        makeEnvironment({ client: o.client, pod, container: c as unknown as KubeObject, nodeName: o.nodeName, hostIP: o.nodeIP, podIP: podIPs[0] ?? '', podIPs }),
      containerMounts: (pod, c, env, podIPs) => {
        const uid = pod.metadata.uid ?? '';
        return makeMounts(pod, c as unknown as KubeObject, this.podVolumes.get(uid) ?? new Map(), join(podsDir, uid), {
          env,
          podIPs: podSpec(pod).hostNetwork ? [o.nodeIP] : podIPs,
          ...(o.clusterDomain ? { clusterDomain: o.clusterDomain } : {}),
        });
      },
      started: (uid, name) => this.probes.started(uid, name),
      log: this.log,
    });
    const probeHooks: ProbeHooks = this.probes;
    this.syncer = new PodSyncer({
      client: o.client,
      runtime: o.runtime,
      manager: this.manager,
      status: this.statusManager,
      pods: this.config,
      probes: probeHooks,
      volumes: {
        setUpPod: async (pod, signal) => {
          const v = await this.volumes.setUpPod(pod, signal);
          this.podVolumes.set(pod.metadata.uid ?? '', v);
          return v;
        },
        tearDownPod: async (uid) => {
          this.podVolumes.delete(uid);
          await this.volumes.tearDownPod(uid);
        },
      },
      event,
      nodeIP: o.nodeIP,
      clock: this.clock,
      log: this.log,
      onRuntimeStatus: (uid, rs) => (rs ? this.runtimeView.set(uid, rs) : this.runtimeView.delete(uid)),
    });
    this.workers = new PodWorkers({
      sync: (uid, signal) => this.syncer.sync(uid, signal),
      clock: this.clock,
      ...(o.resyncIntervalMs !== undefined ? { resyncIntervalMs: o.resyncIntervalMs } : {}),
      log: this.log,
    });
    this.pleg = new GenericPLEG({ runtime: o.runtime, clock: this.clock, log: this.log, ...(o.plegIntervalMs !== undefined ? { relistPeriodMs: o.plegIntervalMs } : {}) });
  }

  /** Runs pod sources, PLEG, workers and housekeeping until the signal aborts (no node status here). */
  async run(signal: AbortSignal): Promise<void> {
    this.workers.start(signal);
    this.config.onChange((uid) => this.workers.update(uid));
    this.probes.onChange((uid) => this.workers.update(uid));
    this.probes.onUnhealthy((uid, name, id, message) => {
      this.syncer
        .killUnhealthy(uid, name, id, message)
        .catch((e: Error) => this.log(`killing unhealthy container ${name} of ${uid}: ${e.message}`))
        .finally(() => this.workers.update(uid));
    });
    const configDone = this.config.run(signal);
    let plegDone: Promise<void> = Promise.resolve();
    try {
      if (!(await this.config.informer.waitForSync(signal))) return;
      // Adoption: every pod the runtime or the API knows gets a worker; its first sync finds what runs.
      await this.housekeeping();
      this.pleg.watch((e) => this.workers.update(e.podUid));
      plegDone = this.pleg.run(signal);
      while (!signal.aborted) {
        if (!(await this.clock.sleep(this.o.housekeepingIntervalMs ?? 2000, signal))) break;
        await this.housekeeping().catch((e: Error) => this.log(`housekeeping: ${e.message}`));
      }
    } finally {
      await plegDone;
      await configDone;
      await this.workers.idle();
      this.probes.stopAll();
      if (this.ownRecorder) await this.recorder.shutdown();
    }
  }

  /** Workers for pods without one: API pods, and runtime pods the API no longer has (to clean up). */
  async housekeeping(): Promise<void> {
    const active = new Set(this.workers.uids());
    for (const p of this.config.list()) {
      const uid = p.metadata.uid ?? '';
      if (!active.has(uid)) this.workers.update(uid);
    }
    for (const uid of (await runtimePodUids(this.o.runtime)).keys()) {
      if (!active.has(uid) && !this.config.get(uid)) this.workers.update(uid);
    }
  }

  host(): KubeletHost {
    const find = (namespace: string, podName: string): KubeObject | undefined =>
      this.config.list().find((p) => p.metadata.namespace === namespace && p.metadata.name === podName);
    return {
      runtime: this.o.runtime,
      pods: () => this.config.list(),
      findSandbox: (namespace, podName) => {
        const pod = find(namespace, podName);
        const rs = pod && this.runtimeView.get(pod.metadata.uid ?? '');
        const s = rs?.sandboxes[0];
        if (!pod || !s) return undefined;
        return { podUid: pod.metadata.uid ?? '', sandboxId: s.id, podIP: podSpec(pod).hostNetwork ? this.o.nodeIP : s.ip };
      },
      findContainer: (namespace, podName, containerName, opts): ContainerRef | undefined => {
        const pod = find(namespace, podName);
        const rs = pod && this.runtimeView.get(pod.metadata.uid ?? '');
        if (!pod || !rs) return undefined;
        const name = containerName ?? podSpec(pod).containers[0]?.name;
        const all = rs.containers.filter((c) => c.name === name);
        const c = opts?.previous ? all.slice(1).find((x) => x.state === 'CONTAINER_EXITED') : all[0];
        if (!c) return undefined;
        return { podUid: pod.metadata.uid ?? '', podName, namespace, containerName: c.name, containerId: c.id, sandboxId: c.sandboxId };
      },
    };
  }
}

/** The whole kubelet: node registration and status, the node lease, and the pods. */
export async function runKubelet(o: KubeletOptions & { signal: AbortSignal; kubelet?: Kubelet }): Promise<void> {
  const k = o.kubelet ?? new Kubelet(o);
  const clock = o.clock ?? realClock;
  // One part failing stops the others (a kubelet without node status or lease is not a kubelet).
  const ac = new AbortController();
  const stop = () => ac.abort();
  o.signal.addEventListener('abort', stop, { once: true });
  if (o.signal.aborted) ac.abort();
  const guard = (p: Promise<void>) => p.catch((e: unknown) => (ac.abort(), Promise.reject(e)));
  try {
    await Promise.all([
      guard(
        runNodeStatus({
          client: o.client,
          nodeName: o.nodeName,
          runtime: o.runtime,
          nodeIP: o.nodeIP,
          kubeletPort: o.kubeletPort,
          dataDir: o.dataDir,
          clock,
          recorder: k.recorder,
          signal: ac.signal,
          ...(o.onPodCIDR ? { onPodCIDR: o.onPodCIDR } : {}),
          ...(o.labels ? { labels: o.labels } : {}),
          ...(o.taints ? { taints: o.taints } : {}),
          ...(o.log ? { log: o.log } : {}),
        }),
      ),
      guard(runNodeLease({ client: o.client, nodeName: o.nodeName, signal: ac.signal, clock, ...(o.log ? { log: o.log } : {}) })),
      guard(k.run(ac.signal)),
    ]);
  } finally {
    o.signal.removeEventListener('abort', stop);
  }
}
