import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { untypedMeta } from '../meta.js';
import { schemaPatchMeta } from '../schema-meta.js';
import { testSchema } from '../test-schema.js';
import { strategicMergePatch } from './index.js';

const podMeta = schemaPatchMeta('core.v1.Pod', { schema: testSchema });
const deployMeta = schemaPatchMeta('apps.v1.Deployment', { schema: testSchema });
const itemMeta = schemaPatchMeta('test.v1.MergeItem', { schema: testSchema });

const item = (doc: JsonObject, patch: JsonObject) => strategicMergePatch(doc, patch, itemMeta);

function pod(containers: JsonObject[], extra: JsonObject = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers, ...extra } };
}

function assertPatchError(fn: () => unknown, code: number, contains: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof PatchError, `expected PatchError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.ok(err.message.includes(contains) || err.detail.includes(contains), `${err.message} / ${err.detail} lacks ${contains}`);
    return true;
  });
}

describe('strategic merge patch: merging lists of maps', () => {
  it('merges containers by name, keeping the live order', () => {
    const live = pod([
      { name: 'a', image: 'a:1' },
      { name: 'b', image: 'b:1' },
    ]);
    const out = strategicMergePatch(live, { spec: { containers: [{ name: 'b', image: 'b:2' }] } }, podMeta);
    assert.deepEqual(out.spec, { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }] });
    assert.deepEqual(live.spec, { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] }, 'input untouched');
  });

  it('puts a new item before the live items when no $setElementOrder is given (upstream order rule)', () => {
    const out = strategicMergePatch(pod([{ name: 'a' }, { name: 'b' }]), { spec: { containers: [{ name: 'c', image: 'c' }] } }, podMeta);
    assert.deepEqual(out.spec, { containers: [{ name: 'c', image: 'c' }, { name: 'a' }, { name: 'b' }] });
  });

  it('orders by $setElementOrder, as kubectl apply sends it', () => {
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }, { name: 'c' }], containers: [{ name: 'c', image: 'c' }] } };
    const out = strategicMergePatch(pod([{ name: 'a' }, { name: 'b' }]), patch, podMeta);
    assert.deepEqual(out.spec, { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c', image: 'c' }] });
  });

  it('merges env by name and ports by containerPort inside a container', () => {
    const live = pod([
      {
        name: 'a',
        env: [
          { name: 'X', value: '1' },
          { name: 'Y', value: '2' },
        ],
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      },
    ]);
    const patch = {
      spec: {
        containers: [
          {
            name: 'a',
            env: [{ name: 'Y', value: '3' }],
            ports: [{ containerPort: 80, name: 'http' }],
          },
        ],
      },
    };
    const out = strategicMergePatch(live, patch, podMeta);
    assert.deepEqual(out.spec, {
      containers: [
        {
          name: 'a',
          env: [
            { name: 'X', value: '1' },
            { name: 'Y', value: '3' },
          ],
          ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }],
        },
      ],
    });
  });

  it('deletes a list element with $patch: delete (all duplicates of it)', () => {
    const out = strategicMergePatch(pod([{ name: 'a' }, { name: 'b' }, { name: 'a' }]), { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }, podMeta);
    assert.deepEqual(out.spec, { containers: [{ name: 'b' }] });
    const none = item({ mergingList: [{ name: '1' }, { name: '2' }] }, { mergingList: [{ name: '3', $patch: 'delete' }] });
    assert.deepEqual(none, { mergingList: [{ name: '1' }, { name: '2' }] }, 'deleting a missing item is a no-op');
  });

  it('replaces a merging list with a $patch: replace element', () => {
    const out = item({ mergingList: [{ name: '1' }, { name: '2' }] }, { mergingList: [{ name: '3', value: 'x' }, { $patch: 'replace' }] });
    assert.deepEqual(out, { mergingList: [{ name: '3', value: 'x' }] });
    assert.deepEqual(item({ mergingList: [{ name: '1' }] }, { mergingList: [{ $patch: 'replace' }] }), { mergingList: [] });
  });

  it('drops $patch elements from a list the live object does not have yet', () => {
    const out = item({ name: 'hi' }, { mergingList: [{ name: 'hello' }, { $patch: 'delete', name: 'doesntexist' }] });
    assert.deepEqual(out, { name: 'hi', mergingList: [{ name: 'hello' }] });
  });

  it('preserves the order from the patch (upstream "preserve the order from the patch in a merging list 2")', () => {
    const out = item(
      { mergingList: [{ name: '1' }, { name: '2', value: 'b' }, { name: '3' }] },
      { mergingList: [{ name: '3', value: 'c' }, { name: '1', value: 'a' }] },
    );
    assert.deepEqual(out, { mergingList: [{ name: '2', value: 'b' }, { name: '3', value: 'c' }, { name: '1', value: 'a' }] });
  });

  it('errors (500, like upstream) when a patch element lacks the merge key', () => {
    assertPatchError(() => item({ mergingList: [{ name: '1', value: 'a' }] }, { mergingList: [{ value: 'b' }] }), 500, 'map: map[value:b] does not contain declared merge key: name');
  });

  it('refuses $patch: merge inside a list', () => {
    assertPatchError(() => item({ mergingList: [{ name: '1' }] }, { mergingList: [{ name: '1', $patch: 'merge' }] }), 500, 'merging lists cannot yet be specified in the patch');
  });
});

describe('strategic merge patch: $setElementOrder (upstream raw cases)', () => {
  it('orders with server-only items woven in by their live position', () => {
    const cur: JsonObject = { mergingList: [{ name: '1', other: 'a' }, { name: '2', value: '2' }, { name: '7' }, { name: '9' }, { name: '8' }, { name: '3', value: '3' }, { name: '4', value: '4' }] };
    const patch = { '$setElementOrder/mergingList': [{ name: '2' }, { name: '1' }, { name: '4' }, { name: '3' }] };
    assert.deepEqual(item(cur, patch), {
      mergingList: [{ name: '2', value: '2' }, { name: '1', other: 'a' }, { name: '7' }, { name: '9' }, { name: '8' }, { name: '4', value: '4' }, { name: '3', value: '3' }],
    });
  });

  it('puts trailing server-only items last', () => {
    const cur: JsonObject = { mergingList: [{ name: '1', other: 'a' }, { name: '3', value: '3' }, { name: '4', value: '4' }, { name: '2', value: '2' }, { name: '9' }] };
    const patch = { '$setElementOrder/mergingList': [{ name: '4' }, { name: '2' }, { name: '3' }, { name: '1' }] };
    assert.deepEqual(item(cur, patch), {
      mergingList: [{ name: '4', value: '4' }, { name: '2', value: '2' }, { name: '3', value: '3' }, { name: '1', other: 'a' }, { name: '9' }],
    });
  });

  it('ignores directive entries for items that are not in the list', () => {
    const out = item({ mergingList: [{ name: '1' }, { name: '3' }] }, {
      '$setElementOrder/mergingList': [{ name: '3' }, { name: '2' }, { name: '1' }],
      mergingList: [{ name: '3', value: '3' }, { name: '1', value: '1' }],
    });
    assert.deepEqual(out, { mergingList: [{ name: '3', value: '3' }, { name: '1', value: '1' }] });
    assert.deepEqual(item({ mergingIntList: [1, 3] }, { '$setElementOrder/mergingIntList': [3, 2, 1] }), { mergingIntList: [3, 1] });
  });

  it('keeps duplicates together at the first position named', () => {
    const cur: JsonObject = { mergingList: [{ name: '1' }, { name: '2', value: 'dup1' }, { name: '3' }, { name: '2', value: 'dup2' }, { name: '4' }] };
    const patch = { '$setElementOrder/mergingList': [{ name: '2' }, { name: '1' }, { name: '4' }, { name: '3' }, { name: '2' }] };
    assert.deepEqual(item(cur, patch), {
      mergingList: [{ name: '2', value: 'dup1' }, { name: '2', value: 'dup2' }, { name: '1' }, { name: '4' }, { name: '3' }],
    });
    assert.deepEqual(item({ mergingIntList: [1, 2, 3, 2, 4] }, { '$setElementOrder/mergingIntList': [2, 1, 4, 3, 2] }), { mergingIntList: [2, 2, 1, 4, 3] });
  });

  it('deletes in one list and reorders another in the same patch', () => {
    const cur: JsonObject = { mergingList: [{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'c', value: 'c' }, { name: 'd', value: 'd' }] };
    const patch = {
      '$setElementOrder/mergingList': [{ name: 'b' }],
      '$setElementOrder/mergeItemPtr': [{ name: 'd' }, { name: 'c' }],
      mergingList: [{ $patch: 'delete', name: 'a' }],
    };
    assert.deepEqual(item(cur, patch), { mergingList: [{ name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'd', value: 'd' }, { name: 'c', value: 'c' }] });
  });

  it('places a server-only item added after the last apply behind the patch items', () => {
    const out = item({ name: 'hi', mergingList: [{ name: 'hello2' }] }, {
      '$setElementOrder/mergingList': [{ name: 'hello' }, { name: 'doesntexist' }],
      mergingList: [{ name: 'hello' }],
    });
    assert.deepEqual(out, { name: 'hi', mergingList: [{ name: 'hello' }, { name: 'hello2' }] });
  });

  it('rejects a patch list whose order contradicts the directive', () => {
    assertPatchError(
      () => item({ mergingList: [{ name: '1' }, { name: '3' }, { name: '2' }] }, {
        '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }, { name: '3' }],
        mergingList: [{ name: '3', value: '3' }, { name: '1', value: '1' }],
      }),
      500,
      "doesn't match $setElementOrder list",
    );
  });

  it('rejects a malformed directive key with 400', () => {
    assertPatchError(() => item({}, { $setElementOrdermergingList: [] }), 400, 'invalid patch format of setElementOrder list');
  });
});

describe('strategic merge patch: lists of scalars', () => {
  it('merges finalizers as a set, keeping unique values', () => {
    const live = { metadata: { finalizers: ['a', 'b'] } };
    assert.deepEqual(strategicMergePatch(live, { metadata: { finalizers: ['b', 'c'] } }, podMeta), { metadata: { finalizers: ['a', 'b', 'c'] } });
    assert.deepEqual(strategicMergePatch(live, { metadata: { finalizers: ['c'] } }, podMeta), { metadata: { finalizers: ['c', 'a', 'b'] } });
    const ordered = { metadata: { '$setElementOrder/finalizers': ['a', 'b', 'c'], finalizers: ['c'] } };
    assert.deepEqual(strategicMergePatch(live, ordered, podMeta), { metadata: { finalizers: ['a', 'b', 'c'] } });
  });

  it('preserves the patch order of scalars (upstream "preserve the order from the patch in a merging int list")', () => {
    assert.deepEqual(item({ mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1] }), { mergingIntList: [2, 3, 1] });
    assert.deepEqual(item({ mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1, 2] }), { mergingIntList: [3, 1, 2] });
  });

  it('deletes with $deleteFromPrimitiveList, with or without the merge strategy', () => {
    const patch = { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] };
    assert.deepEqual(item({ mergingIntList: [1, 2, 3, 3, 4] }, patch), { mergingIntList: [1, 2, 4] });
    assert.deepEqual(item({ nonMergingIntList: [1, 2, 3] }, { '$deleteFromPrimitiveList/nonMergingIntList': [2] }), { nonMergingIntList: [1, 3] });
    const both = { '$setElementOrder/mergingIntList': [1, 2, 4], '$deleteFromPrimitiveList/mergingIntList': [3], mergingIntList: [4] };
    assert.deepEqual(item({ mergingIntList: [1, 2, 3, 4] }, both), { mergingIntList: [1, 2, 4] });
    assert.deepEqual(
      strategicMergePatch({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, podMeta),
      { metadata: { finalizers: ['b'] } },
    );
  });

  it('never adds items or lists through $deleteFromPrimitiveList', () => {
    assert.deepEqual(item({ mergingIntList: [1, 2] }, { '$deleteFromPrimitiveList/mergingIntList': [3] }), { mergingIntList: [1, 2] });
    assert.deepEqual(item({ mergingIntList: null }, { '$deleteFromPrimitiveList/mergingIntList': [3] }), { mergingIntList: null });
    assert.deepEqual(item({ foo: ['bar'] }, { '$deleteFromPrimitiveList/mergingIntList': [3] }), { foo: ['bar'] });
  });

  it('replaces lists without the merge strategy', () => {
    assert.deepEqual(item({ nonMergingIntList: [1, 2] }, { nonMergingIntList: [2, 3] }), { nonMergingIntList: [2, 3] });
    const live = pod([{ name: 'a', command: ['sh', '-c', 'x'] }]);
    const out = strategicMergePatch(live, { spec: { containers: [{ name: 'a', command: ['y'] }] } }, podMeta);
    assert.deepEqual(out.spec, { containers: [{ name: 'a', command: ['y'] }] });
  });

  it('refuses lists of lists with 422', () => {
    assertPatchError(() => item({ mergingIntList: [[1]] as unknown as number[] }, { mergingIntList: [[2]] as unknown as number[] }), 422, 'lists of lists are not supported');
  });
});

describe('strategic merge patch: maps and directives', () => {
  it('deletes a key with null and ignores nulls for keys it does not have', () => {
    const live = { metadata: { name: 'p', labels: { a: '1', b: '2' } } };
    const out = strategicMergePatch(live, { metadata: { labels: { a: null, c: '3' }, annotations: { x: null, y: 'z' } } }, podMeta);
    assert.deepEqual(out, { metadata: { name: 'p', labels: { b: '2', c: '3' }, annotations: { y: 'z' } } });
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    const live = { simpleMap: { key1: '1', key2: '1' }, name: '1', value: '1' };
    assert.deepEqual(item(live, { simpleMap: { $patch: 'replace', key3: '3' } }), { simpleMap: { key3: '3' }, name: '1', value: '1' });
    assert.deepEqual(item(live, { simpleMap: { $patch: 'delete' } }), { simpleMap: {}, name: '1', value: '1' });
    assert.deepEqual(item({ name: '1', value: '1' }, { other: 'a', $patch: 'replace' }), { other: 'a' });
  });

  it('refuses $patch: merge in a map (upstream accepts only replace and delete there)', () => {
    assertPatchError(() => item({ simpleMap: { a: '1' } }, { simpleMap: { $patch: 'merge', b: '2' } }), 500, 'unknown patch type: merge in map: map[$patch:merge b:2]');
  });

  it('replaces a field with the replace strategy as a whole', () => {
    const out = item({ replacingItem: { a: 1, b: { c: 2 } } }, { replacingItem: { b: { d: 3 } } });
    assert.deepEqual(out, { replacingItem: { b: { d: 3 } } });
  });

  it('applies $retainKeys to a map (upstream retainKeys raw cases)', () => {
    assert.deepEqual(item({ retainKeysMap: { value: 'foo' } }, { retainKeysMap: { $retainKeys: ['other'], other: 'bar' } }), { retainKeysMap: { other: 'bar' } });
    assert.deepEqual(
      item({ retainKeysMap: { name: 'foo', other: 'a' } }, { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'bar' } }),
      { retainKeysMap: { name: 'foo', value: 'bar' } },
    );
    const nested = {
      retainKeysMap: { '$setElementOrder/mergingIntList': [1, 2, 4], $retainKeys: ['mergingIntList', 'name'], mergingIntList: [4] },
    };
    assert.deepEqual(item({ retainKeysMap: { name: 'foo', mergingIntList: [1, 2, 3] } }, nested), { retainKeysMap: { name: 'foo', mergingIntList: [1, 2, 4, 3] } });
    assert.deepEqual(item({ retainKeysMap: { name: 'foo' } }, { retainKeysMap: { value: 'bar' } }), { retainKeysMap: { name: 'foo', value: 'bar' } }, 'no directive: plain merge');
  });

  it('applies $retainKeys inside list elements (volumes)', () => {
    const live = pod([{ name: 'a' }], { volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', configMap: { name: 'cm' } }] });
    const patch = {
      spec: {
        '$setElementOrder/volumes': [{ name: 'v' }, { name: 'w' }],
        volumes: [{ $retainKeys: ['hostPath', 'name'], name: 'v', hostPath: { path: '/data' } }],
      },
    };
    const out = strategicMergePatch(live, patch, podMeta);
    assert.deepEqual((out.spec as JsonObject).volumes, [{ name: 'v', hostPath: { path: '/data' } }, { name: 'w', configMap: { name: 'cm' } }]);
  });

  it('clears the other member of a union field with retainKeys (Deployment strategy)', () => {
    const live = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } };
    const out = strategicMergePatch(live, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, deployMeta);
    assert.deepEqual(out, { spec: { strategy: { type: 'Recreate' } } });
  });

  it('refuses a patch setting a field $retainKeys does not list (400)', () => {
    assertPatchError(() => item({ retainKeysMap: { name: 'a' } }, { retainKeysMap: { $retainKeys: ['name'], value: 'x' } }), 400, 'invalid patch format of retainKeys');
  });

  it('leaves no directive keys behind in content copied from the patch', () => {
    const out = item({}, { retainKeysMap: { $retainKeys: ['name'], name: 'a', '$setElementOrder/mergingList': [{ name: 'x' }] } });
    assert.deepEqual(out, { retainKeysMap: { name: 'a' } });
  });

  it('replaces values whose type changes, and merges a map into a missing one', () => {
    assert.deepEqual(item({ simpleMap: 'x' as unknown as JsonObject }, { simpleMap: { a: '1', b: null } }), { simpleMap: { a: '1' } });
    assert.deepEqual(item({}, { simpleMap: { a: '1', b: null } }), { simpleMap: { a: '1' } });
  });

  it('merges fields the schema does not know like a JSON merge patch', () => {
    const live = { spec: { extra: { a: 1, list: [1, 2] } } };
    const out = strategicMergePatch(live, { spec: { extra: { b: 2, list: [3] } } }, podMeta);
    assert.deepEqual(out, { spec: { extra: { a: 1, list: [3], b: 2 } } });
    assert.deepEqual(strategicMergePatch({ a: [1], m: { x: 1 } }, { a: [2], m: { y: 2 } }, untypedMeta), { a: [2], m: { x: 1, y: 2 } });
  });

  it('rejects a patch body that is not an object', () => {
    assertPatchError(() => strategicMergePatch({}, [1], podMeta), 400, 'cannot unmarshal array');
    assert.deepEqual(strategicMergePatch({ a: 1 }, null, podMeta), { a: 1 });
  });
});
