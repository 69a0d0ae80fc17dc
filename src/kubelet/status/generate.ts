// The pod status the kubelet reports (upstream kubelet_pods.go generateAPIPodStatus / getPhase and
// pkg/kubelet/status conditions), computed from the pod spec, what the runtime holds, the reasons
// containers could not start in the last sync, and probe results.

import { readFile } from 'node:fs/promises';
import type { KubeObject } from '../../api/types.js';
import { podQOSClass } from '../kuberuntime/resources.js';
import { shouldRestart, type ContainerWaiting } from '../kuberuntime/manager.js';
import { ANNOTATIONS } from '../kuberuntime/labels.js';
import type { RuntimeContainer, RuntimePodStatus } from '../kuberuntime/runtimepod.js';
import { isSidecar, podSpec, type ContainerSpec } from '../kuberuntime/types.js';

export type Obj = Record<string, unknown>;

export interface Condition { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastProbeTime?: string | null; lastTransitionTime?: string }

export interface StatusInput {
  pod: KubeObject;
  runtime: RuntimePodStatus;
  /** Why containers could not start in the last sync, by name. */
  waiting: Map<string, ContainerWaiting>;
  nodeIP: string;
  nowMs: number;
  /** Readiness of a running container (undefined: no probe → ready). */
  ready?: (name: string) => boolean | undefined;
  /** Startup probe passed (or none). */
  started?: (name: string) => boolean;
  /** The pod is terminating and its containers have been stopped. */
  terminal?: boolean;
  /** An init container failed with restartPolicy Never. */
  initFailed?: boolean;
  /** Prefix of containerID (default "containerd"). */
  runtimeName?: string;
}

/** RFC 3339 with seconds, as metav1.Time serializes. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const MAX_MESSAGE = 4096;

/** The termination message: the file mounted at terminationMessagePath, or the log tail on error. */
async function terminationMessage(c: RuntimeContainer, spec: ContainerSpec | undefined): Promise<string> {
  const path = c.annotations[ANNOTATIONS.terminationMessagePath] ?? spec?.terminationMessagePath ?? '/dev/termination-log';
  const m = c.mounts.find((x) => x.containerPath === path);
  let msg = '';
  if (m) msg = (await readFile(m.hostPath, 'utf8').catch(() => '')).slice(0, MAX_MESSAGE);
  const policy = c.annotations[ANNOTATIONS.terminationMessagePolicy] ?? spec?.terminationMessagePolicy ?? 'File';
  if (!msg && policy === 'FallbackToLogsOnError' && c.exitCode !== 0 && c.logPath) {
    const raw = await readFile(c.logPath, 'utf8').catch(() => '');
    const lines = raw.split('\n').filter(Boolean).slice(-80).map((l) => l.split(' ').slice(3).join(' '));
    msg = lines.join('\n');
    if (msg) msg += '\n';
    if (msg.length > 2048) msg = msg.slice(msg.length - 2048);
  }
  return msg || c.message;
}

async function terminatedState(c: RuntimeContainer, spec: ContainerSpec | undefined, runtimeName: string): Promise<Obj> {
  const message = await terminationMessage(c, spec);
  return {
    terminated: {
      exitCode: c.exitCode,
      reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
      ...(message ? { message } : {}),
      startedAt: c.startedAt ? rfc3339(c.startedAt) : null,
      finishedAt: c.finishedAt ? rfc3339(c.finishedAt) : null,
      containerID: `${runtimeName}://${c.id}`,
    },
  };
}

interface BuiltStatus { status: Obj; ready: boolean; running: boolean; terminated?: { exitCode: number }; waitingNoHistory: boolean; started: boolean }

