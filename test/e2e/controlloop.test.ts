// The control loop on simulated nodes, driven by the real kubectl: the seeds' scenarios (replication
// controllers, deployments with rollout and rollback, services' endpoints), namespaces, owner garbage
// collection, node failure, jobs, cronjobs, daemonsets, statefulsets, quota and scheduling failures,
// disruption budgets against evictions.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually, manifest, ROOT, startCluster, type Cluster } from './harness.js';

const SEEDS = join(ROOT, 'test', 'e2e', 'fixtures', 'seeds');

async function json<T = Record<string, unknown>>(c: Cluster, args: string[]): Promise<T> {
  return JSON.parse(await c.k([...args, '-o', 'json'])) as T;
}

interface Item {
  metadata: { name: string; ownerReferences?: Array<{ uid: string }>; deletionTimestamp?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

async function pods(c: Cluster, selector: string, ns = 'default'): Promise<Item[]> {
  const l = await json<{ items: Item[] }>(c, ['get', 'pods', '-n', ns, '-l', selector]);
  return l.items.filter((p) => !p.metadata.deletionTimestamp);
}

async function runningPods(c: Cluster, selector: string, ns = 'default'): Promise<Item[]> {
  return (await pods(c, selector, ns)).filter((p) => p.status?.phase === 'Running');
}

describe('the control loop on simulated nodes', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster({
      args: [
        '--sim-nodes', '3',
        '--node-monitor-grace-period', '20s',
        '--node-monitor-period', '1s',
        '--default-not-ready-toleration-seconds', '2',
        '--default-unreachable-toleration-seconds', '2',
      ],
    });
    await eventually(async () => (await c.k(['get', 'nodes'])).match(/ Ready /g)?.length === 3, { what: '3 Ready nodes', timeoutMs: 30_000 });
  });
  after(async () => {
    await c?.stop();
  });

  it('keeps the redis-slave ReplicationController at 3 pods, replaces a deleted one, scales to 5 and 1', async () => {
    await c.k(['create', '-f', join(SEEDS, 'redis-slave-controller.yaml')]);
    await eventually(async () => (await runningPods(c, 'name=redis-slave')).length === 3, { what: '3 running redis-slave pods' });
    const victim = (await runningPods(c, 'name=redis-slave'))[0]!.metadata.name;
    await c.k(['delete', 'pod', victim]);
    await eventually(async () => {
      const p = await runningPods(c, 'name=redis-slave');
      return p.length === 3 && !p.some((x) => x.metadata.name === victim);
    }, { what: 'a replacement pod' });
    await c.k(['scale', 'rc', 'redis-slave', '--replicas=5']);
    await eventually(async () => (await runningPods(c, 'name=redis-slave')).length === 5, { what: '5 pods' });
    await c.k(['scale', 'rc', 'redis-slave', '--replicas=1']);
    await eventually(async () => (await pods(c, 'name=redis-slave')).length === 1, { what: '1 pod' });
    assert.match(await c.k(['get', 'rc', 'redis-slave']), /redis-slave\s+1\s+1\s+1/);
  });

  it('rolls the nginx v1 → v2 upgrade of seed 003 out as a Deployment', async () => {
    await c.k(['create', 'deployment', 'nginx', '--image=nginx:v1', '--replicas=3']);
    await c.k(['rollout', 'status', 'deployment/nginx', '--timeout=60s']);
    await c.k(['set', 'image', 'deployment/nginx', 'nginx=nginx:v2']);
    const out = await c.k(['rollout', 'status', 'deployment/nginx', '--timeout=60s']);
    assert.match(out, /deployment "nginx" successfully rolled out/);
    const ps = await runningPods(c, 'app=nginx');
    assert.equal(ps.length, 3);
    const images = await c.k(['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[*].spec.containers[0].image}']);
    assert.ok(images.split(' ').every((i) => i === 'nginx:v2'), images);
  });

