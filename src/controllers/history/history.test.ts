// ControllerRevision helpers: hashes, Go's JSON encoding, the template patch, revision equality and
// ordering, and creating revisions with hash-collision probing (over FakeTransport).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import {
  equalRevision,
  fnv32,
  fnv32a,
  goJSON,
  hashControllerRevision,
  newControllerRevision,
  nextRevision,
  RevisionHistory,
  safeEncodeString,
  sortRevisions,
  templateOfRevision,
  templatePatch,
  type ControllerRevision,
} from './index.js';

const parent = { metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
const ref = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true };

describe('revision helpers', () => {
  it('hashes as Go does', () => {
    assert.equal(fnv32(''), 0x811c9dc5);
    assert.equal(fnv32('a'), 0x050c5d7e);
    assert.equal(fnv32('foobar'), 0x31f0b262);
    assert.equal(fnv32a('a'), 0xe40c292c);
    assert.equal(fnv32a('foobar'), 0xbf9cf968);
    assert.equal(safeEncodeString('1209'), '564f');
    assert.match(hashControllerRevision('{"spec":{}}', 0), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.notEqual(hashControllerRevision('x', 0), hashControllerRevision('x', 1));
  });

  it('encodes JSON as Go: sorted keys, HTML characters escaped', () => {
    assert.equal(goJSON({ b: 1, a: '<x>&', c: [true, null], d: { z: 1, y: 2 } }), '{"a":"\\u003cx\\u003e\\u0026","b":1,"c":[true,null],"d":{"y":2,"z":1}}');
  });

  it('makes the template patch kubectl rollout undo applies, and reads it back', () => {
    const set = { ...parent, spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v1' }] } } } };
    const patch = templatePatch(set);
    assert.equal(patch, '{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"v1","name":"c"}]}}}}');
    const rev = newControllerRevision({ parent: set, controllerRef: ref, templateLabels: { app: 'web' }, data: patch, revision: 1, collisionCount: 0 });
    const hash = hashControllerRevision(patch, 0);
    assert.equal(rev.metadata.name, `web-${hash}`);
    assert.deepEqual(rev.metadata.labels, { app: 'web', 'controller.kubernetes.io/hash': hash });
    assert.deepEqual(templateOfRevision(rev), set.spec.template);
    assert.ok(equalRevision(rev, structuredClone(rev)));
  });

  it('orders revisions and numbers the next one', () => {
    const r = (n: number, name: string): ControllerRevision => ({ metadata: { name }, revision: n });
    const sorted = sortRevisions([r(3, 'c'), r(1, 'a'), r(2, 'b')]);
    assert.deepEqual(sorted.map((x) => x.metadata.name), ['a', 'b', 'c']);
    assert.equal(nextRevision(sorted), 4);
    assert.equal(nextRevision([]), 1);
  });

  it('probes past a hash collision with another revision', async () => {
    const fake = new FakeTransport();
    const history = new RevisionHistory(new Client({ transport: fake }));
    const patch = templatePatch({ ...parent, spec: { template: { spec: { containers: [] } } } });
    const rev = newControllerRevision({ parent, controllerRef: ref, templateLabels: {}, data: patch, revision: 1, collisionCount: 0 });
    // Someone else holds the name the first hash gives, with other data.
    fake.seed('controllerrevisions.apps', { metadata: { name: rev.metadata.name, namespace: 'default' }, data: { other: true }, revision: 9 } as ControllerRevision);
    const created = await history.create(parent, rev, 0);
    assert.equal(created.collisionCount, 1);
    assert.equal(created.revision.metadata.name, `web-${hashControllerRevision(patch, 1)}`);
    // The same revision again is found, not duplicated.
    const again = await history.create(parent, rev, 1);
    assert.equal(again.revision.metadata.uid, created.revision.metadata.uid);
  });
});
