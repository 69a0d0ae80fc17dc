import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client } from '../client/client.js';
import { FakeTransport } from '../client/fake/index.js';
import type { Transport } from '../client/transport.js';
import { FakeClock, flushAsync } from '../clock/clock.js';
import { statusErrors } from '../errors/status.js';
import { SharedInformerFactory } from './factory.js';
import { nodeNameIndexFunc } from './indexer.js';
import { DeletedFinalStateUnknown } from './keys.js';
import type { EventHandler } from './listener.js';

type Seen = Array<[string, string, ...unknown[]]>;

function recorder(seen: Seen): EventHandler {
  return {
    onAdd: (o, initial) => seen.push(['add', o.metadata.name!, initial]),
    onUpdate: (a, b) => seen.push(['update', b.metadata.name!, a.metadata.resourceVersion === b.metadata.resourceVersion]),
    onDelete: (o) => seen.push(o instanceof DeletedFinalStateUnknown ? ['tombstone', o.key] : ['delete', o.metadata.name!]),
  };
}

const cm = (name: string, ns = 'default', labels?: Record<string, string>): KubeObject => ({ metadata: { name, namespace: ns, ...(labels ? { labels } : {}) }, data: {} });

async function setup(o: { resyncPeriodMs?: number } = {}) {
  const clock = new FakeClock();
  const fake = new FakeTransport({ clock });
  const client = new Client({ transport: fake, clock, component: 'informer-test' });
  const factory = new SharedInformerFactory(client, { clock, ...o });
  const ac = new AbortController();
  return { clock, fake, client, factory, ac };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await flushAsync(1);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('SharedIndexInformer (fake transport)', () => {
  it('lists, syncs, then follows adds, updates and deletes', async () => {
    const { fake, client, factory, ac } = await setup();
    fake.seed('configmaps', cm('a'), cm('b', 'other'));
    const inf = factory.informerFor('configmaps');
    const seen: Seen = [];
    const reg = inf.addEventHandler(recorder(seen));
    factory.start(ac.signal);
    assert.equal(await factory.waitForCacheSync(), true);
    await until(() => reg.hasSynced(), 'handler sync');
    assert.deepEqual(seen.sort(), [['add', 'a', true], ['add', 'b', true]]);
    seen.length = 0;
    const cms = client.resource('configmaps', 'default');
    const c = await cms.create(cm('c'));
    await cms.update({ ...c, data: { x: '1' } });
    await cms.delete('a');
    await until(() => seen.length === 3, 'three events');
    assert.deepEqual(seen, [['add', 'c', false], ['update', 'c', false], ['delete', 'a']]);
    assert.equal(inf.lister.get('default', 'c')?.data && (inf.lister.get('default', 'c')!.data as { x: string }).x, '1');
    assert.equal(inf.lister.get('default', 'a'), undefined);
    assert.deepEqual(inf.lister.list('other').map((o) => o.metadata.name), ['b']);
    assert.equal(inf.lister.list().length, 2);
    ac.abort();
    await factory.shutdown();
  });

  it('is shared: one informer, one list and one watch per resource', async () => {
    const { fake, factory, ac } = await setup();
    const a = factory.informerFor('configmaps');
    const b = factory.informerFor({ group: '', version: 'v1', resource: 'configmaps' });
    assert.equal(a, b);
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    await until(() => fake.watchCount('configmaps') === 1, 'watch');
    assert.equal(fake.actionsFor('list', 'configmaps').length, 1);
    ac.abort();
    await factory.shutdown();
    assert.equal(fake.watchCount(), 0, 'the watch is closed on stop');
  });

  it('lists first at resourceVersion 0 (the server\'s cache, whole, whatever the page size of 500)', async () => {
    const { fake, factory, ac } = await setup();
    fake.seed('configmaps', ...Array.from({ length: 1203 }, (_, i) => cm(`cm-${String(i).padStart(4, '0')}`)));
    const inf = factory.informerFor('configmaps');
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    const lists = fake.actionsFor('list', 'configmaps');
    assert.equal(lists.length, 1);
    assert.equal(lists[0]!.query.get('limit'), '500');
    assert.equal(lists[0]!.query.get('resourceVersion'), '0');
    assert.equal(inf.lister.list().length, 1203);
    ac.abort();
    await factory.shutdown();
  });

  it('relists after 410, delivering tombstones for objects deleted meanwhile', async () => {
    const { clock, fake, factory, ac } = await setup();
    fake.seed('configmaps', cm('keep'), cm('gone'));
    const inf = factory.informerFor('configmaps');
    const seen: Seen = [];
    inf.addEventHandler(recorder(seen));
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    await until(() => fake.watchCount('configmaps') === 1, 'watch');
    seen.length = 0;
    await clock.advance(1500); // a watch that breaks within a second without events counts as failed
    // The connection drops; meanwhile the object goes and the server forgets its history.
    fake.breakWatches();
    const stored = fake.tracker.get('/configmaps', 'default', 'gone')!;
    fake.tracker.remove('/configmaps', stored);
    fake.compact();
    await until(() => inf.stats.expired === 1, '410');
    await clock.advance(2000); // the relist backoff (0.8–1.6 s)
    await until(() => inf.stats.lists === 2 && seen.length === 2, 'relist');
    // The relist asks for at least the last version seen (from the server's cache), not "0" or "".
    const relist = fake.actionsFor('list', 'configmaps').at(-1)!;
    assert.match(relist.query.get('resourceVersion') ?? '', /^[1-9]\d*$/);
    assert.equal(relist.query.get('limit'), null, 'asked whole, so the watch cache answers');
    assert.deepEqual(seen.sort(), [['tombstone', 'default/gone'], ['update', 'keep', true]]);
    assert.equal(inf.lister.get('default', 'gone'), undefined);
    ac.abort();
    await factory.shutdown();
  });

  it('resumes a broken watch from the last resourceVersion without relisting', async () => {
    const { fake, client, factory, ac } = await setup();
    const inf = factory.informerFor('configmaps');
    const seen: Seen = [];
    inf.addEventHandler(recorder(seen));
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    await client.resource('configmaps', 'default').create(cm('x'));
    await until(() => seen.length === 1, 'add');
    fake.breakWatches();
    await client.resource('configmaps', 'default').create(cm('y'));
    await until(() => seen.length === 2, 'add after reconnect');
    assert.equal(inf.stats.lists, 1);
    const watches = fake.actionsFor('watch', 'configmaps');
    assert.equal(watches.length, 2);
    assert.equal(watches[1]!.query.get('resourceVersion'), fake.tracker.get('/configmaps', 'default', 'x')!.metadata.resourceVersion);
    assert.equal(watches[1]!.query.get('allowWatchBookmarks'), 'true');
    ac.abort();
    await factory.shutdown();
  });

  it('gives up a watch the server never ends and watches again from the last resourceVersion', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport({ clock });
    // A server that ignores timeoutSeconds: its watches never end by themselves.
    const deaf: Transport = {
      description: 'deaf',
      request: (r) => {
        const query = new URLSearchParams(r.query);
        query.delete('timeoutSeconds');
        return fake.request({ ...r, query });
      },
      close: () => fake.close(),
    };
    const client = new Client({ transport: deaf, clock, component: 'informer-test' });
    const factory = new SharedInformerFactory(client, { clock });
    const ac = new AbortController();
    const inf = factory.informerFor('configmaps');
    const seen: Seen = [];
    inf.addEventHandler(recorder(seen));
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    await until(() => fake.actionsFor('watch', 'configmaps').length === 1, 'the first watch');
    // timeoutSeconds is at most 600 and the grace 60 s.
    await clock.advance(661_000);
    await until(() => fake.actionsFor('watch', 'configmaps').length === 2, 'a second watch');
    await client.resource('configmaps', 'default').create(cm('late'));
    await until(() => seen.some(([k, n]) => k === 'add' && n === 'late'), 'the add seen on the new watch');
    assert.equal(inf.stats.lists, 1, 'no relist');
    ac.abort();
    await factory.shutdown();
  });

  it('gives up a list that is never answered and lists again', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport({ clock });
    let lists = 0;
    // The first LIST gets no answer at all (until the request is aborted).
    const silentOnce: Transport = {
      description: 'silent once',
      request: (r) => {
        if (r.method === 'GET' && !r.query?.get('watch') && lists++ === 0) {
          return new Promise((_resolve, reject) => r.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
        }
        return fake.request(r);
      },
      close: () => fake.close(),
    };
    const client = new Client({ transport: silentOnce, clock, component: 'informer-test', retry: false });
    await client.resource('configmaps', 'default').create(cm('a'));
    const factory = new SharedInformerFactory(client, { clock });
    const ac = new AbortController();
    const inf = factory.informerFor('configmaps');
    factory.start(ac.signal);
    await until(() => lists === 1, 'the first list');
    await clock.advance(181_000);
    await clock.advance(5_000);
    await until(() => inf.hasSynced(), 'a second list that syncs');
    assert.equal(lists, 2);
    assert.deepEqual(inf.lister.list().map((o) => o.metadata.name), ['a']);
    ac.abort();
    await factory.shutdown();
  });

  it('keeps the resourceVersion of bookmarks', async () => {
    const { fake, client, factory, ac } = await setup();
    const inf = factory.informerFor('configmaps');
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    await until(() => fake.watchCount('configmaps') === 1, 'watch');
    await client.resource('secrets', 'default').create({ metadata: { name: 's' } });
    fake.bookmark();
    await until(() => inf.lastSyncResourceVersion === String(fake.tracker.rv), 'bookmark rv');
    ac.abort();
    await factory.shutdown();
  });

  it('retries a failing list with backoff', async () => {
    const { clock, fake, factory, ac } = await setup();
    let failures = 1;
    fake.prependReactor((a) => {
      if (a.verb === 'list' && failures-- > 0) throw statusErrors.forbidden({ group: '', resource: 'configmaps' }, '', 'not yet');
      return undefined;
    });
    const inf = factory.informerFor('configmaps');
    factory.start(ac.signal);
    await until(() => clock.pending() > 0, 'backoff timer');
    assert.equal(inf.hasSynced(), false);
    await clock.advance(2000);
    assert.equal(await inf.waitForSync(), true);
    ac.abort();
    await factory.shutdown();
  });

  it('indexes by custom index functions and replays the cache to late handlers', async () => {
    const { fake, factory, ac } = await setup();
    fake.seed('pods', { metadata: { name: 'p1', namespace: 'default' }, spec: { nodeName: 'n1' } }, { metadata: { name: 'p2', namespace: 'default' }, spec: { nodeName: 'n2' } }, { metadata: { name: 'p3', namespace: 'default' }, spec: {} });
    const inf = factory.informerFor('pods');
    inf.addIndexer('nodeName', nodeNameIndexFunc);
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    assert.deepEqual(inf.indexer.byIndex('nodeName', 'n1').map((p) => p.metadata.name), ['p1']);
    assert.deepEqual(inf.indexer.indexValues('nodeName').sort(), ['n1', 'n2']);
    const seen: Seen = [];
    const reg = inf.addEventHandler(recorder(seen));
    await until(() => reg.hasSynced(), 'late handler sync');
    assert.equal(seen.length, 3);
    assert.ok(seen.every((s) => s[0] === 'add' && s[2] === true));
    ac.abort();
    await factory.shutdown();
  });

  it('resyncs handlers periodically with unchanged objects', async () => {
    const { clock, fake, factory, ac } = await setup({ resyncPeriodMs: 30_000 });
    fake.seed('configmaps', cm('r'));
    const inf = factory.informerFor('configmaps');
    const seen: Seen = [];
    inf.addEventHandler(recorder(seen));
    const quiet: Seen = [];
    inf.addEventHandler(recorder(quiet), { resyncPeriodMs: 0 });
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    await clock.advance(30_000);
    await until(() => seen.length === 2, 'resync');
    assert.deepEqual(seen[1], ['update', 'r', true]);
    assert.equal(quiet.length, 1, 'handler without resync not resynced');
    ac.abort();
    await factory.shutdown();
  });

  it('isolates a throwing handler and drops managedFields by default', async () => {
    const { fake, factory, ac } = await setup();
    fake.seed('configmaps', { ...cm('m'), metadata: { name: 'm', namespace: 'default', managedFields: [{ manager: 'x' }] } });
    const inf = factory.informerFor('configmaps');
    inf.addEventHandler({ onAdd: () => { throw new Error('boom'); } });
    const seen: Seen = [];
    const reg = inf.addEventHandler(recorder(seen));
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    await until(() => reg.hasSynced(), 'sync');
    assert.equal(seen.length, 1);
    assert.equal(inf.lister.get('default', 'm')!.metadata.managedFields, undefined);
    ac.abort();
    await factory.shutdown();
  });

  it('lists with label selectors by namespace', async () => {
    const { fake, factory, ac } = await setup();
    fake.seed('configmaps', cm('a', 'x', { app: 'web' }), cm('b', 'x', { app: 'db' }), cm('c', 'y', { app: 'web' }));
    const lister = factory.lister('configmaps');
    factory.start(ac.signal);
    await factory.waitForCacheSync();
    assert.deepEqual(lister.list('x', 'app=web').map((o) => o.metadata.name), ['a']);
    assert.deepEqual(lister.list(undefined, { app: 'web' }).map((o) => o.metadata.name).sort(), ['a', 'c']);
    ac.abort();
    await factory.shutdown();
  });
});
