import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError } from './errors.js';
import { mergePatch } from './merge-patch.js';

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes with null, replaces arrays', () => {
    const live = { metadata: { name: 'x', labels: { a: '1', b: '2' } }, spec: { list: [1, 2], keep: true } };
    const out = mergePatch(live, { metadata: { labels: { a: null, c: '3' } }, spec: { list: [3] } });
    assert.deepEqual(out, { metadata: { name: 'x', labels: { b: '2', c: '3' } }, spec: { list: [3], keep: true } });
    assert.deepEqual(live.metadata.labels, { a: '1', b: '2' }, 'input untouched');
  });

  it('drops nulls from values it copies in (RFC 7386 examples)', () => {
    assert.deepEqual(mergePatch({ a: 'b' }, { a: { bb: { ccc: null } } }), { a: { bb: {} } });
    assert.deepEqual(mergePatch({}, { a: { bb: null, c: 1 } }), { a: { c: 1 } });
    assert.deepEqual(mergePatch({ e: null }, { a: 1 }), { e: null, a: 1 });
    assert.deepEqual(mergePatch({ a: [{ b: 'c' }] }, { a: [1] }), { a: [1] });
  });

  it('replaces the document with an array patch and rejects scalar patches', () => {
    assert.deepEqual(mergePatch({ a: 1 }, [1, null, 2]), [1, 2]);
    assert.throws(() => mergePatch({ a: 1 }, 'x'), (err: unknown) => err instanceof PatchError && err.code === 400 && err.message === 'Invalid JSON Patch');
    assert.throws(() => mergePatch({ a: 1 }, null), (err: unknown) => err instanceof PatchError && err.code === 400);
  });
});
