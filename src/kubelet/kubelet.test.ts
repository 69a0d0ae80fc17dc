import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../api/types.js';
import { isNotFound, type Client } from '../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../machinery/client/testenv.js';
import { FakeRuntime, type FakeRuntimeOptions } from './cri/fake.js';
import { Kubelet, type KubeletOptions } from './kubelet.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Env {
  srv: InProcessServer;
  client: Client;
  rt: FakeRuntime;
  dataDir: string;
  start(extra?: Partial<KubeletOptions>): Kubelet;
  stopKubelet(): Promise<void>;
  close(): Promise<void>;
}

async function setup(rtOpts: FakeRuntimeOptions = {}): Promise<Env> {
  const srv = await startInProcessServer();
  const client = srv.client('kubelet');
  const rt = new FakeRuntime({ images: ['busybox'], ...rtOpts });
  const dataDir = await mkdtemp(join(tmpdir(), 'kts-kubelet-'));
  let ac: AbortController | undefined;
  let done: Promise<void> | undefined;
  const env: Env = {
    srv,
    client,
    rt,
    dataDir,
    start(extra = {}) {
      ac = new AbortController();
      const k = new Kubelet({
        client,
        runtime: rt,
        nodeName: 'n1',
        nodeIP: '192.168.5.5',
        dataDir,
        kubeletPort: 10250,
        initialBackoffMs: 400,
        maxBackoffMs: 5000,
        plegIntervalMs: 30,
        resyncIntervalMs: 500,
        housekeepingIntervalMs: 100,
        useTmpfs: false,
        resolvConf: '',
        ...extra,
      });
      done = k.run(ac.signal);
      return k;
    },
    async stopKubelet() {
      ac?.abort();
      await done;
    },
    async close() {
      await env.stopKubelet();
      await srv.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return env;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function pod(name: string, spec: Obj): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'n1', ...spec } };
}

const busy = (name: string, extra: Obj = {}): Obj => ({ name, image: 'busybox', imagePullPolicy: 'IfNotPresent', ...extra });

async function getPod(env: Env, name: string): Promise<Obj> {
  return (await env.client.resource('pods', 'default').get(name)) as Obj;
}

function cond(p: Obj, type: string): Obj | undefined {
  return (p.status?.conditions ?? []).find((c: Obj) => c.type === type);
}

