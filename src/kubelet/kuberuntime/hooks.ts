// Container lifecycle hooks (postStart, preStop): exec inside the container through the runtime, an
// HTTP GET against the pod, or a sleep (upstream pkg/kubelet/lifecycle handlers).

import type { Clock } from '../../machinery/clock/index.js';
import type { Runtime } from '../cri/types.js';
import type { ContainerSpec, LifecycleHandler } from './types.js';

export class HookError extends Error {}

function resolvePort(port: number | string, c: ContainerSpec): number {
  if (typeof port === 'number') return port;
  const n = Number(port);
  if (Number.isInteger(n) && n > 0) return n;
  const named = (c.ports ?? []).find((p) => p.name === port);
  if (!named) throw new HookError(`couldn't find port: ${port} in ${c.name}`);
  return named.containerPort;
}

export async function runHook(o: { runtime: Runtime; clock: Clock; handler: LifecycleHandler; containerId: string; container: ContainerSpec; podIP: string; timeoutSeconds: number; signal?: AbortSignal }): Promise<void> {
  const h = o.handler;
  if (h.exec) {
    const r = await o.runtime.execSync(o.containerId, h.exec.command ?? [], o.timeoutSeconds);
    if (r.exitCode !== 0) throw new HookError(`command '${(h.exec.command ?? []).join(' ')}' exited with ${r.exitCode}: ${r.stdout.toString()}${r.stderr.toString()}`);
    return;
  }
  if (h.httpGet) {
    const g = h.httpGet;
    const host = g.host || o.podIP || '127.0.0.1';
    const scheme = (g.scheme ?? 'HTTP').toLowerCase();
    const path = g.path ? (g.path.startsWith('/') ? g.path : `/${g.path}`) : '/';
    const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${resolvePort(g.port, o.container)}${path}`;
    const headers: Record<string, string> = {};
    for (const hh of g.httpHeaders ?? []) headers[hh.name] = hh.value;
    const timeout = AbortSignal.timeout(Math.max(1, o.timeoutSeconds) * 1000);
    const res = await fetch(url, { headers, signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status >= 400) throw new HookError(`HTTP lifecycle hook (${path}) for Container "${o.container.name}" returned status ${res.status}`);
    return;
  }
  if (h.sleep) {
    await o.clock.sleep(h.sleep.seconds * 1000, o.signal);
    return;
  }
  throw new HookError('a lifecycle handler needs exec, httpGet or sleep');
}
