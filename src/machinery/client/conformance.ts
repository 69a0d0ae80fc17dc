// The one conformance suite every transport passes — HTTPS against a real kts server, in-process
// against an APIServer over MemoryStorage, and the fake against itself — driven through the Client,
// so the fake is held to the real server's wire behaviour: status codes and reasons, resource
// versions and conflicts, status kept apart from spec, patches of every type, paging, finalizers,
// watch ordering, resume and 410, subresources (scale, pods/binding).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { StatusError } from '../errors/status.js';
import type { Client } from './client.js';
import type { Watch, WatchEvent } from './watch.js';

export interface ConformanceEnv {
  client(component?: string): Client;
  /** Makes the server forget its watch history (restart, compaction): old resource versions get 410. */
  forgetWatchHistory(): Promise<void>;
  teardown(): Promise<void>;
}

export interface ConformanceTarget {
  name: string;
  setup(): Promise<ConformanceEnv>;
}

function rejectsWith(code: number, reason?: string) {
  return (err: unknown) => {
    assert.ok(err instanceof StatusError, `expected StatusError, got ${String(err)}`);
    assert.equal(err.code, code, `code: ${err.message}`);
    if (reason !== undefined) assert.equal(err.reason, reason, `reason: ${err.message}`);
    return true;
  };
}

/** Reads n events (skipping bookmarks) or fails after a timeout. */
export async function nextEvents<T extends KubeObject>(w: Watch<T>, n: number, timeoutMs = 10_000): Promise<WatchEvent<T>[]> {
  const it = w[Symbol.asyncIterator]();
  const out: WatchEvent<T>[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < n) {
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      it.next(),
      new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(timer);
    if (r === 'timeout') throw new Error(`timed out waiting for watch events: got ${out.length}/${n}: ${JSON.stringify(out.map((e) => [e.type, e.object.metadata?.name]))}`);
    if (r.done) throw new Error(`watch ended after ${out.length}/${n} events`);
    if (r.value.type === 'BOOKMARK') continue;
    out.push(r.value);
  }
  return out;
}

const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});

const deployment = (name: string, replicas = 1): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
  },
});

const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

