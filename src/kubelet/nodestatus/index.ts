// Node registration and status (upstream kubelet_node_status.go + nodestatus setters): registers the
// Node (or adopts the one a previous run left), then every 10 s recomputes the status — capacity and
// allocatable from this machine, addresses, daemon endpoint, nodeInfo, the pressure conditions, Ready
// from the runtime's conditions, and the image list — and PATCHes it when it changed or at least every
// 5 minutes (nodeStatusReportFrequency; the Lease is the heartbeat in between). While the node is not
// ready or has no pod CIDR yet it checks every second for the first two minutes, so a fresh node turns
// Ready quickly. onPodCIDR is called when node-ipam assigned spec.podCIDR (and when it changes).

import type { KubeObject } from '../../api/types.js';
import { isAlreadyExists, isNotFound, type Client } from '../../machinery/client/index.js';
import { realClock, type Clock } from '../../machinery/clock/index.js';
import { EventRecorder, type ObjectReference } from '../../machinery/events/index.js';
import { KUBE_GIT_VERSION } from '../../machinery/version.js';
import type { Runtime } from '../cri/types.js';
import { formatBinary, goArch, machineInfo, type MachineInfo } from './machine.js';

export { machineInfo, formatBinary, goArch, memTotalBytes, prettyName, type MachineInfo } from './machine.js';

export interface NodeAgentOptions {
  client: Client;
  nodeName: string;
  runtime: Runtime;
  nodeIP: string;
  kubeletPort: number;
  dataDir: string;
  labels?: Record<string, string>;
  taints?: KubeObject[];
  clock?: Clock;
  log?: (m: string) => void;
  /** Events about the Node (default: a recorder of its own, component "kubelet"). */
  recorder?: EventRecorder;
  /** Machine facts (default: read from this machine); tests pass their own. */
  machine?: MachineInfo;
  /** nodeStatusUpdateFrequency (10 s) and nodeStatusReportFrequency (5 min). */
  statusUpdateFrequencyMs?: number;
  statusReportFrequencyMs?: number;
  maxPods?: number;
}

export interface Condition { type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message: string; lastHeartbeatTime?: string; lastTransitionTime?: string }

const MAX_IMAGES = 50;
const MAX_NAMES_PER_IMAGE = 5;
const EVICTION_MEMORY_BYTES = 100n * 1024n * 1024n; // memory.available<100Mi
const EVICTION_NODEFS_PERCENT = 10n; // nodefs.available<10%

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function nodeRef(nodeName: string): ObjectReference {
  return { kind: 'Node', name: nodeName, uid: nodeName };
}

export function defaultLabels(nodeName: string, arch = goArch()): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': 'linux',
  };
}

export function initialNode(o: NodeAgentOptions, m: MachineInfo): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: o.nodeName,
      labels: { ...defaultLabels(o.nodeName, m.architecture), ...o.labels },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: o.taints?.length ? { taints: o.taints } : {},
  };
}

/** The runtime-dependent Ready condition's status and message (upstream ReadyCondition). */
export async function runtimeReadiness(runtime: Runtime): Promise<{ ready: boolean; message: string }> {
  let conds;
  try {
    conds = (await runtime.status()).conditions;
  } catch (err) {
    return { ready: false, message: `container runtime status check may not have completed yet: ${(err as Error).message}` };
  }
  const errs: string[] = [];
  const rt = conds.find((c) => c.type === 'RuntimeReady');
  const net = conds.find((c) => c.type === 'NetworkReady');
  if (!rt?.status) errs.push(`container runtime not ready: RuntimeReady=false reason:${rt?.reason ?? ''} message:${rt?.message ?? ''}`);
  if (!net?.status) errs.push(`container runtime network not ready: NetworkReady=false reason:${net?.reason ?? ''} message:${net?.message ?? ''}`);
  if (!errs.length) return { ready: true, message: 'kubelet is posting ready status' };
  return { ready: false, message: errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]` };
}

/** The status without time stamps (conditions get theirs when posted). */
export async function computeStatus(o: NodeAgentOptions, m: MachineInfo): Promise<{ status: Record<string, unknown>; conditions: Condition[] }> {
  const capacity = {
    cpu: String(m.cpus),
    'ephemeral-storage': formatBinary(m.fsBytes),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: formatBinary(m.memoryBytes),
    pods: String(o.maxPods ?? 110),
  };
  const memAlloc = m.memoryBytes > EVICTION_MEMORY_BYTES ? m.memoryBytes - EVICTION_MEMORY_BYTES : 0n;
  const allocatable = { ...capacity, memory: formatBinary(memAlloc), 'ephemeral-storage': formatBinary(m.fsBytes - (m.fsBytes * EVICTION_NODEFS_PERCENT) / 100n) };
  const version = await o.runtime.version();
  const images = (await o.runtime.listImages().catch(() => []))
    .slice()
    .sort((a, b) => b.size - a.size)
    .slice(0, MAX_IMAGES)
    .map((i) => ({ names: [...i.repoDigests, ...i.repoTags].slice(0, MAX_NAMES_PER_IMAGE), sizeBytes: i.size }));
  const r = await runtimeReadiness(o.runtime);
  const conditions: Condition[] = [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    r.ready ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: r.message } : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: r.message },
  ];
  const status = {
    capacity,
    allocatable,
    addresses: [
      { type: 'InternalIP', address: o.nodeIP },
      { type: 'Hostname', address: o.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: o.kubeletPort } },
    nodeInfo: {
      machineID: m.machineID,
      systemUUID: m.systemUUID,
      bootID: m.bootID,
      kernelVersion: m.kernelVersion,
      osImage: m.osImage,
      containerRuntimeVersion: `${version.runtimeName}://${version.runtimeVersion}`,
      kubeletVersion: KUBE_GIT_VERSION,
      kubeProxyVersion: KUBE_GIT_VERSION,
      operatingSystem: 'linux',
      architecture: m.architecture,
    },
    images,
  };
  return { status, conditions };
}

