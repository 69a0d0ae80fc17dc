// More kube-apiserver acceptance with real kubectl: `create <kind>` generators (protobuf bodies),
// describe with events, explain, server-side apply, diff, auth can-i, the seeds' manifests, and
// smoke runs of kubectl 1.27 and 1.33.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { kubectlVersion, manifest, ROOT, startCluster, type Cluster } from './harness.js';

const SEEDS = join(ROOT, 'test', 'e2e', 'fixtures', 'seeds');

describe('kubectl against kts server, continued', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster();
  });
  after(async () => {
    await c?.stop();
  });

  it('creates every kind kubectl has a generator for', async () => {
    await c.k(['create', 'namespace', 'gen']);
    const n = ['-n', 'gen'];
    const cmds: Array<[string[], RegExp]> = [
      [['create', 'deployment', 'web', '--image=busybox:1.35', '--replicas=2', '--port=80', ...n], /deployment.apps\/web created/],
      [['create', 'configmap', 'cfg', '--from-literal=a=b', ...n], /configmap\/cfg created/],
      [['create', 'secret', 'generic', 'sec', '--from-literal=k=v', ...n], /secret\/sec created/],
      [['create', 'service', 'clusterip', 'svc', '--tcp=80:8080', ...n], /service\/svc created/],
      [['create', 'service', 'nodeport', 'np', '--tcp=80:8080', ...n], /service\/np created/],
      [['create', 'job', 'j', '--image=busybox:1.35', ...n], /job.batch\/j created/],
      [['create', 'cronjob', 'cj', '--image=busybox:1.35', '--schedule=*/1 * * * *', ...n], /cronjob.batch\/cj created/],
      [['create', 'role', 'r', '--verb=get', '--resource=pods', ...n], /role.rbac.authorization.k8s.io\/r created/],
      [['create', 'rolebinding', 'rb', '--role=r', '--user=alice', ...n], /rolebinding.rbac.authorization.k8s.io\/rb created/],
      [['create', 'clusterrole', 'cr', '--verb=list', '--resource=nodes'], /clusterrole.rbac.authorization.k8s.io\/cr created/],
      [['create', 'clusterrolebinding', 'crb', '--clusterrole=view', '--user=bob'], /clusterrolebinding.rbac.authorization.k8s.io\/crb created/],
      [['create', 'serviceaccount', 'sa', ...n], /serviceaccount\/sa created/],
      [['create', 'quota', 'q', '--hard=pods=3', ...n], /resourcequota\/q created/],
      [['create', 'pdb', 'p', '--selector=a=b', '--min-available=1', ...n], /poddisruptionbudget.policy\/p created/],
      [['create', 'priorityclass', 'pc', '--value=100'], /priorityclass.scheduling.k8s.io\/pc created/],
      [['create', 'ingress', 'ing', '--rule=foo.com/bar=svc:80', ...n], /ingress.networking.k8s.io\/ing created/],
    ];
    for (const [args, expect] of cmds) assert.match(await c.k(args), expect, args.join(' '));
    const svc = JSON.parse(await c.k(['get', 'svc', 'np', '-n', 'gen', '-o', 'json']));
    assert.equal(svc.spec.type, 'NodePort');
    assert.ok(svc.spec.ports[0].nodePort >= 30000 && svc.spec.ports[0].nodePort <= 32767);
    assert.match(svc.spec.clusterIP, /^10\.(9[6-9]|1[01][0-9])\./);
    const dep = JSON.parse(await c.k(['get', 'deploy', 'web', '-n', 'gen', '-o', 'json']));
    assert.equal(dep.spec.replicas, 2);
    assert.equal(dep.spec.template.spec.containers[0].image, 'busybox:1.35');
    assert.equal(await c.k(['get', 'secret', 'sec', '-n', 'gen', '-o', 'jsonpath={.data.k}']), Buffer.from('v').toString('base64'));
    assert.match(await c.k(['get', 'deploy,svc,cm', '-n', 'gen']), /deployment.apps\/web/);
  });

  it('answers auth can-i and whoami, and issues tokens', async () => {
    assert.equal((await c.k(['auth', 'can-i', 'create', 'pods'])).trim(), 'yes');
    const no = await c.kubectl(['auth', 'can-i', 'get', 'pods', '--as=alice', '-n', 'default']);
    assert.equal(no.stdout.trim(), 'no');
    assert.match(await c.k(['auth', 'whoami']), /kubernetes-admin/);
    await c.k(['create', 'serviceaccount', 'robot']);
    const token = (await c.k(['create', 'token', 'robot'])).trim();
    assert.equal(token.split('.').length, 3);
    // A kubeconfig with only the token (a client certificate would authenticate first, as upstream).
    const { readFileSync } = await import('node:fs');
    const ca = /certificate-authority-data: (\S+)/.exec(readFileSync(c.kubeconfig, 'utf8'))![1];
    const tokenConfig = manifest(
      `apiVersion: v1\nkind: Config\nclusters: [{name: kts, cluster: {server: "${c.url}", certificate-authority-data: ${ca}}}]\nusers: [{name: robot, user: {token: "${token}"}}]\ncontexts: [{name: robot, context: {cluster: kts, user: robot, namespace: default}}]\ncurrent-context: robot\n`,
    );
    assert.match(await c.k(['auth', 'whoami', '--kubeconfig', tokenConfig]), /system:serviceaccount:default:robot/);
    const asRobot = await c.kubectl(['get', 'pods', '--kubeconfig', tokenConfig]);
    assert.match(asRobot.stderr, /pods is forbidden: User "system:serviceaccount:default:robot" cannot list resource "pods" in API group "" in the namespace "default"/);
    // TokenReview: what a webhook authenticator (a kubelet, metrics-server) asks the apiserver.
    const review = (spec: Record<string, unknown>) => c.k(['create', '--raw', '/apis/authentication.k8s.io/v1/tokenreviews', '-f', '-'], { input: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec }) }).then((o) => JSON.parse(o) as { status: { authenticated?: boolean; user?: { username?: string; groups?: string[] }; audiences?: string[] } });
    const ok = await review({ token });
    assert.equal(ok.status.authenticated, true);
    assert.equal(ok.status.user?.username, 'system:serviceaccount:default:robot');
    assert.ok(ok.status.user?.groups?.includes('system:serviceaccounts:default'));
    assert.equal((await review({ token: `${token}x` })).status.authenticated, false);
    const aud = (await c.k(['create', 'token', 'robot', '--audience', 'vault'])).trim();
    assert.equal((await review({ token: aud })).status.authenticated, false, 'not meant for the API server');
    assert.deepEqual((await review({ token: aud, audiences: ['vault'] })).status.audiences, ['vault']);
  });

  it('requires a pod’s service account to exist, and waits for a new namespace’s default one', async () => {
    // Created right after its namespace: admission waits for the service-account controller.
    await c.k(['create', 'namespace', 'fresh']);
    await c.k(['run', 'first', '--image=busybox:1.35', '-n', 'fresh']);
    const pod = JSON.parse(await c.k(['get', 'pod', 'first', '-n', 'fresh', '-o', 'json']));
    assert.equal(pod.spec.serviceAccountName, 'default');
    assert.ok(pod.spec.volumes.some((v: { name: string; projected?: unknown }) => /^kube-api-access-/.test(v.name) && v.projected));
    const r = await c.kubectl(['run', 'second', '--image=busybox:1.35', '-n', 'fresh', '--overrides={"spec":{"serviceAccountName":"nope"}}']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(Forbidden\): pods "second" is forbidden: error looking up service account fresh\/nope: serviceaccount "nope" not found/);
  });

  it('applies server-side with field ownership and conflicts', async () => {
    const m = (replicas: number) =>
      manifest(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ssa}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ssa}}\n  template:\n    metadata: {labels: {app: ssa}}\n    spec:\n      containers: [{name: c, image: "busybox:1.35"}]\n`);
    assert.match(await c.k(['apply', '--server-side', '-f', m(2)]), /deployment.apps\/ssa serverside-applied/);
    const d = JSON.parse(await c.k(['get', 'deploy', 'ssa', '-o', 'json', '--show-managed-fields']));
    assert.ok(d.metadata.managedFields.some((e: { manager: string; operation: string }) => e.manager === 'kubectl' && e.operation === 'Apply'));
    await c.k(['scale', 'deploy', 'ssa', '--replicas=4']);
    const conflict = await c.kubectl(['apply', '--server-side', '-f', m(3)]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl" using apps\/v1: \.spec\.replicas|conflict with/);
    assert.match(await c.k(['apply', '--server-side', '--force-conflicts', '-f', m(3)]), /serverside-applied/);
    assert.equal(await c.k(['get', 'deploy', 'ssa', '-o', 'jsonpath={.spec.replicas}']), '3');
  });

  it('diffs against the server with a dry-run patch', async () => {
    await c.k(['create', 'configmap', 'difme', '--from-literal=a=1']);
    const r = await c.kubectl(['diff', '-f', manifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: difme}\ndata: {a: "2"}\n')]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /-\s+a: "1"\n\+\s+a: "2"/);
    assert.equal(await c.k(['get', 'cm', 'difme', '-o', 'jsonpath={.data.a}']), '1', 'dry run changed nothing');
  });

  it('describes an object with its events', async () => {
    await c.k(['create', 'configmap', 'described']);
    const uid = await c.k(['get', 'cm', 'described', '-o', 'jsonpath={.metadata.uid}']);
    const ev = `apiVersion: v1\nkind: Event\nmetadata: {name: described.1, namespace: default}\ninvolvedObject: {kind: ConfigMap, name: described, namespace: default, uid: ${uid}, apiVersion: v1}\nreason: Checked\nmessage: all good\ntype: Normal\nsource: {component: e2e}\ncount: 1\nfirstTimestamp: "2026-01-01T00:00:00Z"\nlastTimestamp: "2026-01-01T00:00:00Z"\n`;
    await c.k(['create', '-f', manifest(ev)]);
    const out = await c.k(['describe', 'cm', 'described']);
    assert.match(out, /Name:\s+described/);
    assert.match(out, /Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n\s+----.*\n\s+Normal\s+Checked\s+\S+\s+e2e\s+all good/);
    assert.match(await c.k(['get', 'events', '--field-selector', 'involvedObject.name=described']), /Checked/);
    assert.match(await c.k(['get', 'events.v1.events.k8s.io', 'described.1', '-o', 'jsonpath={.note}']), /all good/);
  });

  it('explains types from the served OpenAPI', async () => {
    const out = await c.k(['explain', 'pods.spec.containers.image']);
    assert.match(out, /KIND:\s+Pod/);
    assert.match(out, /FIELD:\s+image <string>/);
    assert.match(await c.k(['explain', 'deployment.spec', '--recursive']), /replicas\s+<integer>/);
  });

  it('accepts the manifests of the seed documents', async () => {
    for (const f of ['redis-slave-pod.yaml', 'redis-slave-controller.yaml', 'redis-slave-service.yaml', 'php-frontend-service.yaml', 'loadbalancer.json', 'gobackend-deployment.yaml', 'gobackend-service.yaml', 'nginx-rc-v1.yaml', 'nginx-srv.yaml']) {
      const r = await c.kubectl(['apply', '-f', join(SEEDS, f)]);
      assert.equal(r.code, 0, `${f}: ${r.stderr}`);
    }
    assert.match(await c.k(['get', 'rc', 'redis-slave']), /redis-slave\s+3\s+\d+\s+\d+/);
    assert.match(await c.k(['get', 'svc', 'nginx']), /nginx\s+NodePort\s+\S+\s+<none>\s+80:30080\/TCP/);
    assert.match(await c.k(['get', 'svc', 'my-service']), /my-service\s+LoadBalancer\s+10\.96\.171\.239\s+\S+\s+80:30061\/TCP/);
    assert.match(await c.k(['get', 'deploy', 'test-k8s-backend', '-o', 'jsonpath={.spec.template.spec.containers[0].resources.limits.memory}']), /512Mi/);
  });

  for (const minor of [27, 33]) {
    it(`works with kubectl 1.${minor}`, { skip: existsSync(kubectlVersion(minor)) ? false : `kubectl 1.${minor} not installed` }, async () => {
      const bin = kubectlVersion(minor);
      assert.match(await c.k(['version'], { binary: bin }), /Server Version: (v1\.32\.|version\.Info\{.*GitVersion:"v1\.32\.)/);
      assert.match(await c.k(['get', 'ns'], { binary: bin }), /kube-system\s+Active/);
      assert.match(await c.k(['create', 'configmap', `old-${minor}`, '--from-literal=a=b'], { binary: bin }), /created/);
      assert.match(await c.k(['apply', '-f', manifest(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ap-${minor}}\n`)], { binary: bin }), /created/);
      assert.match(await c.k(['delete', 'cm', `old-${minor}`], { binary: bin }), /deleted/);
    });
  }
});