export function transportConformance(target: ConformanceTarget): void {
  describe(`client conformance: ${target.name}`, () => {
    let env: ConformanceEnv;
    let c: Client;
    let nsCounter = 0;
    const newNamespace = async (): Promise<string> => {
      const name = `conf-${process.pid}-${++nsCounter}`;
      await c.resource('namespaces').create({ metadata: { name } });
      return name;
    };

    before(async () => {
      env = await target.setup();
      c = env.client('conformance');
    });
    after(async () => {
      await env?.teardown();
    });

    it('creates and gets an object, with server-set metadata', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      const made = await cms.create(cm('a', { k: 'v' }));
      assert.equal(made.apiVersion, 'v1');
      assert.equal(made.kind, 'ConfigMap');
      assert.equal(made.metadata.namespace, ns);
      assert.ok(made.metadata.uid);
      assert.ok(made.metadata.resourceVersion);
      assert.ok(made.metadata.creationTimestamp);
      const got = await cms.get('a');
      assert.deepEqual(got.data, { k: 'v' });
      assert.equal(got.metadata.uid, made.metadata.uid);
      assert.equal(got.metadata.resourceVersion, made.metadata.resourceVersion);
    });

    it('takes the namespace from the object when the client has none', async () => {
      const ns = await newNamespace();
      const made = await c.resource('configmaps').create({ ...cm('from-obj'), metadata: { name: 'from-obj', namespace: ns } });
      assert.equal(made.metadata.namespace, ns);
    });

    it('answers NotFound, AlreadyExists and Conflict as StatusErrors', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      await assert.rejects(cms.get('missing'), rejectsWith(404, 'NotFound'));
      await assert.rejects(cms.delete('missing'), rejectsWith(404, 'NotFound'));
      const a = await cms.create(cm('dup'));
      await assert.rejects(cms.create(cm('dup')), rejectsWith(409, 'AlreadyExists'));
      const b = await cms.update({ ...a, data: { x: '1' } });
      assert.notEqual(b.metadata.resourceVersion, a.metadata.resourceVersion);
      await assert.rejects(cms.update({ ...a, data: { x: '2' } }), rejectsWith(409, 'Conflict'));
      const err = await cms.get('missing').catch((e: unknown) => e);
      assert.ok(err instanceof StatusError);
      assert.equal(err.status.details?.name, 'missing');
      assert.equal(err.status.details?.kind, 'configmaps');
    });

    it('updates unconditionally without a resourceVersion', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      await cms.create(cm('u', { a: '1' }));
      const up = await cms.update({ ...cm('u', { a: '2' }), metadata: { name: 'u', namespace: ns } });
      assert.deepEqual(up.data, { a: '2' });
    });

    it('generates names from generateName', async () => {
      const ns = await newNamespace();
      const made = await c.resource('configmaps', ns).create({ metadata: { generateName: 'gen-' }, data: {} });
      assert.match(made.metadata.name!, /^gen-[a-z0-9]{5}$/);
    });

    it('keeps status apart: update ignores status, updateStatus changes only status', async () => {
      const ns = await newNamespace();
      const deps = c.resource('deployments.apps', ns);
      const d = await deps.create(deployment('web'));
      const withStatus = await deps.updateStatus({ ...d, status: { observedGeneration: 1, replicas: 7 } });
      assert.equal((withStatus.status as { replicas?: number }).replicas, 7);
      const changed = await deps.update({ ...withStatus, spec: { ...(withStatus.spec as object), replicas: 2 }, status: { replicas: 99 } });
      assert.equal((changed.status as { replicas?: number }).replicas, 7, 'status unchanged by update');
      assert.equal((changed.spec as { replicas?: number }).replicas, 2);
      assert.equal(changed.metadata.generation, 2);
      const st2 = await deps.updateStatus({ ...changed, spec: { ...(changed.spec as object), replicas: 5 }, status: { replicas: 3 } });
      assert.equal((st2.spec as { replicas?: number }).replicas, 2, 'spec unchanged by updateStatus');
      assert.equal((st2.status as { replicas?: number }).replicas, 3);
    });

    it('patches: merge, strategic, json and apply', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      await cms.create(cm('p', { a: '1', b: '2' }, { x: 'y' }));
      const m = await cms.patch('p', { data: { b: null, c: '3' } });
      assert.deepEqual(m.data, { a: '1', c: '3' });
      const j = await cms.patch('p', [{ op: 'test', path: '/data/a', value: '1' }, { op: 'replace', path: '/data/a', value: '9' }], { type: 'json' });
      assert.deepEqual(j.data, { a: '9', c: '3' });
      await assert.rejects(cms.patch('p', [{ op: 'test', path: '/data/a', value: 'nope' }], { type: 'json' }), rejectsWith(422));
      const deps = c.resource('deployments.apps', ns);
      await deps.create(deployment('s'));
      const s = await deps.patch('s', { spec: { template: { spec: { containers: [{ name: 'side', image: 'nginx' }] } } } }, { type: 'strategic' });
      const names = ((s.spec as { template: { spec: { containers: Array<{ name: string }> } } }).template.spec.containers).map((x) => x.name).sort();
      assert.deepEqual(names, ['c', 'side'], 'strategic merge keeps list items by name');
      const applied = await cms.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ap', namespace: ns }, data: { k: 'v' } }, { fieldManager: 'conformance' });
      assert.deepEqual(applied.data, { k: 'v' });
      const applied2 = await cms.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ap', namespace: ns }, data: { k: 'w' } }, { fieldManager: 'conformance' });
      assert.deepEqual(applied2.data, { k: 'w' });
      await assert.rejects(cms.patch('nope', { data: {} }), rejectsWith(404, 'NotFound'));
    });

    it('lists with label selectors and pages with limit/continue', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      for (let i = 0; i < 5; i++) await cms.create(cm(`item-${i}`, {}, { group: i % 2 ? 'odd' : 'even' }));
      const odd = await cms.list({ labelSelector: { group: 'odd' } });
      assert.deepEqual(odd.items.map((o) => o.metadata.name).sort(), ['item-1', 'item-3']);
      const notOdd = await cms.list({ labelSelector: 'group!=odd' });
      assert.equal(notOdd.items.filter((o) => o.metadata.name?.startsWith('item-')).length, 3);
      const byName = await cms.list({ fieldSelector: 'metadata.name=item-2' });
      assert.deepEqual(byName.items.map((o) => o.metadata.name), ['item-2']);
      const seen: string[] = [];
      let cont: string | undefined;
      let pages = 0;
      const first = await cms.list({ labelSelector: 'group', limit: 2 });
      assert.ok(first.metadata.continue, 'first page has a continue token');
      assert.ok(first.metadata.resourceVersion);
      do {
        const page = await cms.list({ labelSelector: 'group', limit: 2, ...(cont ? { continue: cont } : {}) });
        seen.push(...page.items.map((o) => o.metadata.name!));
        cont = page.metadata.continue || undefined;
        pages++;
      } while (cont);
      assert.equal(pages, 3);
      assert.deepEqual(seen.sort(), ['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
      assert.equal(first.kind, 'ConfigMapList');
    });

    it('deletes: preconditions, finalizers, deleteCollection', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      const a = await cms.create(cm('d1'));
      await assert.rejects(cms.delete('d1', { preconditions: { uid: 'not-the-uid' } }), rejectsWith(409, 'Conflict'));
      await cms.delete('d1', { preconditions: { uid: a.metadata.uid! } });
      await assert.rejects(cms.get('d1'), rejectsWith(404));
      const f = await cms.create({ ...cm('fin'), metadata: { name: 'fin', finalizers: ['example.com/hold'] } });
      await cms.delete('fin');
      const held = await cms.get('fin');
      assert.ok(held.metadata.deletionTimestamp, 'deletionTimestamp set');
      assert.notEqual(held.metadata.resourceVersion, f.metadata.resourceVersion);
      await cms.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
      await assert.rejects(cms.get('fin'), rejectsWith(404));
      for (const n of ['x1', 'x2', 'y1']) await cms.create(cm(n, {}, { set: n[0]! }));
      await cms.deleteCollection({ labelSelector: 'set=x' });
      const left = (await cms.list({ labelSelector: 'set' })).items.map((o) => o.metadata.name);
      assert.deepEqual(left, ['y1']);
    });

    it('watches from a resourceVersion: ADDED, MODIFIED, DELETED in order', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      const list = await cms.list();
      const ac = new AbortController();
      const w = await cms.watch({ resourceVersion: list.metadata.resourceVersion!, allowWatchBookmarks: true, signal: ac.signal });
      const a = await cms.create(cm('w1'));
      await cms.update({ ...a, data: { v: '2' } });
      await cms.delete('w1');
      const evs = await nextEvents(w, 3);
      assert.deepEqual(evs.map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'w1'], ['MODIFIED', 'w1'], ['DELETED', 'w1']]);
      const rvs = evs.map((e) => Number(e.object.metadata.resourceVersion));
      assert.ok(rvs[0]! < rvs[1]! && rvs[1]! < rvs[2]!, `increasing resource versions ${rvs.join(',')}`);
      ac.abort();
      const rest: unknown[] = [];
      for await (const e of w) rest.push(e);
      assert.ok(rest.every((e) => (e as WatchEvent).type === 'BOOKMARK'), 'the watch ends quietly when aborted');
    });

    it('resumes a watch from a past resourceVersion and filters by label', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      const a = await cms.create(cm('r1', {}, { app: 'yes' }));
      await cms.create(cm('r2', {}, { app: 'no' }));
      await cms.create(cm('r3', {}, { app: 'yes' }));
      const w = await cms.watch({ resourceVersion: a.metadata.resourceVersion!, labelSelector: 'app=yes' });
      const evs = await nextEvents(w, 1);
      assert.deepEqual(evs.map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'r3']]);
      w.close();
    });

    it('sends the current objects first when a watch has no resourceVersion', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      await cms.create(cm('i1'));
      await cms.create(cm('i2'));
      const w = await cms.watch();
      const evs = await nextEvents(w, 2);
      assert.deepEqual(evs.map((e) => [e.type, e.object.metadata.name]).sort(), [['ADDED', 'i1'], ['ADDED', 'i2']]);
      w.close();
    });

    it('answers a watch from a forgotten resourceVersion with ERROR 410', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      const a = await cms.create(cm('old'));
      await cms.create(cm('newer'));
      await env.forgetWatchHistory();
      const w = await cms.watch({ resourceVersion: a.metadata.resourceVersion! });
      const [ev] = await nextEvents(w, 1);
      assert.equal(ev!.type, 'ERROR');
      assert.equal(ev!.type === 'ERROR' ? ev!.object.code : 0, 410);
      w.close();
      // The client still works after the server forgot its history (or restarted).
      assert.ok((await cms.get('newer')).metadata.uid);
    });

    it('serves the scale subresource', async () => {
      const ns = await newNamespace();
      const deps = c.resource('deployments.apps', ns);
      await deps.create(deployment('sc', 2));
      const scale = await deps.getSubresource<KubeObject>('sc', 'scale');
      assert.equal(scale.kind, 'Scale');
      assert.equal((scale.spec as { replicas: number }).replicas, 2);
      const up = await deps.updateSubresource<KubeObject>('sc', 'scale', { ...scale, spec: { replicas: 4 } });
      assert.equal((up.spec as { replicas: number }).replicas, 4);
      assert.equal(((await deps.get('sc')).spec as { replicas: number }).replicas, 4);
      const patched = await deps.patch('sc', { spec: { replicas: 1 } }, { subresource: 'scale' });
      assert.equal((patched.spec as { replicas: number }).replicas, 1);
    });

    it('binds a pod once with pods/binding', async () => {
      const ns = await newNamespace();
      const pods = c.resource('pods', ns);
      await pods.create(pod('p'));
      const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } };
      await pods.createSubresource('p', 'binding', binding);
      assert.equal(((await pods.get('p')).spec as { nodeName?: string }).nodeName, 'node-1');
      await assert.rejects(pods.createSubresource('p', 'binding', { ...binding, target: { ...binding.target, name: 'node-2' } }), rejectsWith(409, 'Conflict'));
    });

    it('serves cluster-scoped resources and non-resource paths', async () => {
      const name = `conf-cluster-${process.pid}`;
      const nss = c.resource('namespaces');
      const made = await nss.create({ metadata: { name, labels: { conformance: 'yes' } } });
      assert.equal(made.metadata.namespace, undefined);
      const list = await nss.list({ labelSelector: 'conformance=yes' });
      assert.ok(list.items.some((n) => n.metadata.name === name));
      const v = await c.json<{ gitVersion?: string }>({ method: 'GET', path: '/version' });
      assert.match(v.gitVersion ?? '', /^v1\./);
    });

    it('detects conflicting writers with resourceVersion', async () => {
      const ns = await newNamespace();
      const cms = c.resource('configmaps', ns);
      const a = await cms.create(cm('race', { n: '0' }));
      const results = await Promise.allSettled([1, 2, 3].map((i) => cms.update({ ...a, data: { n: String(i) } })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') rejectsWith(409, 'Conflict')(r.reason);
    });
  });
}