async function containerStatus(i: StatusInput, spec: ContainerSpec, notYetReason: string): Promise<BuiltStatus> {
  const rn = i.runtimeName ?? 'containerd';
  const all = i.runtime.containers.filter((c) => c.name === spec.name);
  const cur = all[0];
  const prev = all.slice(1).find((c) => c.state === 'CONTAINER_EXITED');
  const st: Obj = { name: spec.name, state: {}, lastState: {}, ready: false, restartCount: cur?.restartCount ?? 0, image: cur?.image || spec.image || '', imageID: cur?.imageRef ?? '' };
  const out: BuiltStatus = { status: st, ready: false, running: false, waitingNoHistory: false, started: false };
  const w = i.waiting.get(spec.name);
  if (cur) st.containerID = `${rn}://${cur.id}`;
  if (cur?.state === 'CONTAINER_RUNNING') {
    st.state = { running: { startedAt: rfc3339(cur.startedAt) } };
    if (prev) st.lastState = await terminatedState(prev, spec, rn);
    const started = i.started ? i.started(spec.name) : true;
    const r = i.ready?.(spec.name);
    out.ready = started && (r ?? true);
    out.running = true;
    out.started = started;
  } else if (cur?.state === 'CONTAINER_EXITED') {
    if (w && !i.terminal) {
      st.state = { waiting: { reason: w.reason, ...(w.message ? { message: w.message } : {}) } };
      st.lastState = await terminatedState(cur, spec, rn);
    } else {
      st.state = await terminatedState(cur, spec, rn);
      if (prev) st.lastState = await terminatedState(prev, spec, rn);
      out.terminated = { exitCode: cur.exitCode };
    }
  } else {
    const reason = w?.reason ?? 'ContainerCreating';
    st.state = { waiting: { reason: w ? reason : cur ? 'ContainerCreating' : notYetReason, ...(w?.message ? { message: w.message } : {}) } };
    if (prev) st.lastState = await terminatedState(prev, spec, rn);
    else out.waitingNoHistory = true;
    if (!cur) delete st.containerID;
  }
  st.ready = out.ready;
  st.started = out.running ? out.started : false;
  return out;
}

/** Sets conditions by type, keeping lastTransitionTime when the status did not change. */
export function setConditions(existing: Condition[], wanted: Condition[], nowMs: number): Condition[] {
  const now = rfc3339(nowMs);
  const out = existing.map((c) => ({ ...c }));
  for (const w of wanted) {
    const idx = out.findIndex((c) => c.type === w.type);
    const old = idx >= 0 ? out[idx] : undefined;
    const next: Condition = { type: w.type, status: w.status, lastProbeTime: null, lastTransitionTime: old && old.status === w.status ? (old.lastTransitionTime ?? now) : now };
    if (w.reason) next.reason = w.reason;
    if (w.message) next.message = w.message;
    if (idx >= 0) out[idx] = next;
    else out.push(next);
  }
  const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
  const rank = (c: Condition) => (order.includes(c.type) ? order.indexOf(c.type) : order.length);
  return out.sort((a, b) => rank(a) - rank(b));
}

