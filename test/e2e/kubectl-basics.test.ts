// kube-apiserver acceptance with the real kubectl 1.32: discovery, CRUD, apply, patch, label,
// selectors, output formats, watch, chunking, errors.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, manifest, startCluster, type Cluster } from './harness.js';

describe('kubectl against kts server', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster();
  });
  after(async () => {
    await c?.stop();
  });

  it('reports version, api-resources, api-versions and cluster-info', async () => {
    const v = await c.k(['version', '-o', 'json']);
    const server = JSON.parse(v).serverVersion;
    assert.equal(server.major, '1');
    assert.equal(server.minor, '32');
    assert.match(server.gitVersion, /^v1\.32\./);
    const res = await c.k(['api-resources']);
    for (const line of [/^pods\s+po\s+v1\s+true\s+Pod$/m, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m])
      assert.match(res, line);
    const vers = await c.k(['api-versions']);
    for (const gv of ['v1', 'apps/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1', 'autoscaling/v2', 'coordination.k8s.io/v1'])
      assert.ok(vers.split('\n').includes(gv), `api-versions lists ${gv}`);
    const ci = await c.k(['cluster-info']);
    assert.match(ci, /Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+/);
  });

  it('starts with the system namespaces and the kubernetes Service on the first service IP', async () => {
    const ns = await c.k(['get', 'namespaces', '-o', 'name']);
    assert.deepEqual(ns.trim().split('\n').sort(), ['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system']);
    const svc = await c.k(['get', 'svc', 'kubernetes', '-n', 'default']);
    assert.match(svc, /kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/);
  });

  it('creates, applies twice with a change, labels, annotates, selects and deletes', async () => {
    const m = manifest('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game\n  labels: {app: web, tier: fe}\ndata:\n  a: "1"\n');
    assert.match(await c.k(['apply', '-f', m]), /configmap\/game created/);
    const m2 = manifest('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game\n  labels: {app: web, tier: fe}\ndata:\n  a: "2"\n  b: "3"\n');
    assert.match(await c.k(['apply', '-f', m2]), /configmap\/game configured/);
    assert.equal(await c.k(['get', 'cm', 'game', '-o', 'jsonpath={.data.a}{.data.b}']), '23');
    assert.match(await c.k(['label', 'cm', 'game', 'x=y']), /configmap\/game labeled/);
    assert.match(await c.k(['annotate', 'cm', 'game', 'note=hello']), /configmap\/game annotated/);
    const shown = await c.k(['get', 'cm', '-l', 'tier in (fe),x', '--show-labels']);
    assert.match(shown, /game\s+2\s+\S+\s+app=web,tier=fe,x=y/);
    assert.equal((await c.k(['get', 'cm', '-l', 'tier notin (fe),app', '-o', 'name'])).trim(), '');
    assert.equal((await c.k(['get', 'cm', '--field-selector', 'metadata.name=game', '-o', 'name'])).trim(), 'configmap/game');
    assert.match(await c.k(['delete', 'cm', 'game']), /configmap "game" deleted/);
    const gone = await c.kubectl(['get', 'cm', 'game']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /Error from server \(NotFound\): configmaps "game" not found/);
  });

  it('prints every output format', async () => {
    await c.k(['create', '-f', manifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fmt, labels: {k: v}}\ndata: {x: "1"}\n')]);
    assert.match(await c.k(['get', 'cm', 'fmt', '-o', 'yaml']), /^apiVersion: v1\ndata:\n {2}x: "1"\nkind: ConfigMap\n/);
    assert.equal(JSON.parse(await c.k(['get', 'cm', 'fmt', '-o', 'json'])).metadata.name, 'fmt');
    assert.equal((await c.k(['get', 'cm', 'fmt', '-o', 'name'])).trim(), 'configmap/fmt');
    assert.match(await c.k(['get', 'cm', 'fmt', '-o', 'wide']), /^NAME\s+DATA\s+AGE\nfmt\s+1\s+\d+s\n$/);
    assert.equal(await c.k(['get', 'cm', 'fmt', '-o', 'jsonpath={.metadata.labels.k}']), 'v');
    assert.match(await c.k(['get', 'cm', 'fmt', '-o', 'custom-columns=N:.metadata.name,X:.data.x']), /^N\s+X\nfmt\s+1\n$/);
  });

  it('patches with all three types, replaces and scales', async () => {
    const dep = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: c, image: "busybox:1.35", ports: [{containerPort: 80}]}
`;
    await c.k(['create', '-f', manifest(dep)]);
    await c.k(['patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":3}}']);
    await c.k(['patch', 'deploy', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}}}']);
    await c.k(['patch', 'deploy', 'web', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels","value":{"p":"q"}}]']);
    const d = JSON.parse(await c.k(['get', 'deploy', 'web', '-o', 'json']));
    assert.equal(d.spec.replicas, 3);
    assert.equal(d.spec.template.spec.containers[0].image, 'busybox:1.36');
    assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }], 'strategic merge kept the ports');
    assert.equal(d.metadata.labels.p, 'q');
    assert.equal(d.metadata.generation, 3);
    assert.match(await c.k(['scale', 'deploy', 'web', '--replicas=5']), /deployment.apps\/web scaled/);
    assert.equal(await c.k(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']), '5');
    d.spec.replicas = 1;
    delete d.metadata.resourceVersion;
    assert.match(await c.k(['replace', '-f', manifest(JSON.stringify(d))]), /deployment.apps\/web replaced/);
    assert.equal(await c.k(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']), '1');
  });

  it('rejects a stale update with 409 and invalid objects with 422 and field paths', async () => {
    await c.k(['create', 'configmap', 'stale', '--from-literal=a=b']);
    const o = JSON.parse(await c.k(['get', 'cm', 'stale', '-o', 'json']));
    await c.k(['label', 'cm', 'stale', 'moved=yes']);
    const r = await c.kubectl(['replace', '-f', manifest(JSON.stringify(o))]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again/);
    const bad = await c.kubectl(['create', '-f', manifest('apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  containers:\n  - name: c\n')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /The Pod "bad" is invalid: spec.containers\[0\].image: Required value/);
  });

  it('deletes by label and --all, with NotFound messages for missing names', async () => {
    for (const n of ['d1', 'd2', 'd3']) await c.k(['create', 'configmap', n, '--from-literal=a=b']);
    await c.k(['label', 'cm', 'd1', 'd2', 'grp=x']);
    assert.match(await c.k(['delete', 'cm', '-l', 'grp=x']), /configmap "d1" deleted\s+configmap "d2" deleted/);
    const missing = await c.kubectl(['delete', 'cm', 'nope']);
    assert.match(missing.stderr, /Error from server \(NotFound\): configmaps "nope" not found/);
    await c.k(['create', 'namespace', 'alldel']);
    for (const n of ['e1', 'e2']) await c.k(['create', 'configmap', n, '-n', 'alldel']);
    await c.k(['delete', 'cm', '--all', '-n', 'alldel']);
    // Only what the root-ca-cert-publisher controller puts back is left.
    await eventually(async () => (await c.k(['get', 'cm', '-n', 'alldel', '-o', 'name'])).trim() === 'configmap/kube-root-ca.crt', { what: 'only kube-root-ca.crt left' });
  });

  it('watches with get -w: the current state, then every change', async () => {
    await c.k(['create', 'configmap', 'watched', '--from-literal=v=1']);
    const watch = c.kubectl(['get', 'cm', 'watched', '-w', '-o', 'jsonpath={.metadata.name}:{.data.v};'], { timeoutMs: 6000 });
    await new Promise((r) => setTimeout(r, 1500));
    await c.k(['patch', 'cm', 'watched', '--type=merge', '-p', '{"data":{"v":"2"}}']);
    await c.k(['patch', 'cm', 'watched', '--type=merge', '-p', '{"data":{"v":"3"}}']);
    const out = (await watch).stdout;
    assert.match(out, /^watched:1;watched:2;watched:3;$/);
    const table = c.kubectl(['get', 'cm', '-w', '--output-watch-events'], { timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 1500));
    await c.k(['delete', 'cm', 'watched']);
    const t = (await table).stdout;
    assert.match(t, /^EVENT\s+NAME\s+DATA\s+AGE\n/);
    assert.match(t, /\nADDED\s+watched\s+1\s+\d+s\n/);
    assert.match(t, /\nDELETED\s+watched\s+1\s+\d+s\n/);
  });

  it('pages with --chunk-size over 600 objects', async () => {
    await c.k(['create', 'namespace', 'many']);
    const docs = Array.from({ length: 610 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${String(i).padStart(4, '0')}, namespace: many}\n`).join('---\n');
    await c.k(['create', '--validate=false', '-f', manifest(docs)]);
    const r = await c.kubectl(['get', 'cm', '-n', 'many', '--chunk-size=100', '-o', 'name', '-v=6']);
    assert.equal(r.code, 0);
    const names = r.stdout.trim().split('\n').filter((n) => n.startsWith('configmap/cm-'));
    assert.equal(names.length, 610, 'every configmap listed once');
    assert.equal(new Set(names).size, 610);
    assert.ok((r.stderr.match(/limit=100/g) ?? []).length >= 7, 'kubectl followed continue tokens');
  });

  it('waits for a condition with kubectl wait', async () => {
    await c.k(['create', 'configmap', 'waitme']);
    const pending = c.kubectl(['wait', '--for=jsonpath={.data.ready}=yes', 'cm/waitme', '--timeout=20s'], { timeoutMs: 25_000 });
    await new Promise((res) => setTimeout(res, 1000));
    await c.k(['patch', 'cm', 'waitme', '--type=merge', '-p', '{"data":{"ready":"yes"}}']);
    const w = await pending;
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /configmap\/waitme condition met/);
  });

  it('edits with a non-interactive EDITOR', async () => {
    await c.k(['create', 'configmap', 'editme', '--from-literal=a=old']);
    const editor = manifest('#!/bin/sh\nsed -i "s/a: old/a: new/" "$1"\n');
    const { chmodSync } = await import('node:fs');
    chmodSync(editor, 0o755);
    assert.match(await c.k(['edit', 'cm', 'editme'], { env: { EDITOR: editor } }), /configmap\/editme edited/);
    assert.equal(await c.k(['get', 'cm', 'editme', '-o', 'jsonpath={.data.a}']), 'new');
  });

  it('answers unknown paths with a 404 Status and anonymous requests with 401', async () => {
    const r = await c.kubectl(['get', '--raw', '/apis/nothing.example.com/v1']);
    assert.match(r.stderr, /NotFound/);
    const https = await import('node:https');
    const code = await new Promise<number>((resolve) => {
      https.get(`${c.url}/api/v1/namespaces`, { rejectUnauthorized: false }, (resp) => {
        resp.resume();
        resolve(resp.statusCode ?? 0);
      });
    });
    assert.equal(code, 401);
    const health = await new Promise<number>((resolve) => {
      https.get(`${c.url}/healthz`, { rejectUnauthorized: false }, (resp) => {
        resp.resume();
        resolve(resp.statusCode ?? 0);
      });
    });
    assert.equal(health, 200);
  });
});
