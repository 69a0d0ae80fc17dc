// The probe manager (upstream pkg/kubelet/prober): one worker per container and probe kind (startup,
// liveness, readiness). A worker waits initialDelaySeconds after the container started, then probes
// every periodSeconds; a result only counts after successThreshold / failureThreshold equal results
// in a row. The startup probe gates the other two. Liveness or startup reaching failureThreshold calls
// onUnhealthy (the pod worker restarts the container) and holds the worker until a new container id.

import type { KubeObject } from '../../api/types.js';
import { realClock, type Clock } from '../../machinery/clock/index.js';
import type { Runtime } from '../cri/types.js';
import { runProbe, type ProbeResult, type ProbeSpec } from './handlers.js';

export { runProbe, httpProbe, tcpProbe, execProbe, resolvePort, USER_AGENT, type ProbeOutcome, type ProbeSpec, type ProbeTarget } from './handlers.js';
export type { ProbeResult } from './handlers.js';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export interface ProberOptions {
  runtime: Runtime;
  clock?: Clock;
  recordEvent?: (pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => void;
  log?: (m: string) => void;
}

type UnhealthyCallback = (podUid: string, containerName: string, containerId: string, message: string, gracePeriodSeconds?: number) => void;

const TITLE: Record<ProbeKind, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };
const FIELD: Record<ProbeKind, string> = { startup: 'startupProbe', liveness: 'livenessProbe', readiness: 'readinessProbe' };

interface Worker {
  kind: ProbeKind;
  podUid: string;
  containerName: string;
  containerId: string;
  spec: ProbeSpec;
  stop: AbortController;
  result: ProbeResult;
  lastResult: ProbeResult | undefined;
  resultRun: number;
  onHold: boolean;
}

function key(podUid: string, containerName: string, kind?: ProbeKind): string {
  return kind ? `${podUid}/${containerName}/${kind}` : `${podUid}/${containerName}/`;
}

export class ProbeManager {
  private readonly clock: Clock;
  private readonly workers = new Map<string, Worker>();
  private readonly unhealthy: UnhealthyCallback[] = [];
  private readonly changed: Array<(podUid: string) => void> = [];
  private readonly log: (m: string) => void;

  constructor(private readonly o: ProberOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
  }

  containerStarted(pod: KubeObject, containerName: string, containerId: string, podIP: string, startedAtMs?: number): void {
    const podUid = pod.metadata.uid ?? '';
    const spec = (pod.spec ?? {}) as { containers?: KubeObject[]; initContainers?: KubeObject[] };
    const container = [...(spec.containers ?? []), ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')].find((c) => c.name === containerName);
    if (!container) return;
    const startedAt = startedAtMs ?? this.clock.now();
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const probe = container[FIELD[kind]] as ProbeSpec | undefined;
      const k = key(podUid, containerName, kind);
      const old = this.workers.get(k);
      if (old && old.containerId === containerId) continue;
      old?.stop.abort();
      if (!probe) {
        this.workers.delete(k);
        continue;
      }
      const w: Worker = {
        kind,
        podUid,
        containerName,
        containerId,
        spec: probe,
        stop: new AbortController(),
        // Upstream's initial values: not ready until proven, alive until proven otherwise, startup unknown.
        result: kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : 'unknown',
        lastResult: undefined,
        resultRun: 0,
        onHold: false,
      };
      this.workers.set(k, w);
      void this.run(w, pod, container, podIP, startedAt).catch((err: Error) => this.log(`prober: ${k}: ${err.message}`));
    }
    this.notify(podUid);
  }

  containerStopped(podUid: string, containerName: string): void {
    const prefix = key(podUid, containerName);
    let any = false;
    for (const [k, w] of this.workers) {
      if (!k.startsWith(prefix)) continue;
      w.stop.abort();
      this.workers.delete(k);
      any = true;
    }
    if (any) this.notify(podUid);
  }

  removePod(podUid: string): void {
    for (const [k, w] of this.workers) {
      if (w.podUid !== podUid) continue;
      w.stop.abort();
      this.workers.delete(k);
    }
  }

  /** Stops every worker. */
  stopAll(): void {
    for (const w of this.workers.values()) w.stop.abort();
    this.workers.clear();
  }

  ready(podUid: string, containerName: string): boolean | undefined {
    const w = this.workers.get(key(podUid, containerName, 'readiness'));
    if (!w) return undefined;
    return this.started(podUid, containerName) && w.result === 'success';
  }

  started(podUid: string, containerName: string): boolean {
    const w = this.workers.get(key(podUid, containerName, 'startup'));
    return !w || w.result === 'success';
  }

  onUnhealthy(cb: UnhealthyCallback): void {
    this.unhealthy.push(cb);
  }

  onChange(cb: (podUid: string) => void): void {
    this.changed.push(cb);
  }

  private notify(podUid: string): void {
    for (const cb of this.changed) cb(podUid);
  }

  private async run(w: Worker, pod: KubeObject, container: KubeObject, podIP: string, startedAt: number): Promise<void> {
    const signal = w.stop.signal;
    const period = Math.max(1, w.spec.periodSeconds ?? 10) * 1000;
    const firstAt = startedAt + Math.max(0, w.spec.initialDelaySeconds ?? 0) * 1000;
    const wait = firstAt - this.clock.now();
    if (wait > 0 && !(await this.clock.sleep(wait, signal))) return;
    while (!signal.aborted) {
      await this.probeOnce(w, pod, container, podIP);
      if (!(await this.clock.sleep(period, signal))) return;
    }
  }

  private async probeOnce(w: Worker, pod: KubeObject, container: KubeObject, podIP: string): Promise<void> {
    if (w.onHold) return;
    // Liveness and readiness wait for the startup probe; the startup probe stops once it passed.
    if (w.kind !== 'startup' && !this.started(w.podUid, w.containerName)) return;
    if (w.kind === 'startup' && w.result === 'success') return;
    const out = await runProbe(w.spec, { runtime: this.o.runtime, containerId: w.containerId, podIP, container });
    if (w.stop.signal.aborted) return;
    const title = TITLE[w.kind];
    if (out.result === 'failure') this.o.recordEvent?.(pod, 'Warning', 'Unhealthy', `${title} probe failed: ${out.output}`);
    else if (out.result === 'unknown') this.o.recordEvent?.(pod, 'Warning', 'Unhealthy', `${title} probe errored: ${out.output}`);
    if (w.lastResult === out.result) w.resultRun++;
    else {
      w.lastResult = out.result;
      w.resultRun = 1;
    }
    const failureThreshold = w.spec.failureThreshold ?? 3;
    const successThreshold = w.spec.successThreshold ?? 1;
    if ((out.result === 'failure' && w.resultRun < failureThreshold) || (out.result === 'success' && w.resultRun < successThreshold)) return;
    // An unknown result keeps the previous state (upstream treats errors as "no change" for the cache).
    if (out.result === 'unknown') return;
    const before = w.result;
    w.result = out.result;
    if (before !== w.result) this.notify(w.podUid);
    if (out.result === 'failure' && (w.kind === 'liveness' || w.kind === 'startup')) {
      w.onHold = true;
      w.resultRun = 0;
      const grace = w.spec.terminationGracePeriodSeconds;
      const msg = `Container ${w.containerName} failed ${w.kind} probe, will be restarted`;
      for (const cb of this.unhealthy) cb(w.podUid, w.containerName, w.containerId, msg, grace);
    }
  }
}
