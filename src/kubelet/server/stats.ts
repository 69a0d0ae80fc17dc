// /stats/summary: the node's CPU and memory from /proc, and per pod and container CPU and memory from
// the runtime (CRI ListContainerStats), in the shape of upstream's stats/v1alpha1 Summary (what
// metrics-server and `kubectl top` read).

import { readFile } from 'node:fs/promises';
import type { KubeObject } from '../../api/types.js';
import { CRI_LABELS, type ContainerStats, type Runtime } from '../cri/types.js';

const CLK_TCK = 100;

export interface CPUStats { time: string; usageNanoCores?: number; usageCoreNanoSeconds?: number }
export interface MemoryStats { time: string; availableBytes?: number; usageBytes?: number; workingSetBytes?: number; rssBytes?: number; pageFaults?: number; majorPageFaults?: number }
export interface ContainerSummary { name: string; startTime: string; cpu?: CPUStats; memory?: MemoryStats }
export interface PodSummary { podRef: { name: string; namespace: string; uid: string }; startTime: string; containers: ContainerSummary[]; cpu?: CPUStats; memory?: MemoryStats }
export interface Summary { node: { nodeName: string; startTime: string; cpu: CPUStats; memory: MemoryStats }; pods: PodSummary[] }

async function nodeCpuNanos(): Promise<number> {
  const text = await readFile('/proc/stat', 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return 0;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
  return (busy * 1e9) / CLK_TCK;
}

async function nodeMemory(now: string): Promise<MemoryStats> {
  const text = await readFile('/proc/meminfo', 'utf8');
  const kb = (k: string) => {
    const m = new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : 0;
  };
  const total = kb('MemTotal');
  const available = kb('MemAvailable');
  const free = kb('MemFree');
  return { time: now, availableBytes: available, usageBytes: total - free, workingSetBytes: total - available, rssBytes: 0, pageFaults: 0, majorPageFaults: 0 };
}

async function bootTime(): Promise<string> {
  try {
    const text = await readFile('/proc/stat', 'utf8');
    const m = /^btime (\d+)/m.exec(text);
    if (m) return new Date(Number(m[1]) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  } catch {
    // not Linux
  }
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

const iso = (ns: number) => new Date(Math.floor(ns / 1e6)).toISOString().replace(/\.\d+Z$/, 'Z');

function cpuOf(s: ContainerStats, now: string): CPUStats | undefined {
  if (!s.cpu) return undefined;
  return {
    time: s.cpu.timestamp ? iso(s.cpu.timestamp) : now,
    ...(s.cpu.usageNanoCores ? { usageNanoCores: s.cpu.usageNanoCores.value } : {}),
    ...(s.cpu.usageCoreNanoSeconds ? { usageCoreNanoSeconds: s.cpu.usageCoreNanoSeconds.value } : {}),
  };
}

function memOf(s: ContainerStats, now: string): MemoryStats | undefined {
  if (!s.memory) return undefined;
  const m = s.memory;
  return {
    time: m.timestamp ? iso(m.timestamp) : now,
    ...(m.availableBytes ? { availableBytes: m.availableBytes.value } : {}),
    ...(m.usageBytes ? { usageBytes: m.usageBytes.value } : {}),
    ...(m.workingSetBytes ? { workingSetBytes: m.workingSetBytes.value } : {}),
    ...(m.rssBytes ? { rssBytes: m.rssBytes.value } : {}),
    ...(m.pageFaults ? { pageFaults: m.pageFaults.value } : {}),
    ...(m.majorPageFaults ? { majorPageFaults: m.majorPageFaults.value } : {}),
  };
}

function sumCpu(list: CPUStats[], now: string): CPUStats | undefined {
  if (!list.length) return undefined;
  return { time: now, usageNanoCores: list.reduce((a, c) => a + (c.usageNanoCores ?? 0), 0), usageCoreNanoSeconds: list.reduce((a, c) => a + (c.usageCoreNanoSeconds ?? 0), 0) };
}

function sumMem(list: MemoryStats[], now: string): MemoryStats | undefined {
  if (!list.length) return undefined;
  const add = (k: keyof Omit<MemoryStats, 'time'>) => list.reduce((a, m) => a + (m[k] ?? 0), 0);
  return { time: now, usageBytes: add('usageBytes'), workingSetBytes: add('workingSetBytes'), rssBytes: add('rssBytes'), pageFaults: add('pageFaults'), majorPageFaults: add('majorPageFaults') };
}

/** Builds Summary objects; keeps the previous node CPU sample to derive usageNanoCores. */
export class SummaryProvider {
  private last?: { at: number; nanos: number };
  private boot?: Promise<string>;

  constructor(private readonly o: { nodeName: string; runtime: Runtime; pods: () => KubeObject[] }) {}

  async summary(): Promise<Summary> {
    const nowDate = new Date();
    const now = nowDate.toISOString().replace(/\.\d+Z$/, 'Z');
    this.boot ??= bootTime();
    const nanos = await nodeCpuNanos();
    const at = process.hrtime.bigint();
    const atNs = Number(at);
    let usageNanoCores: number | undefined;
    if (this.last && atNs > this.last.at) usageNanoCores = Math.round(((nanos - this.last.nanos) * 1e9) / (atNs - this.last.at));
    this.last = { at: atNs, nanos };
    const node = {
      nodeName: this.o.nodeName,
      startTime: await this.boot,
      cpu: { time: now, usageCoreNanoSeconds: nanos, ...(usageNanoCores !== undefined ? { usageNanoCores } : {}) },
      memory: await nodeMemory(now),
    };
    const stats = await this.o.runtime.listContainerStats({}).catch(() => [] as ContainerStats[]);
    const byPod = new Map<string, ContainerStats[]>();
    for (const s of stats) {
      const uid = s.attributes.labels[CRI_LABELS.podUid];
      if (!uid) continue;
      const list = byPod.get(uid) ?? [];
      list.push(s);
      byPod.set(uid, list);
    }
    const pods: PodSummary[] = [];
    for (const pod of this.o.pods()) {
      const uid = pod.metadata.uid ?? '';
      const list = byPod.get(uid) ?? [];
      const startTime = String((pod.status as { startTime?: string } | undefined)?.startTime ?? pod.metadata.creationTimestamp ?? now);
      const containers: ContainerSummary[] = list.map((s) => {
        const cpu = cpuOf(s, now);
        const memory = memOf(s, now);
        return { name: s.attributes.labels[CRI_LABELS.containerName] ?? s.attributes.metadata.name, startTime, ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
      });
      const cpu = sumCpu(containers.flatMap((c) => (c.cpu ? [c.cpu] : [])), now);
      const memory = sumMem(containers.flatMap((c) => (c.memory ? [c.memory] : [])), now);
      pods.push({ podRef: { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? '', uid }, startTime, containers, ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
    }
    return { node, pods };
  }
}
