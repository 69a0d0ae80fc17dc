// Test helpers for the replica controllers (only tests import this file): a FakeTransport-backed
// controller whose reconcile the test calls directly, and pods/owners to seed.

import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { FakeClock, realClock } from '../../machinery/clock/index.js';
import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { ReplicaManager } from './controller.js';
import type { ReplicaKind } from './kind.js';
import { metaTime } from './pods.js';
import type { Pod } from './types.js';

export async function eventually(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface FakeEnv {
  fake: FakeTransport;
  client: Client;
  clock: FakeClock;
  recorder: EventRecorder;
  ctrl: ReplicaManager;
  informers: SharedInformerFactory;
  /** Events written so far, as "Reason: message". */
  events(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startFakeEnv(kind: ReplicaKind, seed: (fake: FakeTransport, clock: FakeClock) => void = () => {}): Promise<FakeEnv> {
  const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z'));
  const fake = new FakeTransport({ clock });
  seed(fake, clock);
  const client = new Client({ transport: fake, component: 'test', retry: false });
  const informers = new SharedInformerFactory(client);
  const recorder = new EventRecorder(client, { component: kind.component, clock });
  const ctrl = new ReplicaManager({ kind, client, informers, recorder, clock });
  const ac = new AbortController();
  informers.start(ac.signal);
  await informers.waitForCacheSync(AbortSignal.timeout(5000));
  return {
    fake,
    client,
    clock,
    recorder,
    ctrl,
    informers,
    events: async () => {
      await recorder.flush();
      const list = await client.resource<KubeObject & { reason?: string; message?: string }>('events').list();
      return list.items.map((e) => `${e.reason}: ${e.message}`);
    },
    stop: async () => {
      ac.abort();
      await informers.shutdown();
      await recorder.shutdown();
    },
  };
}

/** A pod as a kubelet would report it: Running and Ready since `readySince` (ms), or Pending. */
export function podStatus(o: { ready?: boolean; readySince?: number; phase?: string; restarts?: number } = {}): Pod['status'] {
  const ready = o.ready ?? false;
  return {
    phase: o.phase ?? (ready ? 'Running' : 'Pending'),
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: metaTime(o.readySince ?? 0) }],
    containerStatuses: [{ name: 'c', ready, restartCount: o.restarts ?? 0 }],
  };
}

/** Controllers running against an in-process API server, as kube-controller-manager runs them. */
export interface ServerEnv {
  server: InProcessServer;
  client: Client;
  stop(): Promise<void>;
}

export async function startServerEnv(controllers: ControllerDescriptor[], o: { options?: Record<string, string>; log?: (m: string) => void } = {}): Promise<ServerEnv> {
  const server = await startInProcessServer();
  const client = server.client('kube-controller-manager', { retry: false });
  const ac = new AbortController();
  const informers = new SharedInformerFactory(client);
  const recorders: EventRecorder[] = [];
  const ctx: ControllerContext = {
    client,
    informers,
    recorder: (component) => {
      const r = new EventRecorder(client, { component });
      recorders.push(r);
      return r;
    },
    clock: realClock,
    signal: ac.signal,
    log: o.log ?? (process.env.KTS_TEST_LOG ? (m: string) => console.error(m) : () => {}),
    options: o.options ?? {},
  };
  const running = controllers.map((c) => c.start(ctx));
  informers.start(ac.signal);
  return {
    server,
    client: server.client('test'),
    stop: async () => {
      ac.abort();
      await Promise.all(running);
      await informers.shutdown();
      for (const r of recorders) await r.shutdown();
      await server.stop();
    },
  };
}

/**
 * Plays the kubelet for pods matching `selector`: every pod that is not yet Running and Ready becomes
 * so (status subresource, Ready condition with lastTransitionTime, ready container statuses).
 */
export async function markPodsReady(client: Client, namespace: string, selector?: string): Promise<number> {
  const pods = client.resource<Pod>('pods', namespace);
  let n = 0;
  for (const p of (await pods.list(selector ? { labelSelector: selector } : {})).items) {
    if (p.metadata.deletionTimestamp || p.status?.phase === 'Running') continue;
    const now = metaTime(Date.now());
    const containers = ((p.spec?.containers ?? []) as Array<{ name: string; image?: string }>).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    }));
    try {
      await pods.updateStatus({
        ...p,
        status: {
          ...p.status,
          phase: 'Running',
          startTime: now,
          podIP: '10.244.0.10',
          conditions: [
            { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
            { type: 'Initialized', status: 'True', lastTransitionTime: now },
            { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
            { type: 'Ready', status: 'True', lastTransitionTime: now },
          ],
          containerStatuses: containers,
        },
      });
      n++;
    } catch {
      /* changed or gone meanwhile: the next round sees it */
    }
  }
  return n;
}

/** Plays the kubelet in the background until stopped: pods matching `selector` become Ready. */
export function startFakeKubelet(client: Client, namespace: string, selector?: string, intervalMs = 25): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await markPodsReady(client, namespace, selector).catch(() => 0);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