test('a pod bound to the node runs: sandbox, container, Running with podIP and Ready', async () => {
  const env = await setup();
  try {
    env.start();
    await env.client.resource('pods', 'default').create(pod('web', { containers: [busy('c', { command: ['sleep', '3600'] })] }));
    const p = await waitFor('Running + Ready', async () => {
      const p = await getPod(env, 'web');
      return p.status?.phase === 'Running' && cond(p, 'Ready')?.status === 'True' ? p : undefined;
    });
    assert.match(p.status.podIP, /^10\.88\.0\.\d+$/);
    assert.deepEqual(p.status.podIPs, [{ ip: p.status.podIP }]);
    assert.equal(p.status.hostIP, '192.168.5.5');
    assert.equal(p.status.qosClass, 'BestEffort');
    assert.ok(p.status.startTime);
    const cs = p.status.containerStatuses[0];
    assert.equal(cs.name, 'c');
    assert.ok(cs.state.running.startedAt);
    assert.equal(cs.ready, true);
    assert.equal(cs.started, true);
    assert.equal(cs.restartCount, 0);
    assert.match(cs.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
    assert.equal(cs.image, 'docker.io/library/busybox:latest');
    for (const t of ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled']) assert.equal(cond(p, t)?.status, 'True', t);
    const snap = env.rt.snapshot();
    assert.equal(snap.sandboxes.length, 1);
    assert.equal(snap.containers.length, 1);
    const create = env.rt.calls.find((c) => c.method === 'createContainer')!;
    const cfg = create.args[1] as Obj;
    assert.deepEqual(cfg.command, ['sleep', '3600']);
    assert.equal(cfg.logPath, 'c/0.log');
    assert.equal(cfg.labels['io.kubernetes.pod.uid'], p.metadata.uid);
    assert.ok(cfg.annotations['io.kubernetes.container.hash']);
    assert.ok(cfg.mounts.some((m: Obj) => m.containerPath === '/etc/hosts'));
    const sb = create.args[2] as Obj;
    assert.equal(sb.logDirectory, join(env.dataDir, 'logs', 'pods', `default_web_${p.metadata.uid}`));
    assert.equal(sb.hostname, 'web');
    const events = await waitFor('events', async () => {
      const l = await env.client.resource('events', 'default').list();
      const reasons = l.items.map((e) => (e as Obj).reason);
      return ['Pulled', 'Created', 'Started'].every((r) => reasons.includes(r)) ? l.items : undefined;
    });
    const pulled = events.find((e) => (e as Obj).reason === 'Pulled') as Obj;
    assert.equal(pulled.message, 'Container image "busybox" already present on machine');
  } finally {
    await env.close();
  }
});

test('a crashing container restarts at once, then backs off with CrashLoopBackOff', async () => {
  const env = await setup();
  try {
    env.start({ initialBackoffMs: 600 });
    await env.client.resource('pods', 'default').create(pod('crash', { containers: [busy('c')] }));
    const running = async () => {
      const p = await getPod(env, 'crash');
      return p.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
    };
    await waitFor('running', running);
    const first = env.rt.snapshot().containers.find((c) => c.state === 'CONTAINER_RUNNING')!;
    const t0 = Date.now();
    env.rt.exitContainer(first.id, 1);
    const p1 = await waitFor('restart 1', async () => {
      const p = await running();
      return p && p.status.containerStatuses[0].restartCount === 1 ? p : undefined;
    }, 3000);
    assert.ok(Date.now() - t0 < 1000, `first restart took ${Date.now() - t0} ms`);
    assert.equal(p1.status.containerStatuses[0].lastState.terminated.exitCode, 1);
    assert.equal(p1.status.containerStatuses[0].lastState.terminated.reason, 'Error');

    const second = env.rt.snapshot().containers.find((c) => c.state === 'CONTAINER_RUNNING')!;
    const t1 = Date.now();
    env.rt.exitContainer(second.id, 2);
    const waiting = await waitFor('CrashLoopBackOff', async () => {
      const p = await getPod(env, 'crash');
      return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' ? p : undefined;
    });
    const cs = waiting.status.containerStatuses[0];
    assert.match(cs.state.waiting.message, /^back-off \d+s restarting failed container=c pod=crash_default\(/);
    assert.equal(cs.lastState.terminated.exitCode, 2);
    assert.equal(cs.ready, false);
    assert.equal(cond(waiting, 'Ready')?.status, 'False');
    await waitFor('restart 2', async () => {
      const p = await running();
      return p && p.status.containerStatuses[0].restartCount === 2 ? p : undefined;
    }, 4000);
    assert.ok(Date.now() - t1 >= 550, `second restart came after ${Date.now() - t1} ms, before the back-off`);
    // the previous container is kept for logs --previous, older ones are removed
    const names = env.rt.snapshot().containers.map((c) => c.state);
    assert.deepEqual(names.sort(), ['CONTAINER_EXITED', 'CONTAINER_RUNNING']);
    const events = (await env.client.resource('events', 'default').list()).items as Obj[];
    assert.ok(events.some((e) => e.reason === 'BackOff' && /^Back-off restarting failed container c in pod crash_default\(/.test(e.message)));
  } finally {
    await env.close();
  }
});

test('restart policies: OnFailure completes as Succeeded, Never with a failure is Failed', async () => {
  const env = await setup({
    containerBehavior: (c) => (c.metadata.name === 'ok' ? { exitCode: 0, afterMs: 30 } : c.metadata.name === 'bad' ? { exitCode: 3, afterMs: 30 } : undefined),
  });
  try {
    env.start();
    const pods = env.client.resource('pods', 'default');
    await pods.create(pod('job', { restartPolicy: 'OnFailure', containers: [busy('ok')] }));
    await pods.create(pod('never', { restartPolicy: 'Never', containers: [busy('bad')] }));
    const job = await waitFor('Succeeded', async () => ((await getPod(env, 'job')).status?.phase === 'Succeeded' ? getPod(env, 'job') : undefined));
    assert.equal(job.status.containerStatuses[0].state.terminated.reason, 'Completed');
    assert.equal(job.status.containerStatuses[0].state.terminated.exitCode, 0);
    assert.equal(cond(job, 'Ready')?.reason, 'PodCompleted');
    const never = await waitFor('Failed', async () => ((await getPod(env, 'never')).status?.phase === 'Failed' ? getPod(env, 'never') : undefined));
    assert.equal(never.status.containerStatuses[0].state.terminated.exitCode, 3);
    assert.equal(never.status.containerStatuses[0].state.terminated.reason, 'Error');
    assert.equal(never.status.containerStatuses[0].restartCount, 0);
    // the sandboxes were stopped, the containers kept; nothing restarts
    await new Promise((r) => setTimeout(r, 300));
    const snap = env.rt.snapshot();
    assert.ok(snap.sandboxes.every((s) => s.state === 'SANDBOX_NOTREADY'));
    assert.equal(snap.containers.length, 2);
    assert.equal(env.rt.calls.filter((c) => c.method === 'startContainer').length, 2);
  } finally {
    await env.close();
  }
});

test('init containers run one after another before the app containers', async () => {
  const env = await setup({ containerBehavior: (c) => (c.metadata.name.startsWith('init') ? { exitCode: 0, afterMs: 40 } : undefined) });
  try {
    env.start();
    await env.client.resource('pods', 'default').create(pod('ini', { initContainers: [busy('init1'), busy('init2')], containers: [busy('main')] }));
    const p = await waitFor('Running', async () => {
      const p = await getPod(env, 'ini');
      return p.status?.phase === 'Running' && cond(p, 'Ready')?.status === 'True' ? p : undefined;
    });
    const started = env.rt.calls.filter((c) => c.method === 'createContainer').map((c) => (c.args[1] as Obj).metadata.name);
    assert.deepEqual(started, ['init1', 'init2', 'main']);
    assert.equal(p.status.initContainerStatuses.length, 2);
    for (const s of p.status.initContainerStatuses) {
      assert.equal(s.state.terminated.reason, 'Completed');
      assert.equal(s.ready, true);
    }
    assert.equal(cond(p, 'Initialized')?.status, 'True');
  } finally {
    await env.close();
  }
});

test('a pod shows PodInitializing while an init container runs', async () => {
  const env = await setup();
  try {
    env.start();
    await env.client.resource('pods', 'default').create(pod('slow', { initContainers: [busy('init')], containers: [busy('main')] }));
    const p = await waitFor('Pending', async () => {
      const p = await getPod(env, 'slow');
      return p.status?.initContainerStatuses?.[0]?.state?.running ? p : undefined;
    });
    assert.equal(p.status.phase, 'Pending');
    assert.equal(p.status.containerStatuses[0].state.waiting.reason, 'PodInitializing');
    assert.equal(cond(p, 'Initialized')?.status, 'False');
    assert.equal(cond(p, 'Initialized')?.message, 'containers with incomplete status: [init]');
    const id = env.rt.snapshot().containers[0]!.id;
    env.rt.exitContainer(id, 0);
    await waitFor('Running', async () => ((await getPod(env, 'slow')).status?.phase === 'Running' ? true : undefined));
  } finally {
    await env.close();
  }
});

test('deletion with grace: containers stopped with the grace period, then the pod is deleted', async () => {
  const env = await setup();
  try {
    env.start();
    const pods = env.client.resource('pods', 'default');
    await pods.create(pod('del', { terminationGracePeriodSeconds: 17, containers: [busy('a'), busy('b')] }));
    await waitFor('Running', async () => ((await getPod(env, 'del')).status?.phase === 'Running' ? true : undefined));
    await pods.delete('del');
    await waitFor('pod gone', async () => {
      try {
        await getPod(env, 'del');
        return false;
      } catch (e) {
        return isNotFound(e);
      }
    });
    const stops = env.rt.calls.filter((c) => c.method === 'stopContainer');
    assert.equal(stops.length, 2);
    assert.ok(stops.every((s) => s.args[1] === 17));
    const order = env.rt.calls.map((c) => c.method);
    assert.ok(order.lastIndexOf('stopContainer') < order.indexOf('stopPodSandbox'));
    assert.deepEqual(env.rt.snapshot(), { sandboxes: [], containers: [] });
    const events = (await env.client.resource('events', 'default').list()).items as Obj[];
    assert.ok(events.some((e) => e.reason === 'Killing' && e.message === 'Stopping container a'));
  } finally {
    await env.close();
  }
});

test('a second kubelet over the same runtime adopts running containers without restarts', async () => {
  const env = await setup();
  try {
    env.start();
    await env.client.resource('pods', 'default').create(pod('keep', { containers: [busy('c')] }));
    const before = await waitFor('Running', async () => {
      const p = await getPod(env, 'keep');
      return cond(p, 'Ready')?.status === 'True' ? p : undefined;
    });
    await env.stopKubelet();
    const n = env.rt.calls.length;
    env.start();
    await new Promise((r) => setTimeout(r, 600));
    const after = env.rt.calls.slice(n).map((c) => c.method);
    assert.ok(after.includes('listContainers'), 'the new kubelet looked at the runtime');
    for (const m of ['runPodSandbox', 'createContainer', 'startContainer', 'stopContainer', 'stopPodSandbox', 'removeContainer']) assert.ok(!after.includes(m), `unexpected ${m}`);
    const p = await getPod(env, 'keep');
    assert.equal(p.status.containerStatuses[0].containerID, before.status.containerStatuses[0].containerID);
    assert.equal(p.status.containerStatuses[0].restartCount, 0);
    assert.equal(cond(p, 'Ready')?.status, 'True');
  } finally {
    await env.close();
  }
});

test('images: Never and missing → ErrImageNeverPull; a failing pull → ErrImagePull then ImagePullBackOff', async () => {
  const env = await setup();
  try {
    env.start({ initialBackoffMs: 2000 });
    const pods = env.client.resource('pods', 'default');
    await pods.create(pod('never', { containers: [{ name: 'c', image: 'ghost:1.0', imagePullPolicy: 'Never' }] }));
    await pods.create(pod('pull', { containers: [{ name: 'c', image: 'ghost:2.0' }] }));
    const np = await waitFor('ErrImageNeverPull', async () => {
      const p = await getPod(env, 'never');
      return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ErrImageNeverPull' ? p : undefined;
    });
    assert.equal(np.status.containerStatuses[0].state.waiting.message, 'Container image "ghost:1.0" is not present with pull policy of Never');
    assert.equal(np.status.phase, 'Pending');
    const seen = new Set<string>();
    await waitFor('ErrImagePull and ImagePullBackOff', async () => {
      const r = (await getPod(env, 'pull')).status?.containerStatuses?.[0]?.state?.waiting?.reason;
      if (r) seen.add(r);
      return seen.has('ErrImagePull') && seen.has('ImagePullBackOff');
    }).catch((e: Error) => {
      throw new Error(`${e.message} (saw ${[...seen].join(', ')})`);
    });
    const events = (await env.client.resource('events', 'default').list()).items as Obj[];
    assert.ok(events.some((e) => e.reason === 'Pulling' && e.message === 'Pulling image "ghost:2.0"'));
    assert.ok(events.some((e) => e.reason === 'Failed' && e.message.startsWith('Failed to pull image "ghost:2.0": ')));
    assert.ok(events.some((e) => e.reason === 'BackOff' && e.message === 'Back-off pulling image "ghost:2.0"'));
  } finally {
    await env.close();
  }
});

test('an image change in the spec kills and recreates the container', async () => {
  const env = await setup({ images: ['busybox', 'busybox:1.36'] });
  try {
    env.start();
    const pods = env.client.resource('pods', 'default');
    await pods.create(pod('upd', { containers: [busy('c')] }));
    await waitFor('Running', async () => ((await getPod(env, 'upd')).status?.phase === 'Running' ? true : undefined));
    await pods.patch('upd', { spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } }, { type: 'strategic' });
    const p = await waitFor('new image', async () => {
      const p = await getPod(env, 'upd');
      const cs = p.status?.containerStatuses?.[0];
      return cs?.image === 'docker.io/library/busybox:1.36' && cs.state.running ? p : undefined;
    });
    assert.equal(p.status.containerStatuses[0].restartCount, 1);
    const events = (await env.client.resource('events', 'default').list()).items as Obj[];
    assert.ok(events.some((e) => e.reason === 'Killing' && e.message === 'Container c definition changed, will be restarted'));
  } finally {
    await env.close();
  }
});

test('a force-deleted pod is torn down in the runtime', async () => {
  const env = await setup();
  try {
    env.start();
    const pods = env.client.resource('pods', 'default');
    await pods.create(pod('gone', { containers: [busy('c')] }));
    await waitFor('Running', async () => ((await getPod(env, 'gone')).status?.phase === 'Running' ? true : undefined));
    await pods.delete('gone', { gracePeriodSeconds: 0 });
    await waitFor('runtime empty', async () => env.rt.snapshot().sandboxes.length === 0 && env.rt.snapshot().containers.length === 0);
  } finally {
    await env.close();
  }
});

test('static pods from the manifests directory run and get a mirror pod with their status', async () => {
  const env = await setup();
  try {
    await mkdir(join(env.dataDir, 'manifests'));
    await writeFile(join(env.dataDir, 'manifests', 'st.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: st\nspec:\n  containers:\n  - name: c\n    image: busybox\n    imagePullPolicy: IfNotPresent\n');
    env.start({ fileCheckFrequencyMs: 100 });
    const m = await waitFor('mirror pod Running', async () => {
      const p = await getPod(env, 'st-n1');
      return p.status?.phase === 'Running' ? p : undefined;
    });
    assert.ok(m.metadata.annotations['kubernetes.io/config.mirror']);
    assert.equal(m.metadata.annotations['kubernetes.io/config.source'], 'file');
    assert.equal(m.spec.nodeName, 'n1');
    assert.equal(env.rt.snapshot().containers.length, 1);
    // the manifest goes away: the pod stops and its mirror is deleted
    await rm(join(env.dataDir, 'manifests', 'st.yaml'));
    await waitFor('runtime empty', async () => env.rt.snapshot().sandboxes.length === 0);
    await waitFor('mirror gone', async () => {
      try {
        await getPod(env, 'st-n1');
        return false;
      } catch (e) {
        return isNotFound(e);
      }
    });
  } finally {
    await env.close();
  }
});
