// For tests: a ControllerContext over any client (FakeTransport or an in-process server), as
// kube-controller-manager builds it. Only tests import this file.

import { setMaxListeners } from 'node:events';
import { Client, FakeTransport } from '../client/index.js';
import type { Clock } from '../clock/index.js';
import { FakeClock, realClock } from '../clock/index.js';
import type { ControllerContext, ControllerDescriptor } from './context.js';
import { EventRecorder } from '../events/index.js';
import { SharedInformerFactory } from '../informers/index.js';

export interface RunningController {
  ctx: ControllerContext;
  recorders: Map<string, EventRecorder>;
  stop(): Promise<void>;
}

/** Starts descriptors with one shared context; stop() aborts and waits for them. */
export function runControllers(client: Client, descriptors: ControllerDescriptor[], o: { options?: Record<string, string>; clock?: Clock } = {}): RunningController {
  const ac = new AbortController();
  // Every informer and loop listens on the one signal.
  setMaxListeners(0, ac.signal);
  const clock = o.clock ?? realClock;
  const informers = new SharedInformerFactory(client, { clock });
  const recorders = new Map<string, EventRecorder>();
  const ctx: ControllerContext = {
    client,
    informers,
    recorder: (component) => {
      let r = recorders.get(component);
      if (!r) recorders.set(component, (r = new EventRecorder(client, { component, clock })));
      return r;
    },
    clock,
    signal: ac.signal,
    log: () => {},
    options: o.options ?? {},
  };
  const running = descriptors.map((d) => d.start(ctx));
  informers.start(ac.signal);
  return {
    ctx,
    recorders,
    async stop() {
      ac.abort();
      await Promise.allSettled(running);
      await informers.shutdown();
      for (const r of recorders.values()) await r.shutdown();
    },
  };
}

/** Polls until fn returns a value (not undefined/false) or the time is up. */
export async function eventually<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, o: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const end = Date.now() + (o.timeoutMs ?? 5000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting${o.what ? ` for ${o.what}` : ''}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 20));
  }
}

export { Client };

/** One controller's test world over FakeTransport: a FakeClock, the client, informers and a recorder. */
export interface FakeControllerEnv {
  clock: FakeClock;
  fake: FakeTransport;
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  /** Starts the informers and waits until their caches are filled. */
  start(): Promise<void>;
  /** Stops the informers and the recorder. */
  stop(): Promise<void>;
}

/** `seed` fills the fake tracker before anything lists it. */
export function fakeControllerEnv(o: { now: number | Date; component: string; seed?: (fake: FakeTransport) => void }): FakeControllerEnv {
  const clock = new FakeClock(typeof o.now === 'number' ? o.now : o.now.getTime());
  const fake = new FakeTransport({ clock });
  o.seed?.(fake);
  const client = new Client({ transport: fake, clock });
  const informers = new SharedInformerFactory(client, { clock });
  const recorder = new EventRecorder(client, { component: o.component, clock });
  const ac = new AbortController();
  return {
    clock,
    fake,
    client,
    informers,
    recorder,
    async start() {
      informers.start(ac.signal);
      if (!(await informers.waitForCacheSync(AbortSignal.timeout(5000)))) throw new Error('informer caches did not sync');
    },
    async stop() {
      ac.abort();
      await informers.shutdown();
      await recorder.shutdown();
    },
  };
}
