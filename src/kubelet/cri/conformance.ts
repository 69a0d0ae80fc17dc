// One conformance suite for every implementation of the CRI seam (the gRPC client to a real containerd,
// the in-memory fake): what the kubelet relies on, checked the same way for both. Checks that only a
// real runtime can satisfy (the IP lies in the node's pod CIDR, the container's output reaches its log
// file) run only when the target says it is real.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GrpcCode, RuntimeError, type ContainerConfig, type ContainerState, type PodSandboxConfig, type Runtime } from './types.js';

export interface ConformanceTarget {
  runtime: Runtime;
  /** An image present in the runtime, with busybox's sh, sleep and hostname. */
  image: string;
  /** Directory for sandbox logs (logDirectory). */
  logDir: string;
  /** True for a real runtime: sandbox IPs come from podCIDR, commands really run, logs are written. */
  real: boolean;
  podCIDR?: string;
  cleanup(): Promise<void>;
}

/** undefined: run; a string: skip the whole suite with this reason. */
export type ConformanceFactory = () => Promise<ConformanceTarget | string>;

function ipInCidr(ip: string, cidr: string): boolean {
  const toInt = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const [base, bits] = cidr.split('/');
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  return /^\d+\.\d+\.\d+\.\d+$/.test(ip) && ((toInt(ip) & mask) >>> 0) === ((toInt(base) & mask) >>> 0);
}

async function expectCode(p: Promise<unknown>, code: number): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof RuntimeError, `expected a RuntimeError, got ${String(e)}`);
    assert.equal(e.code, code, `expected gRPC code ${code}, got ${e.code}: ${e.message}`);
    return true;
  });
}

async function waitForState(rt: Runtime, id: string, state: ContainerState, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await rt.containerStatus(id)).status.state;
    if (last === state) return;
    await sleep(50);
  }
  assert.fail(`container ${id} is ${last}, not ${state}, after ${timeoutMs} ms`);
}

