// npm run bench:scheduler — the scheduler's core in-process, shaped like upstream scheduler_perf's
// SchedulingBasic/5000Nodes_10000Pods: 5,000 nodes (node-default: 4 cpu, 32Gi, 110 pods), 1,000 pods
// placed first (not measured), then 10,000 pods (pod-default: one pause container requesting and
// limited to 100m cpu / 500Mi memory) measured. Default profile (all default plugins), default
// percentageOfNodesToScore (adaptive: 10% at 5,000 nodes). The binder confirms the binding at once, as
// the informer echo would, so the figures are the scheduler's own cost.
// Prints pods/s and per-pod attempt latency (scheduling cycle + binding cycle) p50/p99/max.
// Options: --nodes N --init N --pods N, --quick (500 nodes / 100 / 2,000), --workload basic|spread|antiaffinity
//   spread:       nodes in 3 zones, pods with a zone spread constraint (maxSkew 5, DoNotSchedule), as
//                 upstream's TopologySpreading workload;
//   antiaffinity: pods with required anti-affinity to each other per hostname, as SchedulingPodAntiAffinity
//                 (at most one per node: measured pods default to 4,000).

import { memoryUsage } from 'node:process';
import type { Node, Pod } from '../src/scheduler/framework/api.js';
import { podKey } from '../src/scheduler/framework/api.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { fmt, nowMs, summarize, table } from './lib/stats.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const quick = process.argv.includes('--quick');
const wi = process.argv.indexOf('--workload');
const WORKLOAD = wi >= 0 ? (process.argv[wi + 1] ?? 'basic') : 'basic';
if (!['basic', 'spread', 'antiaffinity'].includes(WORKLOAD)) throw new Error(`unknown workload ${WORKLOAD}`);
const NODES = arg('nodes', quick ? 500 : 5000);
const INIT_PODS = arg('init', quick ? 100 : 1000);
const PODS = arg('pods', quick ? (WORKLOAD === 'antiaffinity' ? 300 : 2000) : WORKLOAD === 'antiaffinity' ? 4000 : 10000);

function makeNode(i: number): Node {
  const name = `scheduler-perf-${i}`;
  const capacity = { pods: '110', cpu: '4', memory: '32Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `node-uid-${i}`,
      labels: { 'kubernetes.io/hostname': name, ...(WORKLOAD === 'spread' ? { 'topology.kubernetes.io/zone': `moon-${(i % 3) + 1}` } : {}) },
    },
    spec: {},
    status: { capacity, allocatable: { ...capacity }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

let podSeq = 0;
function makePod(): Pod {
  const n = podSeq++;
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${n}`, namespace: 'sched-test', uid: `pod-uid-${n}`, resourceVersion: String(n + 1), creationTimestamp: new Date().toISOString() },
    spec: {
      schedulerName: 'default-scheduler',
      containers: [
        {
          name: 'pause',
          image: 'registry.k8s.io/pause:3.10.1',
          ports: [{ containerPort: 80 }],
          resources: { limits: { cpu: '100m', memory: '500Mi' }, requests: { cpu: '100m', memory: '500Mi' } },
        },
      ],
    },
    status: { phase: 'Pending' },
  };
  if (WORKLOAD === 'spread') {
    pod.metadata.labels = { color: 'blue' };
    pod.spec.topologySpreadConstraints = [
      { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { color: 'blue' } } },
    ];
  } else if (WORKLOAD === 'antiaffinity') {
    pod.metadata.labels = { color: 'green' };
    pod.spec.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname', namespaces: ['sched-test'] },
        ],
      },
    };
  }
  return pod;
}

async function main(): Promise<void> {
  const pods = new Map<string, Pod>();
  let bound = 0;
  let failed = 0;
  const scheduler: Scheduler = new Scheduler({
    binder: {
      bind: async (pod, nodeName) => {
        const cur = pods.get(podKey(pod))!;
        const next: Pod = { ...cur, metadata: { ...cur.metadata, resourceVersion: `${cur.metadata.resourceVersion}-b` }, spec: { ...cur.spec, nodeName } };
        pods.set(podKey(pod), next);
        bound++;
        scheduler.onPodUpdate(cur, next);
      },
    },
    recorder: { event: () => {} },
    statusUpdater: { updatePodStatus: async () => {} },
  });

  const t0 = nowMs();
  for (let i = 0; i < NODES; i++) scheduler.onNodeAdd(makeNode(i));
  const addNodesMs = nowMs() - t0;

  const schedule = async (count: number, lat: number[] | null): Promise<number> => {
    for (let i = 0; i < count; i++) {
      const p = makePod();
      pods.set(podKey(p), p);
      scheduler.onPodAdd(p);
    }
    const start = nowMs();
    for (let i = 0; i < count; i++) {
      const s = nowMs();
      const r = await scheduler.scheduleOne();
      if (r.kind === 'scheduled') await r.binding;
      else failed++;
      if (lat) lat.push(nowMs() - s);
    }
    await scheduler.waitForBindings();
    return nowMs() - start;
  };

  // Warm-up: the 1,000 initial pods (upstream's initPods), not measured.
  const initMs = await schedule(INIT_PODS, null);
  const lat: number[] = [];
  const measuredMs = await schedule(PODS, lat);
  const s = summarize(lat);
  const rss = memoryUsage().rss / (1024 * 1024);

  const shape = { basic: 'SchedulingBasic', spread: 'TopologySpreading', antiaffinity: 'SchedulingPodAntiAffinity' }[WORKLOAD];
  console.log(`bench:scheduler — ${shape} shape: ${fmt(NODES)} nodes, ${fmt(INIT_PODS)} initial pods, ${fmt(PODS)} measured pods`);
  console.log(`default profile; percentageOfNodesToScore adaptive; node add ${addNodesMs.toFixed(0)} ms; initial pods ${initMs.toFixed(0)} ms`);
  console.log(
    table(
      ['workload', 'pods/s', 'attempt p50 ms', 'attempt p99 ms', 'max ms', 'bound', 'failed'],
      [[`${NODES}Nodes_${PODS}Pods`, fmt((PODS / measuredMs) * 1000), s.p50.toFixed(3), s.p99.toFixed(3), s.max.toFixed(2), fmt(bound), String(failed)]],
    ),
  );
  console.log(`rss ${rss.toFixed(0)} MiB`);
}

await main();
