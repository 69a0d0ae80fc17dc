// The official client libraries against kts server: @kubernetes/client-node (list, watch, informer,
// create, patch) and Debian's python3-kubernetes (list, watch, create).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { eventually, manifest, startCluster, type Cluster } from './harness.js';

describe('official client libraries against kts server', () => {
  let c: Cluster;
  let kc: k8s.KubeConfig;
  before(async () => {
    c = await startCluster();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(c.kubeconfig);
  });
  after(async () => {
    await c?.stop();
  });

  it('@kubernetes/client-node lists, creates, patches and watches', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const nsList = await core.listNamespace();
    assert.ok(nsList.items.some((n) => n.metadata?.name === 'kube-system'));
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      {},
      (type, obj: k8s.V1ConfigMap) => events.push(`${type}:${obj.metadata?.name}:${obj.data?.k ?? ''}`),
      () => {},
    );
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'from-node' }, data: { k: 'v1' } } });
    assert.equal(created.metadata?.name, 'from-node');
    assert.ok(created.metadata?.uid);
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    await objects.patch(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-node', namespace: 'default' }, data: { k: 'v2' } } as k8s.KubernetesObject,
      undefined,
      undefined,
      'client-node',
      undefined,
      k8s.PatchStrategy.MergePatch,
    );
    const read = await core.readNamespacedConfigMap({ name: 'from-node', namespace: 'default' });
    assert.equal(read.data?.k, 'v2');
    await eventually(async () => events.includes('ADDED:from-node:v1') && events.includes('MODIFIED:from-node:v2'), { what: `watch events, got ${events.join(' ')}` });
    req.abort();
  });

  it('@kubernetes/client-node informer sees adds, updates and deletes', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await c.k(['create', 'namespace', 'inf']);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/inf/configmaps', () => core.listNamespacedConfigMap({ namespace: 'inf' }));
    const seen: string[] = [];
    informer.on('add', (o: k8s.V1ConfigMap) => seen.push(`add:${o.metadata?.name}`));
    informer.on('update', (o: k8s.V1ConfigMap) => seen.push(`update:${o.metadata?.name}`));
    informer.on('delete', (o: k8s.V1ConfigMap) => seen.push(`delete:${o.metadata?.name}`));
    await c.k(['create', '-f', manifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: before, namespace: inf}\n')]);
    await informer.start();
    await c.k(['create', '-f', manifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: during, namespace: inf}\n')]);
    await c.k(['label', 'cm', 'during', '-n', 'inf', 'x=y']);
    await c.k(['delete', 'cm', 'before', '-n', 'inf']);
    await eventually(async () => ['add:before', 'add:during', 'update:during', 'delete:before'].every((e) => seen.includes(e)), { what: `informer events, got ${seen.join(' ')}` });
    assert.deepEqual(informer.list('inf').map((o) => o.metadata?.name).filter((n) => n !== 'kube-root-ca.crt'), ['during']);
    await informer.stop();
  });

  it('python3-kubernetes lists, creates and watches', { skip: existsSync('/usr/lib/python3/dist-packages/kubernetes') ? false : 'python3-kubernetes not installed' }, async () => {
    const script = `
import sys
from kubernetes import client, config, watch
config.load_kube_config(config_file=sys.argv[1])
v1 = client.CoreV1Api()
names = sorted(n.metadata.name for n in v1.list_namespace().items)
print("namespaces", ",".join(names))
v1.create_namespaced_config_map("default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="from-python"), data={"lang": "py"}))
w = watch.Watch()
for ev in w.stream(v1.list_namespaced_config_map, "default", timeout_seconds=10):
    if ev["object"].metadata.name == "from-python":
        print("event", ev["type"], ev["object"].data["lang"])
        w.stop()
`;
    const out = await new Promise<string>((resolve, reject) => {
      execFile('/usr/bin/python3', ['-c', script, c.kubeconfig], { timeout: 30_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
    });
    assert.match(out, /namespaces .*default,.*kube-node-lease,kube-public,kube-system/);
    assert.match(out, /event ADDED py/);
    assert.equal(await c.k(['get', 'cm', 'from-python', '-o', 'jsonpath={.data.lang}']), 'py');
  });
});