/** Registers the suite as a node:test describe block named after the implementation. */
export function runtimeConformance(name: string, factory: ConformanceFactory): void {
  describe(`CRI conformance: ${name}`, () => {
    let t: ConformanceTarget | undefined;
    let skip: string | undefined;
    const suffix = randomBytes(4).toString('hex');
    const podName = `conf-${suffix}`;
    const sandboxConfig = (): PodSandboxConfig => ({
      metadata: { name: podName, uid: `uid-${suffix}`, namespace: 'conformance', attempt: 0 },
      hostname: podName,
      logDirectory: join(t!.logDir, `conformance_${podName}_uid-${suffix}`),
      labels: { 'io.kubernetes.pod.name': podName, 'conformance.kts/run': suffix },
      annotations: { 'conformance.kts/note': 'hello' },
      linux: {},
    });
    const containerConfig = (cname: string, command: string[]): ContainerConfig => ({
      metadata: { name: cname, attempt: 0 },
      image: { image: t!.image },
      command,
      envs: [{ key: 'GREETING', value: 'hi' }],
      labels: { 'io.kubernetes.container.name': cname, 'conformance.kts/run': suffix },
      annotations: {},
      logPath: `${cname}/0.log`,
    });
    let sandboxId = '';
    let exitedId = '';
    let runningId = '';

    before(async () => {
      const r = await factory();
      if (typeof r === 'string') skip = r;
      else t = r;
    });
    after(async () => {
      await t?.cleanup();
    });

    const check = (title: string, fn: (rt: Runtime, tg: ConformanceTarget) => Promise<void>): void => {
      it(title, async (ctx) => {
        if (skip) return ctx.skip(skip);
        await fn(t!.runtime, t!);
      });
    };

    check('Version answers with CRI v1', async (rt) => {
      const v = await rt.version();
      assert.equal(v.runtimeApiVersion, 'v1');
      assert.ok(v.runtimeName.length > 0);
      assert.ok(v.runtimeVersion.length > 0);
    });

    check('Status reports RuntimeReady and NetworkReady', async (rt) => {
      const s = await rt.status();
      for (const type of ['RuntimeReady', 'NetworkReady']) {
        const c = s.conditions.find((x) => x.type === type);
        assert.ok(c, `${type} condition missing`);
        assert.equal(c.status, true, `${type}: ${c.reason} ${c.message}`);
      }
    });

    check('ImageStatus and ListImages know the test image; a missing image is undefined', async (rt, tg) => {
      const img = await rt.imageStatus({ image: tg.image });
      assert.ok(img, `${tg.image} not present`);
      assert.match(img.id, /^sha256:[0-9a-f]{64}$/);
      assert.ok(img.repoTags.some((x) => x === tg.image || x.endsWith(`/${tg.image}`)), `repoTags ${img.repoTags.join(',')}`);
      const byId = await rt.imageStatus({ image: img.id });
      assert.equal(byId?.id, img.id);
      assert.ok((await rt.listImages()).some((i) => i.id === img.id));
      assert.equal(await rt.imageStatus({ image: `kts.invalid/no-such-image-${suffix}:1` }), undefined);
    });

    check('RunPodSandbox gives a READY sandbox with an IP, metadata, labels and annotations', async (rt, tg) => {
      const cfg = sandboxConfig();
      sandboxId = await rt.runPodSandbox(cfg);
      assert.ok(sandboxId.length > 0);
      const { status } = await rt.podSandboxStatus(sandboxId);
      assert.equal(status.id, sandboxId);
      assert.equal(status.state, 'SANDBOX_READY');
      assert.deepEqual(status.metadata, cfg.metadata);
      assert.equal(status.labels['conformance.kts/run'], suffix);
      assert.equal(status.annotations['conformance.kts/note'], 'hello');
      assert.ok(status.createdAt > 0);
      const ip = status.network?.ip ?? '';
      assert.ok(ip.length > 0, 'sandbox has no IP');
      if (tg.real && tg.podCIDR) assert.ok(ipInCidr(ip, tg.podCIDR), `IP ${ip} not in ${tg.podCIDR}`);
    });

    check('ListPodSandbox filters by id, state and labelSelector', async (rt) => {
      const mine = (l: { id: string }[]): boolean => l.some((s) => s.id === sandboxId);
      assert.ok(mine(await rt.listPodSandbox()));
      assert.ok(mine(await rt.listPodSandbox({ id: sandboxId })));
      assert.ok(mine(await rt.listPodSandbox({ labelSelector: { 'conformance.kts/run': suffix } })));
      assert.ok(!mine(await rt.listPodSandbox({ labelSelector: { 'conformance.kts/run': 'other' } })));
      assert.ok(mine(await rt.listPodSandbox({ state: { state: 'SANDBOX_READY' } })));
      assert.ok(!mine(await rt.listPodSandbox({ state: { state: 'SANDBOX_NOTREADY' } })));
      const [s] = await rt.listPodSandbox({ id: sandboxId });
      assert.equal(s.metadata.name, podName);
      assert.equal(s.state, 'SANDBOX_READY');
    });

    check('a container that exits: CREATED → RUNNING → EXITED with its exit code and finishedAt', async (rt, tg) => {
      exitedId = await rt.createContainer(sandboxId, containerConfig('exits', ['sh', '-c', 'echo $GREETING; exit 3']), sandboxConfig());
      const created = (await rt.containerStatus(exitedId)).status;
      assert.equal(created.state, 'CONTAINER_CREATED');
      assert.equal(created.metadata.name, 'exits');
      await rt.startContainer(exitedId);
      await waitForState(rt, exitedId, 'CONTAINER_EXITED');
      const s = (await rt.containerStatus(exitedId)).status;
      assert.equal(s.exitCode, 3);
      assert.equal(s.reason, 'Error');
      assert.ok(s.startedAt > 0 && s.finishedAt > 0 && s.finishedAt >= s.createdAt);
      assert.equal(s.labels['io.kubernetes.container.name'], 'exits');
      assert.equal(s.logPath, join(sandboxConfig().logDirectory!, 'exits/0.log'));
      assert.match(s.imageRef, /sha256:[0-9a-f]{64}/);
      if (tg.real) {
        const log = await readFile(s.logPath, 'utf8');
        assert.match(log, /^\S+ stdout [FP] hi$/m, `log: ${log}`);
      }
    });

    check('a running container: RUNNING, ExecSync output and exit code, Exec gives a URL', async (rt) => {
      const script = 'trap "exit 0" TERM; while :; do sleep 1; done';
      runningId = await rt.createContainer(sandboxId, containerConfig('runs', ['sh', '-c', script]), sandboxConfig());
      await rt.startContainer(runningId);
      await waitForState(rt, runningId, 'CONTAINER_RUNNING');
      const h = await rt.execSync(runningId, ['hostname'], 10);
      assert.equal(h.exitCode, 0);
      assert.equal(h.stdout.toString().trim(), podName);
      const e = await rt.execSync(runningId, ['sh', '-c', 'echo oops >&2; exit 7'], 10);
      assert.equal(e.exitCode, 7);
      assert.equal(e.stderr.toString().trim(), 'oops');
      const ex = await rt.exec({ containerId: runningId, cmd: ['sh'], tty: false, stdin: true, stdout: true, stderr: true });
      assert.match(ex.url, /^https?:\/\/[^/]+\/.+/);
    });

    check('ListContainers filters by podSandboxId, state, labelSelector and id', async (rt) => {
      const ids = (l: { id: string }[]): string[] => l.map((c) => c.id).sort();
      const both = [exitedId, runningId].sort();
      assert.deepEqual(ids(await rt.listContainers({ podSandboxId: sandboxId })), both);
      assert.deepEqual(ids(await rt.listContainers({ labelSelector: { 'conformance.kts/run': suffix } })), both);
      assert.deepEqual(ids(await rt.listContainers({ labelSelector: { 'conformance.kts/run': suffix, 'io.kubernetes.container.name': 'runs' } })), [runningId]);
      assert.deepEqual(ids(await rt.listContainers({ podSandboxId: sandboxId, state: { state: 'CONTAINER_RUNNING' } })), [runningId]);
      assert.deepEqual(ids(await rt.listContainers({ podSandboxId: sandboxId, state: { state: 'CONTAINER_EXITED' } })), [exitedId]);
      const [c] = await rt.listContainers({ id: runningId });
      assert.equal(c.podSandboxId, sandboxId);
      assert.equal(c.metadata.name, 'runs');
      assert.equal(c.state, 'CONTAINER_RUNNING');
    });

    check('unknown ids are NotFound (gRPC code 5)', async (rt) => {
      const ghost = 'f'.repeat(64);
      await expectCode(rt.containerStatus(ghost), GrpcCode.NotFound);
      await expectCode(rt.podSandboxStatus(ghost), GrpcCode.NotFound);
      await expectCode(rt.startContainer(ghost), GrpcCode.NotFound);
      await expectCode(rt.stopContainer(ghost, 0), GrpcCode.NotFound);
      await expectCode(rt.createContainer(ghost, containerConfig('ghost', ['true']), sandboxConfig()), GrpcCode.NotFound);
    });

    check('StopContainer with a grace period: the container handles SIGTERM and exits 0', async (rt) => {
      const started = Date.now();
      await rt.stopContainer(runningId, 5);
      const s = (await rt.containerStatus(runningId)).status;
      assert.equal(s.state, 'CONTAINER_EXITED');
      assert.equal(s.exitCode, 0);
      assert.ok(Date.now() - started < 5000, 'stop waited for the whole grace period');
    });

    check('StopContainer with timeout 0 kills at once (exit code 137)', async (rt) => {
      const id = await rt.createContainer(sandboxId, containerConfig('killed', ['sh', '-c', 'while :; do sleep 1; done']), sandboxConfig());
      await rt.startContainer(id);
      await waitForState(rt, id, 'CONTAINER_RUNNING');
      await rt.stopContainer(id, 0);
      const s = (await rt.containerStatus(id)).status;
      assert.equal(s.state, 'CONTAINER_EXITED');
      assert.equal(s.exitCode, 137);
      await rt.removeContainer(id);
    });

    check('RemoveContainer removes it (and is idempotent)', async (rt) => {
      await rt.removeContainer(exitedId);
      await expectCode(rt.containerStatus(exitedId), GrpcCode.NotFound);
      assert.deepEqual((await rt.listContainers({ podSandboxId: sandboxId })).map((c) => c.id), [runningId]);
      await rt.removeContainer(exitedId);
    });

    check('StopPodSandbox makes it NOTREADY; RemovePodSandbox removes it and its containers', async (rt) => {
      await rt.stopPodSandbox(sandboxId);
      assert.equal((await rt.podSandboxStatus(sandboxId)).status.state, 'SANDBOX_NOTREADY');
      await rt.stopPodSandbox(sandboxId);
      await rt.removePodSandbox(sandboxId);
      await expectCode(rt.podSandboxStatus(sandboxId), GrpcCode.NotFound);
      assert.deepEqual(await rt.listPodSandbox({ id: sandboxId }), []);
      assert.deepEqual(await rt.listContainers({ podSandboxId: sandboxId }), []);
      await expectCode(rt.containerStatus(runningId), GrpcCode.NotFound);
      await rt.removePodSandbox(sandboxId);
    });
  });
}