  it('updates, lists the history of, and undoes the Deployment of seed 002', async () => {
    await c.k(['apply', '-f', join(SEEDS, 'gobackend-deployment.yaml')]);
    await c.k(['rollout', 'status', 'deployment/test-k8s-backend', '--timeout=60s']);
    await c.k(['set', 'image', 'deployment/test-k8s-backend', 'goback=ccr.ccs.tencentyun.com/lisa/go:v2']);
    await c.k(['rollout', 'status', 'deployment/test-k8s-backend', '--timeout=60s']);
    const hist = await c.k(['rollout', 'history', 'deployment/test-k8s-backend']);
    assert.match(hist, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    assert.match(await c.k(['rollout', 'undo', 'deployment/test-k8s-backend']), /rolled back/);
    await c.k(['rollout', 'status', 'deployment/test-k8s-backend', '--timeout=60s']);
    assert.equal(await c.k(['get', 'deploy', 'test-k8s-backend', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'ccr.ccs.tencentyun.com/lisa/go:v1');
  });

  it("tracks ready pods in a Service's Endpoints and EndpointSlices", async () => {
    await c.k(['apply', '-f', join(SEEDS, 'gobackend-service.yaml')]);
    await eventually(async () => {
      const ep = await json<{ subsets?: Array<{ addresses?: unknown[]; ports?: Array<{ port: number }> }> }>(c, ['get', 'endpoints', 'gobackend']);
      return ep.subsets?.[0]?.addresses?.length === 2 && ep.subsets[0].ports?.[0]?.port === 8080;
    }, { what: 'two endpoint addresses on 8080' });
    const slices = await json<{ items: Array<{ endpoints: Array<{ conditions: { ready: boolean } }> }> }>(c, ['get', 'endpointslices', '-l', 'kubernetes.io/service-name=gobackend']);
    assert.equal(slices.items.flatMap((s) => s.endpoints).filter((e) => e.conditions.ready).length, 2);
    await c.k(['scale', 'deploy', 'test-k8s-backend', '--replicas=3']);
    await eventually(async () => (await c.k(['get', 'endpoints', 'gobackend', '-o', 'jsonpath={.subsets[0].addresses[*].ip}'])).split(' ').length === 3, { what: '3 endpoints' });
  });

  it('deletes everything in a namespace, then the namespace', async () => {
    await c.k(['create', 'namespace', 'doomed']);
    await c.k(['create', 'deployment', 'd', '--image=busybox:1.35', '-n', 'doomed']);
    await c.k(['create', 'configmap', 'cm', '-n', 'doomed']);
    await eventually(async () => (await runningPods(c, 'app=d', 'doomed')).length === 1, { what: 'a pod in doomed' });
    await c.k(['delete', 'namespace', 'doomed', '--timeout=60s']);
    const r = await c.kubectl(['get', 'namespace', 'doomed']);
    assert.match(r.stderr, /NotFound/);
  });

  it('collects dependents with Background, Foreground and Orphan propagation', async () => {
    const mk = async (name: string) => {
      await c.k(['create', 'deployment', name, '--image=busybox:1.35', '--replicas=1']);
      await eventually(async () => (await runningPods(c, `app=${name}`)).length === 1, { what: `a pod of ${name}` });
    };
    await mk('gc-bg');
    await c.k(['delete', 'deployment', 'gc-bg', '--cascade=background']);
    await eventually(async () => (await pods(c, 'app=gc-bg')).length === 0 && (await c.k(['get', 'rs', '-l', 'app=gc-bg', '-o', 'name'])).trim() === '', { what: 'background GC' });
    await mk('gc-fg');
    await c.k(['delete', 'deployment', 'gc-fg', '--cascade=foreground', '--timeout=60s']);
    assert.equal((await c.k(['get', 'rs', '-l', 'app=gc-fg', '-o', 'name'])).trim(), '');
    assert.equal((await pods(c, 'app=gc-fg')).length, 0);
    await mk('gc-or');
    await c.k(['delete', 'deployment', 'gc-or', '--cascade=orphan']);
    await eventually(async () => {
      const rs = await json<{ items: Item[] }>(c, ['get', 'rs', '-l', 'app=gc-or']);
      return rs.items.length === 1 && !(rs.items[0]!.metadata.ownerReferences ?? []).length;
    }, { what: 'an orphaned ReplicaSet' });
    assert.equal((await runningPods(c, 'app=gc-or')).length, 1, 'the orphaned ReplicaSet keeps its pod');
  });

  it('completes a Job, and runs one pod per node for a DaemonSet', async () => {
    const job = `apiVersion: batch/v1\nkind: Job\nmetadata: {name: done}\nspec:\n  completions: 3\n  parallelism: 2\n  template:\n    metadata: {annotations: {sim.kts.io/exit: "0"}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: "busybox:1.35"}]\n`;
    await c.k(['create', '-f', manifest(job)]);
    await c.k(['wait', '--for=condition=Complete', 'job/done', '--timeout=60s']);
    assert.match(await c.k(['get', 'job', 'done']), /done\s+Complete\s+3\/3/);
    const ds = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: c, image: "busybox:1.35"}]\n`;
    await c.k(['create', '-f', manifest(ds)]);
    await c.k(['rollout', 'status', 'ds/agent', '--timeout=60s']);
    const nodes = (await runningPods(c, 'app=agent')).map((p) => p.spec?.nodeName).sort();
    assert.deepEqual(nodes, ['sim-0', 'sim-1', 'sim-2']);
  });

  it('creates web-0, web-1, web-2 of a StatefulSet in order', async () => {
    const sts = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: web\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: "busybox:1.35"}]\n`;
    await c.k(['create', '-f', manifest(sts)]);
    await c.k(['rollout', 'status', 'sts/web', '--timeout=60s']);
    const ps = await json<{ items: Array<Item & { metadata: { creationTimestamp: string } }> }>(c, ['get', 'pods', '-l', 'app=web', '--sort-by=.metadata.creationTimestamp']);
    assert.deepEqual(ps.items.map((p) => p.metadata.name), ['web-0', 'web-1', 'web-2']);
  });

  it('fires a CronJob', async () => {
    await c.k(['create', 'cronjob', 'tick', '--image=busybox:1.35', '--schedule=* * * * *']);
    await eventually(async () => (await c.k(['get', 'jobs', '-o', 'name'])).includes('job.batch/tick-'), { what: 'a job from the cronjob', timeoutMs: 75_000, intervalMs: 1000 });
  });

  it('rejects the pod that exceeds a quota, and shows why a pod cannot be scheduled', async () => {
    await c.k(['create', 'namespace', 'quota']);
    await c.k(['create', 'quota', 'q', '--hard=pods=1', '-n', 'quota']);
    await eventually(async () => (await c.k(['get', 'quota', 'q', '-n', 'quota', '-o', 'jsonpath={.status.hard.pods}'])) === '1', { what: 'quota status' });
    await c.k(['run', 'one', '--image=busybox:1.35', '-n', 'quota']);
    const r = await c.kubectl(['run', 'two', '--image=busybox:1.35', '-n', 'quota']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pods "two" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1/);
    await c.k(['run', 'huge', '--image=busybox:1.35', '--overrides={"spec":{"containers":[{"name":"huge","image":"busybox:1.35","resources":{"requests":{"cpu":"100"}}}]}}']);
    await eventually(async () => /0\/3 nodes are available: 3 Insufficient cpu\./.test(await c.k(['describe', 'pod', 'huge'])), { what: 'FailedScheduling in describe' });
  });

  it('refuses the evictions a PodDisruptionBudget does not allow', async () => {
    const ns = ['-n', 'pdb'];
    await c.k(['create', 'namespace', 'pdb']);
    await c.k(['create', 'deployment', 'guarded', '--image=busybox:1.35', '--replicas=3', ...ns]);
    await eventually(async () => (await runningPods(c, 'app=guarded', 'pdb')).length === 3, { what: '3 guarded pods' });
    await c.k(['create', 'pdb', 'guarded', '--selector=app=guarded', '--min-available=3', ...ns]);
    type Pdb = { metadata: { generation?: number }; status?: { observedGeneration?: number; currentHealthy?: number; disruptionsAllowed?: number } };
    const budget = (want: { currentHealthy: number; disruptionsAllowed: number }) =>
      eventually(async () => {
        const p = await json<Pdb>(c, ['get', 'pdb', 'guarded', ...ns]);
        return p.status?.observedGeneration === p.metadata.generation && p.status?.currentHealthy === want.currentHealthy && p.status?.disruptionsAllowed === want.disruptionsAllowed;
      }, { what: `PDB status ${JSON.stringify(want)}` });
    await budget({ currentHealthy: 3, disruptionsAllowed: 0 });
    const victims = (await runningPods(c, 'app=guarded', 'pdb')).map((p) => p.metadata.name);
    const evict = (pod: string) =>
      c.kubectl(['create', '--raw', `/api/v1/namespaces/pdb/pods/${pod}/eviction`, '-f', '-'], {
        input: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: 'pdb' } }),
      });
    // As kubectl drain does: cordon first, so replacements stay Pending (not healthy) meanwhile.
    const nodes = (await c.k(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}'])).trim().split(/\s+/);
    await c.k(['cordon', ...nodes]);
    try {
      let r = await evict(victims[0]!);
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(r.stderr, /Cannot evict pod as it would violate the pod's disruption budget/);
      await c.k(['patch', 'pdb', 'guarded', ...ns, '-p', '{"spec":{"minAvailable":2}}']);
      await budget({ currentHealthy: 3, disruptionsAllowed: 1 });
      r = await evict(victims[0]!);
      assert.equal(r.code, 0, r.stderr);
      r = await evict(victims[1]!);
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(r.stderr, /Cannot evict pod as it would violate the pod's disruption budget/);
      await budget({ currentHealthy: 2, disruptionsAllowed: 0 });
    } finally {
      await c.k(['uncordon', ...nodes]);
    }
  });

  it('replaces the pods of a node that stops heartbeating', async () => {
    await c.k(['create', 'deployment', 'survivor', '--image=busybox:1.35', '--replicas=3']);
    await eventually(async () => (await runningPods(c, 'app=survivor')).length === 3, { what: '3 survivor pods' });
    const onOne = (await runningPods(c, 'app=survivor')).find((p) => p.spec?.nodeName)!.spec!.nodeName!;
    await c.k(['annotate', 'node', onOne, 'sim.kts.io/heartbeat=stop']);
    await eventually(async () => /NotReady/.test(await c.k(['get', 'node', onOne])), { what: `${onOne} NotReady`, timeoutMs: 60_000 });
    await eventually(async () => {
      const ps = await runningPods(c, 'app=survivor');
      return ps.length === 3 && ps.every((p) => p.spec?.nodeName !== onOne);
    }, { what: 'pods replaced on other nodes', timeoutMs: 60_000 });
  });
});