export async function generatePodStatus(i: StatusInput): Promise<Obj> {
  const spec = podSpec(i.pod);
  const old = (i.pod.status ?? {}) as Obj;
  const inits = spec.initContainers ?? [];
  // Init containers.
  const initStatuses: Obj[] = [];
  const incompleteInit: string[] = [];
  for (const c of inits) {
    const b = await containerStatus(i, c, 'PodInitializing');
    initStatuses.push(b.status);
    const done = isSidecar(c) ? b.running && b.started : b.terminated?.exitCode === 0;
    if (!done) incompleteInit.push(c.name);
    if (!isSidecar(c) && b.terminated?.exitCode === 0) b.status.ready = true;
  }
  const initialized = incompleteInit.length === 0;
  // App containers.
  const statuses: Obj[] = [];
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  const unready: string[] = [];
  for (const c of spec.containers) {
    const b = await containerStatus(i, c, initialized ? 'ContainerCreating' : 'PodInitializing');
    statuses.push(b.status);
    if (!b.ready) unready.push(c.name);
    if (b.running) running++;
    else if (b.terminated) {
      stopped++;
      if (b.terminated.exitCode === 0) succeeded++;
    } else if (b.waitingNoHistory) waiting++;
    else stopped++;
  }
  // Phase (upstream getPhase).
  const policy = spec.restartPolicy ?? 'Always';
  let phase: string;
  if (!initialized && i.initFailed) phase = 'Failed';
  else if (!initialized && !i.terminal) phase = 'Pending';
  else if (waiting > 0 && !i.terminal) phase = 'Pending';
  else if (running > 0 && !i.terminal) phase = 'Running';
  else if (i.terminal) phase = stopped > 0 && stopped === succeeded && waiting === 0 ? 'Succeeded' : 'Failed';
  else if (policy === 'Always') phase = 'Running';
  else if (stopped === succeeded) phase = 'Succeeded';
  else if (policy === 'Never') phase = 'Failed';
  else phase = 'Running';
  // A pod whose app containers all finished for good is done even when OnFailure saw no failure.
  if (phase === 'Running' && running === 0 && stopped > 0 && spec.containers.every((c) => {
    const cur = i.runtime.containers.find((x) => x.name === c.name);
    return cur?.state === 'CONTAINER_EXITED' && !shouldRestart(i.pod, cur.exitCode);
  })) phase = stopped === succeeded ? 'Succeeded' : 'Failed';
  const oldPhase = old.phase;
  if (oldPhase === 'Succeeded' || oldPhase === 'Failed') phase = oldPhase;

  // Conditions.
  const sandbox = i.runtime.sandboxes[0];
  const sandboxReady = !!sandbox && sandbox.state === 'SANDBOX_READY' && (sandbox.hostNetwork || sandbox.ip !== '');
  const terminalPhase = phase === 'Succeeded' || phase === 'Failed';
  let containersReady: Condition;
  if (terminalPhase && phase === 'Succeeded') containersReady = { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  else if (unready.length) containersReady = { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  else containersReady = { type: 'ContainersReady', status: 'True' };
  const existing = (Array.isArray(old.conditions) ? (old.conditions as Condition[]) : []);
  const wanted: Condition[] = [
    { type: 'PodReadyToStartContainers', status: sandboxReady ? 'True' : 'False' },
    initialized
      ? { type: 'Initialized', status: 'True' }
      : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incompleteInit.join(' ')}]` },
    containersReady,
  ];
  if (!existing.some((c) => c.type === 'PodScheduled')) wanted.push({ type: 'PodScheduled', status: 'True' });
  let conds = setConditions(existing, wanted, i.nowMs);
  conds = setConditions(conds, [readyCondition(spec.readinessGates ?? [], conds, containersReady)], i.nowMs);

  // Addresses.
  const podIP = spec.hostNetwork ? i.nodeIP : sandbox?.ip || (typeof old.podIP === 'string' ? old.podIP : '');
  const status: Obj = {
    ...old,
    phase,
    conditions: conds,
    hostIP: i.nodeIP,
    hostIPs: [{ ip: i.nodeIP }],
    startTime: (old.startTime as string | undefined) ?? rfc3339(i.nowMs),
    containerStatuses: statuses,
    qosClass: podQOSClass(i.pod),
  };
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  else delete status.initContainerStatuses;
  return status;
}

function readyCondition(gates: { conditionType: string }[], conds: Condition[], cr: Condition): Condition {
  if (cr.status !== 'True') return { type: 'Ready', status: 'False', ...(cr.reason ? { reason: cr.reason } : {}), ...(cr.message ? { message: cr.message } : {}) };
  const msgs: string[] = [];
  for (const g of gates) {
    const c = conds.find((x) => x.type === g.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
  }
  if (msgs.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: msgs.join(', ') };
  return { type: 'Ready', status: 'True' };
}
