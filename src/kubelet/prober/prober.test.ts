import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { KubeObject } from '../../api/types.js';
import { FakeClock, flushAsync } from '../../machinery/clock/index.js';
import { FakeRuntime } from '../cri/fake.js';
import { httpProbe, ProbeManager, runProbe, tcpProbe, USER_AGENT } from './index.js';

async function runningContainer(rt: FakeRuntime, attempt = 0): Promise<string> {
  const sandboxConfig = { metadata: { name: 'p', uid: 'u1', namespace: 'default', attempt } };
  const sb = await rt.runPodSandbox(sandboxConfig);
  const id = await rt.createContainer(sb, { metadata: { name: 'c', attempt }, image: { image: 'busybox' } }, sandboxConfig);
  await rt.startContainer(id);
  return id;
}

async function listen(handler: http.RequestListener): Promise<{ port: number; close: () => Promise<void> }> {
  const srv = http.createServer(handler);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as net.AddressInfo).port, close: () => new Promise((r) => srv.close(() => r())) };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('httpGet probes a real server on 127.0.0.1', async (t) => {
  const seen: http.IncomingHttpHeaders[] = [];
  const srv = await listen((req, res) => {
    seen.push(req.headers);
    if (req.url === '/healthz') res.end('ok');
    else if (req.url === '/bad') {
      res.statusCode = 500;
      res.end('boom');
    } else if (req.url === '/moved') {
      res.statusCode = 302;
      res.setHeader('Location', '/healthz');
      res.end();
    } else if (req.url === '/away') {
      res.statusCode = 301;
      res.setHeader('Location', 'http://192.0.2.1/elsewhere');
      res.end();
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 1500);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  t.after(() => srv.close());
  const container: KubeObject = { metadata: {}, name: 'c', ports: [{ name: 'http', containerPort: srv.port }] };
  const target = { runtime: new FakeRuntime(), containerId: 'x', podIP: '127.0.0.1', container };
  assert.deepEqual(await httpProbe({ path: '/healthz', port: 'http', httpHeaders: [{ name: 'X-Custom', value: 'yes' }] }, target, 1), { result: 'success', output: 'ok' });
  assert.equal(seen[0]!['user-agent'], USER_AGENT);
  assert.equal(USER_AGENT, 'kube-probe/1.32');
  assert.equal(seen[0]!['x-custom'], 'yes');
  assert.deepEqual(await httpProbe({ path: '/bad', port: srv.port }, target, 1), { result: 'failure', output: 'HTTP probe failed with statuscode: 500' });
  assert.deepEqual(await httpProbe({ path: '/moved', port: srv.port }, target, 1), { result: 'success', output: 'ok' });
  assert.equal((await httpProbe({ path: '/away', port: srv.port }, target, 1)).result, 'success');
  assert.equal((await httpProbe({ path: '/missing', port: srv.port }, target, 1)).output, 'HTTP probe failed with statuscode: 404');
  const slow = await httpProbe({ path: '/slow', port: srv.port }, target, 1);
  assert.deepEqual(slow, { result: 'failure', output: `Get "http://127.0.0.1:${srv.port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  const closed = await freePort();
  assert.deepEqual(await httpProbe({ path: '/', port: closed }, target, 1), { result: 'failure', output: `Get "http://127.0.0.1:${closed}/": dial tcp 127.0.0.1:${closed}: connect: connection refused` });
  assert.deepEqual(await httpProbe({ port: 'nope' }, target, 1), { result: 'unknown', output: "couldn't find port: nope in c" });
});

test('tcpSocket, exec and grpc handlers', async (t) => {
  const srv = await listen((_req, res) => res.end());
  t.after(() => srv.close());
  const rt = new FakeRuntime({ images: ['busybox'] });
  const id = await runningContainer(rt);
  const target = { runtime: rt, containerId: id, podIP: '127.0.0.1', container: { metadata: {}, name: 'c' } as KubeObject };
  assert.equal((await tcpProbe({ port: srv.port }, target, 1)).result, 'success');
  const closed = await freePort();
  assert.deepEqual(await tcpProbe({ port: closed }, target, 1), { result: 'failure', output: `dial tcp 127.0.0.1:${closed}: connect: connection refused` });
  rt.execSyncHandler = (_id, cmd) => ({ stdout: Buffer.from(cmd.includes('ok') ? 'fine' : ''), stderr: Buffer.from(cmd.includes('ok') ? '' : "cat: can't open '/tmp/healthy': No such file or directory\n"), exitCode: cmd.includes('ok') ? 0 : 1 });
  assert.deepEqual(await runProbe({ exec: { command: ['check', 'ok'] }, timeoutSeconds: 3 }, target), { result: 'success', output: 'fine' });
  assert.deepEqual(await runProbe({ exec: { command: ['cat', '/tmp/healthy'] } }, target), { result: 'failure', output: "cat: can't open '/tmp/healthy': No such file or directory\n" });
  const call = rt.calls.filter((c) => c.method === 'execSync')[0]!;
  assert.deepEqual(call.args, [id, ['check', 'ok'], 3]);
  assert.equal((await runProbe({ exec: { command: ['x'] } }, { ...target, containerId: 'gone' })).result, 'unknown');
  assert.deepEqual(await runProbe({ grpc: { port: 9000 } }, target), { result: 'unknown', output: 'gRPC probes are not implemented in kts' });
});

test('ProbeManager: thresholds, startup gating, liveness restarts, events (fake clock)', async () => {
  const clock = new FakeClock();
  const rt = new FakeRuntime({ images: ['busybox'] });
  const id = await runningContainer(rt);
  const healthy = { startup: false, live: true, ready: true };
  rt.execSyncHandler = (_id, cmd) => ({ stdout: Buffer.alloc(0), stderr: Buffer.from(`${cmd[0]} says no`), exitCode: healthy[cmd[0] as keyof typeof healthy] ? 0 : 1 });
  const events: string[] = [];
  const unhealthy: string[] = [];
  const changes: string[] = [];
  const pm = new ProbeManager({ runtime: rt, clock, recordEvent: (_p, type, reason, msg) => events.push(`${type} ${reason} ${msg}`) });
  pm.onUnhealthy((uid, name, cid, msg, grace) => unhealthy.push(`${uid} ${name} ${cid === id} ${msg} ${grace}`));
  pm.onChange((uid) => changes.push(uid));
  const pod: KubeObject = {
    metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: {
      containers: [
        {
          name: 'c',
          startupProbe: { exec: { command: ['startup'] }, periodSeconds: 5, failureThreshold: 10 },
          livenessProbe: { exec: { command: ['live'] }, periodSeconds: 10, failureThreshold: 3, terminationGracePeriodSeconds: 7 },
          readinessProbe: { exec: { command: ['ready'] }, initialDelaySeconds: 0, periodSeconds: 10, successThreshold: 2, failureThreshold: 1 },
        },
        { name: 'plain' },
      ],
    },
  };
  const execs = (cmd: string) => rt.calls.filter((c) => c.method === 'execSync' && (c.args[1] as string[])[0] === cmd).length;

  pm.containerStarted(pod, 'c', id, '10.0.0.1');
  pm.containerStarted(pod, 'plain', 'other', '10.0.0.1');
  assert.equal(pm.ready('u1', 'plain'), undefined);
  assert.equal(pm.started('u1', 'plain'), true);
  assert.equal(pm.ready('u1', 'c'), false);
  assert.equal(pm.started('u1', 'c'), false);
  await clock.advance(20_000);
  // The startup probe failed every 5 s; liveness and readiness never ran.
  assert.equal(execs('startup'), 5);
  assert.equal(execs('live'), 0);
  assert.equal(execs('ready'), 0);
  assert.ok(events.includes('Warning Unhealthy Startup probe failed: startup says no'));
  healthy.startup = true;
  await clock.advance(5_000);
  assert.equal(pm.started('u1', 'c'), true);
  await clock.advance(10_000);
  // Readiness needs two successes in a row.
  assert.equal(execs('ready') >= 1, true);
  await clock.advance(10_000);
  assert.equal(pm.ready('u1', 'c'), true);
  const startupCalls = execs('startup');
  await clock.advance(30_000);
  assert.equal(execs('startup'), startupCalls, 'startup probe stops once passed');
  assert.ok(changes.length >= 2);

  // Readiness fails at the first failure (failureThreshold 1).
  healthy.ready = false;
  await clock.advance(10_000);
  assert.equal(pm.ready('u1', 'c'), false);
  assert.ok(events.includes('Warning Unhealthy Readiness probe failed: ready says no'));

  // Liveness: three failures → one onUnhealthy, then on hold.
  healthy.live = false;
  await clock.advance(30_000);
  assert.deepEqual(unhealthy, [`u1 c true Container c failed liveness probe, will be restarted 7`]);
  const liveCalls = execs('live');
  await clock.advance(30_000);
  assert.equal(execs('live'), liveCalls, 'on hold until the container is restarted');
  assert.equal(unhealthy.length, 1);

  // A new container id resets the workers.
  const id2 = await runningContainer(rt, 1);
  healthy.live = true;
  healthy.startup = false;
  pm.containerStarted(pod, 'c', id2, '10.0.0.1');
  assert.equal(pm.started('u1', 'c'), false);
  assert.equal(pm.ready('u1', 'c'), false);
  pm.containerStopped('u1', 'c');
  assert.equal(pm.ready('u1', 'c'), undefined);
  pm.removePod('u1');
  await flushAsync();
  assert.equal(clock.pending(), 0, 'no worker left waiting');
});

test('ProbeManager honours initialDelaySeconds', async () => {
  const clock = new FakeClock();
  const rt = new FakeRuntime({ images: ['busybox'] });
  const id = await runningContainer(rt);
  const pm = new ProbeManager({ runtime: rt, clock });
  const pod: KubeObject = { metadata: { name: 'p', uid: 'u2' }, spec: { containers: [{ name: 'c', readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: 15, periodSeconds: 10 } }] } };
  pm.containerStarted(pod, 'c', id, '10.0.0.1');
  await clock.advance(14_000);
  assert.equal(rt.calls.filter((c) => c.method === 'execSync').length, 0);
  assert.equal(pm.ready('u2', 'c'), false);
  await clock.advance(1_000);
  assert.equal(pm.ready('u2', 'c'), true);
  pm.stopAll();
});