/** Conditions stamped with heartbeat time now, keeping transition times of unchanged ones. */
function stamp(conds: Condition[], prev: Condition[], nowMs: number): Condition[] {
  const now = rfc3339(nowMs);
  return conds.map((c) => {
    const old = prev.find((p) => p.type === c.type);
    return { ...c, lastHeartbeatTime: now, lastTransitionTime: old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now };
  });
}

const CONDITION_EVENTS: Record<string, Record<string, string>> = {
  MemoryPressure: { False: 'NodeHasSufficientMemory', True: 'NodeHasInsufficientMemory' },
  DiskPressure: { False: 'NodeHasNoDiskPressure', True: 'NodeHasDiskPressure' },
  PIDPressure: { False: 'NodeHasSufficientPID', True: 'NodeHasInsufficientPID' },
  Ready: { True: 'NodeReady', False: 'NodeNotReady' },
};

async function register(o: NodeAgentOptions, m: MachineInfo): Promise<KubeObject> {
  const nodes = o.client.resource('nodes');
  try {
    return await nodes.create(initialNode(o, m));
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  // A Node from an earlier run: adopt it, reconciling the default labels and our annotation.
  const existing = await nodes.get(o.nodeName);
  const want = initialNode(o, m).metadata;
  const labels = existing.metadata.labels ?? {};
  const annotations = existing.metadata.annotations ?? {};
  const patch: Record<string, Record<string, string>> = {};
  for (const [k, v] of Object.entries(want.labels ?? {})) if (labels[k] !== v) (patch.labels ??= {})[k] = v;
  for (const [k, v] of Object.entries(want.annotations ?? {})) if (annotations[k] !== v) (patch.annotations ??= {})[k] = v;
  if (Object.keys(patch).length) return nodes.patch(o.nodeName, { metadata: patch });
  return existing;
}

export async function runNodeStatus(o: NodeAgentOptions & { signal: AbortSignal; onPodCIDR?: (cidr: string) => void }): Promise<void> {
  const clock = o.clock ?? realClock;
  const log = o.log ?? (() => {});
  const ownRecorder = o.recorder ? undefined : new EventRecorder(o.client, { component: 'kubelet', host: o.nodeName, clock });
  const recorder = (o.recorder ?? ownRecorder)!;
  const ref = nodeRef(o.nodeName);
  const updateMs = o.statusUpdateFrequencyMs ?? 10_000;
  const reportMs = o.statusReportFrequencyMs ?? 5 * 60_000;
  const started = clock.now();
  const nodes = o.client.resource('nodes');
  recorder.event(ref, 'Normal', 'Starting', 'Starting kubelet.');
  try {
    const m = o.machine ?? (await machineInfo(o.dataDir));
    // Register, retrying (upstream: 100 ms doubling to 7 s) until it works or we are stopped.
    let node: KubeObject | undefined;
    for (let delay = 100; !o.signal.aborted && !node; delay = Math.min(delay * 2, 7000)) {
      try {
        node = await register(o, m);
        log(`kubelet: node ${o.nodeName} registered`);
      } catch (err) {
        log(`kubelet: unable to register node ${o.nodeName}: ${(err as Error).message}`);
        if (!(await clock.sleep(delay, o.signal))) return;
      }
    }
    if (!node) return;
    let lastPosted = '';
    let lastPostedAt = 0;
    let podCIDR = '';
    let prevConds: Condition[] = [];
    while (!o.signal.aborted) {
      let ready = false;
      try {
        const cur = await nodes.get(o.nodeName, { signal: o.signal });
        const cidr = (cur.spec as { podCIDR?: string } | undefined)?.podCIDR ?? '';
        if (cidr && cidr !== podCIDR) {
          podCIDR = cidr;
          o.onPodCIDR?.(cidr);
        }
        prevConds = ((cur.status as { conditions?: Condition[] } | undefined)?.conditions ?? prevConds) as Condition[];
        const { status, conditions } = await computeStatus(o, m);
        ready = conditions.find((c) => c.type === 'Ready')?.status === 'True';
        const fingerprint = JSON.stringify({ status, conditions: conditions.map((c) => [c.type, c.status, c.reason, c.message]) });
        const now = clock.now();
        if (fingerprint !== lastPosted || now - lastPostedAt >= reportMs) {
          const stamped = stamp(conditions, prevConds, now);
          await nodes.patch(o.nodeName, { status: { ...status, conditions: stamped } }, { type: 'strategic', subresource: 'status', signal: o.signal });
          for (const c of conditions) {
            const before = prevConds.find((p) => p.type === c.type)?.status;
            const reason = CONDITION_EVENTS[c.type]?.[c.status];
            if (reason && before !== c.status) recorder.event(ref, 'Normal', reason, `Node ${o.nodeName} status is now: ${reason}`);
          }
          prevConds = stamped;
          lastPosted = fingerprint;
          lastPostedAt = now;
        }
      } catch (err) {
        if (o.signal.aborted) break;
        if (isNotFound(err)) log(`kubelet: error updating node status: nodes "${o.nodeName}" not found`);
        else log(`kubelet: error updating node status, will retry: ${(err as Error).message}`);
      }
      const fast = (!ready || !podCIDR) && clock.now() - started < 120_000;
      if (!(await clock.sleep(fast ? 1000 : updateMs, o.signal))) break;
    }
  } finally {
    if (ownRecorder) await ownRecorder.shutdown();
  }
}
