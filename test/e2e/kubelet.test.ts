// Issue 5's acceptance: real pods in real containers. `kts server` runs its local node (kubelet + its
// own containerd, CNI bridge, locally built busybox and pause images); the real kubectl drives it.
// Needs root and containerd, runc, the CNI plugins, umoci and busybox-static (.ci/run installs them).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually, freePort, KTS, manifest, startCluster, type Cluster } from './harness.js';

const missing = ['/usr/bin/containerd', '/usr/sbin/runc', '/usr/lib/cni/bridge', '/usr/bin/umoci', '/usr/bin/busybox'].filter((p) => spawnSync('test', ['-x', p]).status !== 0);
const skip = process.getuid?.() !== 0 ? 'needs root' : missing.length ? `missing ${missing.join(', ')} (apt-get install -y containerd runc containernetworking-plugins umoci busybox-static)` : false;

interface PodJson {
  metadata: { name: string; uid: string };
  spec: { nodeName?: string };
  status: {
    phase?: string;
    podIP?: string;
    conditions?: Array<{ type: string; status: string }>;
    containerStatuses?: Array<{
      name: string;
      ready: boolean;
      restartCount: number;
      containerID?: string;
      state?: { running?: { startedAt: string }; waiting?: { reason: string }; terminated?: { reason: string; exitCode: number } };
      lastState?: { terminated?: { reason: string; exitCode: number } };
    }>;
  };
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

describe('kubelet: real containers through CRI and containerd', { skip, timeout: 600_000 }, () => {
  let c: Cluster;
  let dataDir: string;
  let port: number;
  const node = 'kts-e2e-node';
  const cidr = `10.${200 + Math.floor(Math.random() * 50)}.0.0/16`;
  const args = ['--node-name', node, '--kubelet-port', '0', '--cluster-cidr', cidr];
  const pod = async (name: string) => JSON.parse(await c.k(['get', 'pod', name, '-o', 'json'])) as PodJson;
  const running = (name: string) => eventually(async () => ((await pod(name)).status.phase === 'Running' ? pod(name) : undefined), { timeoutMs: 60_000, what: `pod ${name} Running` });

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kts-e2e-kubelet-'));
    port = await freePort();
    c = await startCluster({ agent: true, dataDir, port, args, timeoutMs: 120_000 });
    await eventually(async () => {
      const n = JSON.parse(await c.k(['get', 'node', node, '-o', 'json'])) as { status: { conditions: Array<{ type: string; status: string }> } };
      return n.status.conditions.find((x) => x.type === 'Ready')?.status === 'True';
    }, { timeoutMs: 90_000, what: 'the node to be Ready' });
  });
  after(async () => {
    await c?.stop();
    spawnSync(process.execPath, [KTS, 'killall', '--data-dir', dataDir], { stdio: 'inherit' });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers a Ready node with the real capacity', async () => {
    const n = JSON.parse(await c.k(['get', 'node', node, '-o', 'json'])) as { status: { capacity: Record<string, string>; nodeInfo: Record<string, string> } };
    assert.equal(n.status.capacity.cpu, String(availableParallelism()));
    assert.equal(n.status.capacity.pods, '110');
    const memKi = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
    assert.equal(n.status.capacity.memory, `${memKi}Ki`);
    assert.match(n.status.nodeInfo.containerRuntimeVersion!, /^containerd:\/\//);
    assert.match(await c.k(['get', 'nodes']), new RegExp(`${node}\\s+Ready`));
  });

  it('shows a busybox pod’s output in kubectl logs, and runs hostname through kubectl exec', async () => {
    await c.k(['run', 'hello', '--image=busybox:1.35', '--restart=Never', '--', 'sh', '-c', 'echo hello from busybox; echo to stderr >&2; sleep 3600']);
    await running('hello');
    const logs = await eventually(async () => {
      const out = await c.k(['logs', 'hello']);
      return out.includes('hello from busybox') ? out : undefined;
    }, { what: 'the log line' });
    assert.match(logs, /to stderr/);
    assert.equal((await c.k(['exec', 'hello', '--', 'hostname'])).trim(), 'hello');
    const exit = await c.kubectl(['exec', 'hello', '--', 'sh', '-c', 'exit 3']);
    assert.equal(exit.code, 3, exit.stderr);
    const echoed = await c.k(['exec', '-i', 'hello', '--', 'cat'], { input: 'through stdin\n' });
    assert.equal(echoed, 'through stdin\n');
  });

  it('reaches busybox httpd through kubectl port-forward', async () => {
    await c.k(['run', 'web', '--image=busybox:1.35', '--restart=Never', '--', 'sh', '-c', 'mkdir -p /www && echo served-by-web > /www/index.html && httpd -f -p 8080 -h /www']);
    await running('web');
    const pf = spawn('/usr/bin/kubectl', ['port-forward', 'pod/web', ':8080'], { env: { ...process.env, KUBECONFIG: c.kubeconfig } });
    try {
      let out = '';
      pf.stdout.on('data', (d: Buffer) => (out += d));
      pf.stderr.on('data', (d: Buffer) => (out += d));
      const local = await eventually(async () => /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(out)?.[1], { what: `port-forward to start: ${out}` });
      const r = await eventually(async () => {
        const x = await httpGet(`http://127.0.0.1:${local}/`);
        return x.status === 200 ? x : undefined;
      }, { what: 'an answer through the tunnel' });
      assert.equal(r.body.trim(), 'served-by-web');
    } finally {
      pf.kill('SIGTERM');
    }
  });

  it('restarts a crashed container within 1 s the first time, then backs off with CrashLoopBackOff', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kts-e2e-crash-'));
    try {
      await c.k(['apply', '-f', manifest(`apiVersion: v1
kind: Pod
metadata: {name: crasher}
spec:
  containers:
  - name: c
    image: busybox:1.35
    command: [sh, -c, 'read up idle < /proc/uptime; echo $up >> /data/starts; sleep 1; exit 1']
    volumeMounts: [{name: data, mountPath: /data}]
  volumes: [{name: data, hostPath: {path: ${dir}, type: Directory}}]
`)]);
      const starts = await eventually(async () => {
        const lines = readFileSync(join(dir, 'starts'), 'utf8').trim().split('\n');
        return lines.length >= 2 ? lines.map((l) => Number(l) * 1000) : undefined;
      }, { timeoutMs: 60_000, what: 'a restart' });
      const gap = starts[1]! - starts[0]! - 1000;
      assert.ok(gap < 1000, `the first restart came ${gap.toFixed(0)} ms after the crash`);
      const p = await eventually(async () => {
        const x = await pod('crasher');
        return x.status.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' ? x : undefined;
      }, { timeoutMs: 60_000, what: 'CrashLoopBackOff' });
      assert.ok(p.status.containerStatuses![0]!.restartCount >= 1);
      assert.equal(p.status.containerStatuses![0]!.lastState?.terminated?.exitCode, 1);
      assert.match(await c.k(['get', 'pod', 'crasher']), /CrashLoopBackOff/);
      assert.match(await c.k(['describe', 'pod', 'crasher']), /Back-off restarting failed container/);
    } finally {
      await c.kubectl(['delete', 'pod', 'crasher', '--grace-period=0', '--force']);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restarts a container whose liveness probe fails, and gates Ready on the readiness probe', async () => {
    await c.k(['apply', '-f', manifest(`apiVersion: v1
kind: Pod
metadata: {name: probed}
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: live
    image: busybox:1.35
    command: [sh, -c, 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 3600']
    livenessProbe: {exec: {command: [cat, /tmp/healthy]}, periodSeconds: 1, failureThreshold: 2}
  - name: ready
    image: busybox:1.35
    command: [sleep, '3600']
    readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}
`)]);
    await running('probed');
    const restarted = await eventually(async () => {
      const x = await pod('probed');
      return (x.status.containerStatuses?.find((s) => s.name === 'live')?.restartCount ?? 0) >= 1 ? x : undefined;
    }, { timeoutMs: 60_000, what: 'the liveness restart' });
    assert.equal(restarted.status.conditions?.find((x) => x.type === 'Ready')?.status, 'False', 'not Ready before the readiness probe passes');
    assert.match(await c.k(['describe', 'pod', 'probed']), /Liveness probe failed/);
    await c.k(['exec', 'probed', '-c', 'ready', '--', 'touch', '/tmp/ready']);
    await eventually(async () => (await pod('probed')).status.containerStatuses?.find((s) => s.name === 'ready')?.ready, { what: 'readiness' });
    await c.k(['delete', 'pod', 'probed', '--grace-period=1']);
  });

  it('reports OOMKilled when a container exceeds its memory limit', async () => {
    await c.k(['apply', '-f', manifest(`apiVersion: v1
kind: Pod
metadata: {name: hog}
spec:
  restartPolicy: Never
  containers:
  - name: hog
    image: busybox:1.35
    command: [dd, 'if=/dev/zero', 'of=/dev/null', 'bs=200M', 'count=1']
    resources: {limits: {memory: 32Mi}}
`)]);
    const p = await eventually(async () => {
      const x = await pod('hog');
      return x.status.phase === 'Failed' ? x : undefined;
    }, { timeoutMs: 60_000, what: 'the pod to fail' });
    assert.equal(p.status.containerStatuses![0]!.state?.terminated?.reason, 'OOMKilled');
    assert.equal(p.status.containerStatuses![0]!.state?.terminated?.exitCode, 137);
  });

  it('serves from three httpd pods of a Deployment on their pod IPs', async () => {
    await c.k(['apply', '-f', manifest(`apiVersion: apps/v1
kind: Deployment
metadata: {name: httpd}
spec:
  replicas: 3
  selector: {matchLabels: {app: httpd}}
  template:
    metadata: {labels: {app: httpd}}
    spec:
      containers:
      - name: httpd
        image: busybox:1.35
        command: [sh, -c, 'mkdir -p /www && hostname > /www/index.html && httpd -f -p 8080 -h /www']
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1}
`)]);
    await c.k(['rollout', 'status', 'deployment/httpd', '--timeout=90s']);
    const list = JSON.parse(await c.k(['get', 'pods', '-l', 'app=httpd', '-o', 'json'])) as { items: PodJson[] };
    assert.equal(list.items.length, 3);
    const ips = new Set(list.items.map((p) => p.status.podIP));
    assert.equal(ips.size, 3, 'three distinct pod IPs');
    for (const p of list.items) {
      const r = await httpGet(`http://${p.status.podIP}:8080/`);
      assert.equal(r.body.trim(), p.metadata.name);
    }
  });

  it('lists the ready httpd pods in the Service endpoints', async () => {
    await c.k(['expose', 'deployment', 'httpd', '--port=80', '--target-port=8080']);
    const ips = await eventually(async () => {
      const ep = JSON.parse(await c.k(['get', 'endpoints', 'httpd', '-o', 'json'])) as { subsets?: Array<{ addresses?: Array<{ ip: string }> }> };
      const list = (ep.subsets ?? []).flatMap((x) => x.addresses ?? []).map((a) => a.ip);
      return list.length === 3 ? list : undefined;
    }, { what: 'three ready endpoints' });
    const pods = JSON.parse(await c.k(['get', 'pods', '-l', 'app=httpd', '-o', 'json'])) as { items: PodJson[] };
    assert.deepEqual([...ips].sort(), pods.items.map((p) => p.status.podIP!).sort());
  });

  it('runs hostNetwork pods in the node’s network, as the securityContext user, with a TTY for exec -it', async () => {
    await c.k(['apply', '-f', manifest(`apiVersion: v1
kind: Pod
metadata: {name: hostnet}
spec:
  hostNetwork: true
  securityContext: {runAsUser: 1000, runAsGroup: 3000}
  containers:
  - {name: c, image: busybox:1.35, command: [sleep, '3600']}
`)]);
    const p = await running('hostnet');
    const n = JSON.parse(await c.k(['get', 'node', node, '-o', 'json'])) as { status: { addresses: Array<{ type: string; address: string }> } };
    assert.equal(p.status.podIP, n.status.addresses.find((a) => a.type === 'InternalIP')!.address);
    assert.equal((await c.k(['exec', 'hostnet', '--', 'id', '-u'])).trim(), '1000');
    assert.equal((await c.k(['exec', 'hostnet', '--', 'id', '-g'])).trim(), '3000');
    // The pod sees the host's interfaces.
    assert.match(await c.k(['exec', 'hostnet', '--', 'cat', '/proc/net/dev']), /kts-/);
    const tty = spawnSync('script', ['-qec', `kubectl exec -it hostnet -- sh -c 'tty; exit 0'`, '/dev/null'], { env: { ...process.env, KUBECONFIG: c.kubeconfig }, timeout: 30_000 });
    assert.match(tty.stdout.toString(), /\/dev\/pts\/\d+/);
    await c.k(['delete', 'pod', 'hostnet', '--grace-period=0', '--force']);
  });

  it('publishes a hostPort on the node, and keeps a second pod wanting the same port Pending', async () => {
    const hostPort = await freePort();
    const spec = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: httpd
    image: busybox:1.35
    command: [sh, -c, 'mkdir -p /www && hostname > /www/index.html && httpd -f -p 8080 -h /www']
    ports: [{containerPort: 8080, hostPort: ${hostPort}}]
`;
    await c.k(['apply', '-f', manifest(spec('hostport-a'))]);
    await running('hostport-a');
    // The CNI portmap plugin forwards the node's port (here reached over loopback) into the pod.
    const r = await eventually(async () => {
      try {
        return await httpGet(`http://127.0.0.1:${hostPort}/`);
      } catch {
        return undefined;
      }
    }, { timeoutMs: 20_000, what: `the hostPort ${hostPort} to answer` });
    assert.equal(r.body.trim(), 'hostport-a');
    await c.k(['apply', '-f', manifest(spec('hostport-b'))]);
    const why = await eventually(async () => {
      const out = await c.k(['describe', 'pod', 'hostport-b']);
      return /FailedScheduling/.test(out) ? out : undefined;
    }, { what: 'FailedScheduling for the second pod' });
    assert.match(why, /didn't have free ports for the requested pod ports/);
    assert.equal((await pod('hostport-b')).status.phase, 'Pending');
    await c.k(['delete', 'pod', 'hostport-a', 'hostport-b', '--grace-period=0', '--force']);
  });

  it('passes env from a ConfigMap and files from a Secret volume into the container', async () => {
    await c.k(['create', 'configmap', 'settings', '--from-literal=GREETING=hello-from-configmap']);
    await c.k(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret']);
    await c.k(['apply', '-f', manifest(`apiVersion: v1
kind: Pod
metadata: {name: configured}
spec:
  containers:
  - name: c
    image: busybox:1.35
    command: [sleep, '3600']
    envFrom: [{configMapRef: {name: settings}}]
    volumeMounts: [{name: creds, mountPath: /etc/creds, readOnly: true}]
  volumes: [{name: creds, secret: {secretName: creds}}]
`)]);
    await running('configured');
    assert.equal((await c.k(['exec', 'configured', '--', 'sh', '-c', 'echo $GREETING'])).trim(), 'hello-from-configmap');
    assert.equal((await c.k(['exec', 'configured', '--', 'cat', '/etc/creds/password'])).trim(), 's3cret');
  });

  it('follows logs, copies files with kubectl cp, and serves node stats', async () => {
    await c.k(['run', 'ticker', '--image=busybox:1.35', '--restart=Never', '--', 'sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done']);
    await running('ticker');
    const follow = spawn('/usr/bin/kubectl', ['logs', '-f', 'ticker'], { env: { ...process.env, KUBECONFIG: c.kubeconfig } });
    let followed = '';
    follow.stdout.on('data', (d: Buffer) => (followed += d));
    try {
      // New lines keep arriving on the open stream.
      await eventually(async () => /tick 1\b/.test(followed), { what: 'the first lines' });
      const seen = followed.length;
      await eventually(async () => followed.length > seen + 10, { what: 'lines written after the stream opened' });
    } finally {
      follow.kill('SIGTERM');
    }
    assert.match(await c.k(['logs', 'ticker', '--tail=1']), /^tick \d+\n$/);
    const dir = mkdtempSync(join(tmpdir(), 'kts-e2e-cp-'));
    try {
      const local = join(dir, 'in.txt');
      writeFileSync(local, 'copied into the pod\n');
      await c.k(['cp', local, 'ticker:/tmp/in.txt']);
      assert.equal(await c.k(['exec', 'ticker', '--', 'cat', '/tmp/in.txt']), 'copied into the pod\n');
      await c.k(['cp', 'ticker:/tmp/in.txt', join(dir, 'back.txt')]);
      assert.equal(readFileSync(join(dir, 'back.txt'), 'utf8'), 'copied into the pod\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const summary = JSON.parse(await c.k(['get', '--raw', `/api/v1/nodes/${node}/proxy/stats/summary`])) as { node: { nodeName: string; memory?: { workingSetBytes?: number } }; pods: Array<{ podRef: { name: string }; memory?: { workingSetBytes?: number } }> };
    assert.equal(summary.node.nodeName, node);
    assert.ok((summary.node.memory?.workingSetBytes ?? 0) > 0);
    assert.ok(summary.pods.some((p) => p.podRef.name === 'ticker'));
    await c.k(['delete', 'pod', 'ticker', '--grace-period=0', '--force']);
  });

  it('shows ErrImagePull and ImagePullBackOff for an image no registry can give', async () => {
    await c.k(['run', 'nowhere', '--image=registry.invalid/nothing:1.0', '--restart=Never']);
    const p = await eventually(async () => {
      const x = await pod('nowhere');
      const reason = x.status.containerStatuses?.[0]?.state?.waiting?.reason;
      return reason === 'ImagePullBackOff' ? x : undefined;
    }, { timeoutMs: 60_000, what: 'ImagePullBackOff' });
    assert.equal(p.status.phase, 'Pending');
    assert.match(await c.k(['describe', 'pod', 'nowhere']), /Failed to pull image "registry.invalid\/nothing:1.0"/);
    await c.k(['delete', 'pod', 'nowhere', '--grace-period=0', '--force']);
  });

  it('fills emptyDir, downwardAPI and projected volumes, runs preStop before stopping, and deletes the pod only after its containers stopped', async () => {
    await c.k(['apply', '-f', manifest(`apiVersion: v1
kind: Pod
metadata: {name: vols, labels: {tier: test}}
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: c
    image: busybox:1.35
    command: [sh, -c, 'trap "echo got TERM >> /shared/log; exit 0" TERM; while true; do sleep 0.1; done']
    lifecycle: {preStop: {exec: {command: [sh, -c, 'echo prestop >> /shared/log']}}}
    volumeMounts:
    - {name: shared, mountPath: /shared}
    - {name: info, mountPath: /etc/podinfo}
    - {name: all, mountPath: /etc/all}
  volumes:
  - {name: shared, hostPath: {path: /tmp/kts-e2e-vols-${port}, type: DirectoryOrCreate}}
  - name: info
    downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}, {path: name, fieldRef: {fieldPath: metadata.name}}]}
  - name: all
    projected:
      sources:
      - configMap: {name: settings}
      - secret: {name: creds}
      - serviceAccountToken: {path: token, expirationSeconds: 3600}
`)]);
    await running('vols');
    assert.equal((await c.k(['exec', 'vols', '--', 'cat', '/etc/podinfo/name'])).trim(), 'vols');
    assert.match(await c.k(['exec', 'vols', '--', 'cat', '/etc/podinfo/labels']), /tier="test"/);
    assert.equal((await c.k(['exec', 'vols', '--', 'cat', '/etc/all/GREETING'])).trim(), 'hello-from-configmap');
    assert.equal((await c.k(['exec', 'vols', '--', 'cat', '/etc/all/password'])).trim(), 's3cret');
    assert.match(await c.k(['exec', 'vols', '--', 'cat', '/etc/all/token']), /^ey/);
    assert.match(await c.k(['exec', 'vols', '--', 'cat', '/var/run/secrets/kubernetes.io/serviceaccount/namespace']), /^default$/);
    await c.k(['delete', 'pod', 'vols', '--wait=true']);
    assert.equal(readFileSync(`/tmp/kts-e2e-vols-${port}/log`, 'utf8'), 'prestop\ngot TERM\n', 'preStop ran, then SIGTERM, before the pod was gone');
    rmSync(`/tmp/kts-e2e-vols-${port}`, { recursive: true, force: true });
  });

  it('binds a PersistentVolumeClaim to a hostPath PersistentVolume and mounts it into the pod', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kts-e2e-pv-'));
    try {
      await c.k(['apply', '-f', manifest(`apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-e2e}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: ${dir}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: claim}
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 500Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: stateful}
spec:
  containers:
  - name: c
    image: busybox:1.35
    command: [sh, -c, 'echo kept > /data/file; sleep 3600']
    volumeMounts: [{name: data, mountPath: /data}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: claim}}]
`)]);
      await eventually(async () => /claim\s+Bound\s+pv-e2e/.test(await c.k(['get', 'pvc'])), { timeoutMs: 60_000, what: 'the claim Bound' });
      await running('stateful');
      await eventually(async () => readFileSync(join(dir, 'file'), 'utf8') === 'kept\n', { what: 'the file on the host' });
      await c.k(['delete', 'pod', 'stateful', '--grace-period=0', '--force']);
      await c.k(['delete', 'pvc', 'claim']);
      await eventually(async () => /pv-e2e\s+1Gi\s+RWO\s+Retain\s+Released/.test(await c.k(['get', 'pv'])), { timeoutMs: 60_000, what: 'the volume Released' });
      await c.k(['delete', 'pv', 'pv-e2e']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs a static pod from the manifests directory with a mirror pod', async () => {
    writeFileSync(join(dataDir, 'manifests', 'static-web.yaml'), `apiVersion: v1
kind: Pod
metadata: {name: static-web, namespace: default}
spec:
  containers:
  - {name: web, image: busybox:1.35, command: [sleep, '3600']}
`);
    const mirror = `static-web-${node}`;
    await eventually(async () => ((await pod(mirror)).status.phase === 'Running' ? true : undefined), { timeoutMs: 60_000, what: 'the mirror pod Running' });
    const m = JSON.parse(await c.k(['get', 'pod', mirror, '-o', 'json'])) as { metadata: { annotations: Record<string, string> } };
    assert.ok(m.metadata.annotations['kubernetes.io/config.mirror']);
    rmSync(join(dataDir, 'manifests', 'static-web.yaml'));
    await eventually(async () => (await c.kubectl(['get', 'pod', mirror])).code !== 0, { timeoutMs: 60_000, what: 'the mirror pod to go' });
  });

  it('runs a second node with kts agent, and its pods get logs and exec', async () => {
    const agentDir = mkdtempSync(join(tmpdir(), 'kts-e2e-agent-'));
    const agent = spawn(process.execPath, [KTS, 'agent', '--kubeconfig', c.kubeconfig, '--node-name', 'kts-e2e-agent', '--data-dir', agentDir, '--kubelet-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    agent.stdout!.on('data', (d: Buffer) => (out += d));
    agent.stderr!.on('data', (d: Buffer) => (out += d));
    try {
      await eventually(async () => /kts-e2e-agent\s+Ready/.test(await c.k(['get', 'nodes'])), { timeoutMs: 90_000, what: `the agent's node Ready: ${out.slice(-2000)}` });
      await c.k(['run', 'remote', '--image=busybox:1.35', '--restart=Never', '--overrides', JSON.stringify({ spec: { nodeName: 'kts-e2e-agent' } }), '--', 'sh', '-c', 'echo on the agent; sleep 3600']);
      await running('remote');
      assert.equal((await pod('remote')).spec.nodeName, 'kts-e2e-agent');
      await eventually(async () => (await c.k(['logs', 'remote'])).includes('on the agent'), { what: 'logs from the agent node' });
      assert.equal((await c.k(['exec', 'remote', '--', 'hostname'])).trim(), 'remote');
      await c.k(['delete', 'pod', 'remote', '--grace-period=0', '--force']);
    } finally {
      agent.kill('SIGTERM');
      await new Promise((r) => (agent.exitCode !== null ? r(null) : agent.once('exit', r)));
      spawnSync(process.execPath, [KTS, 'killall', '--data-dir', agentDir], { stdio: 'inherit' });
      rmSync(agentDir, { recursive: true, force: true });
      await c.kubectl(['delete', 'node', 'kts-e2e-agent']);
    }
  });

  it('adopts the running containers after kts is killed and started again', async () => {
    const before = await running('hello');
    const ids = before.status.containerStatuses!.map((s) => s.containerID);
    c.proc.kill('SIGKILL');
    await new Promise((r) => (c.proc.exitCode !== null || c.proc.signalCode ? r(null) : c.proc.once('exit', r)));
    // The containers keep running without kts.
    const ps = spawnSync('ps', ['-eo', 'args']).stdout.toString();
    assert.match(ps, /sleep 3600/);
    c = await startCluster({ agent: true, dataDir, port, args, timeoutMs: 120_000 });
    await eventually(async () => {
      const x = await pod('hello');
      return x.status.conditions?.find((k) => k.type === 'Ready')?.status === 'True' ? x : undefined;
    }, { timeoutMs: 60_000, what: 'hello Ready after the restart' });
    await new Promise((r) => setTimeout(r, 3000));
    const after = await pod('hello');
    assert.deepEqual(after.status.containerStatuses!.map((s) => s.containerID), ids, 'the same containers');
    assert.equal(after.status.containerStatuses![0]!.restartCount, 0);
    assert.equal((await c.k(['exec', 'hello', '--', 'hostname'])).trim(), 'hello');
  });
});
