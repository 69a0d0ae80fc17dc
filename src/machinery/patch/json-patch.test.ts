import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError } from './errors.js';
import { jsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
import type { JsonObject } from './json.js';

const doc: JsonObject = { metadata: { name: 'd', labels: { app: 'x' } }, spec: { replicas: 1, list: ['a', 'b', 'c'] } };

function failsWith(ops: unknown, code: number, detail: string): void {
  assert.throws(
    () => jsonPatch(doc, ops),
    (err: unknown) => {
      assert.ok(err instanceof PatchError);
      assert.equal(err.code, code);
      assert.ok(err.detail.includes(detail), `"${err.detail}" lacks "${detail}"`);
      return true;
    },
  );
}

describe('JSON patch (RFC 6902, upstream semantics)', () => {
  it('adds, replaces, removes, moves and copies', () => {
    const out = jsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/tier', value: 'web' },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'add', path: '/spec/list/-', value: 'd' },
      { op: 'add', path: '/spec/list/0', value: 'z' },
      { op: 'copy', from: '/metadata/name', path: '/spec/copied' },
      { op: 'move', from: '/metadata/labels/app', path: '/spec/app' },
    ]);
    assert.deepEqual(out, {
      metadata: { name: 'd', labels: { tier: 'web' } },
      spec: { replicas: 3, list: ['z', 'b', 'c', 'd'], copied: 'd', app: 'x' },
    });
    assert.deepEqual(doc.spec, { replicas: 1, list: ['a', 'b', 'c'] }, 'input untouched');
  });

  it('escapes ~0 and ~1 in path segments', () => {
    const out = jsonPatch({ metadata: { annotations: {} } }, [{ op: 'add', path: '/metadata/annotations/example.com~1a~0b', value: 'v' }]);
    assert.deepEqual(out, { metadata: { annotations: { 'example.com/a~b': 'v' } } });
  });

  it('counts negative indices from the end, as upstream allows', () => {
    assert.deepEqual(jsonPatch(doc, [{ op: 'remove', path: '/spec/list/-1' }]), { ...doc, spec: { replicas: 1, list: ['a', 'b'] } });
  });

  it('honours test operations', () => {
    assert.deepEqual(jsonPatch(doc, [{ op: 'test', path: '/spec/replicas', value: 1 }, { op: 'replace', path: '/spec/replicas', value: 2 }]), {
      ...doc,
      spec: { replicas: 2, list: ['a', 'b', 'c'] },
    });
    failsWith([{ op: 'test', path: '/spec/replicas', value: 2 }], 422, 'testing value /spec/replicas failed: test failed');
    failsWith([{ op: 'test', path: '/spec/missing', value: 'x' }], 422, 'test failed');
    assert.deepEqual(jsonPatch(doc, [{ op: 'test', path: '/spec/missing', value: null }]), doc, 'a missing value equals null');
  });

  it('fails on missing paths for remove, and on missing parents for every operation', () => {
    failsWith([{ op: 'remove', path: '/spec/nope' }], 422, "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value");
    failsWith([{ op: 'replace', path: '/nope/x', value: 1 }], 422, 'replace operation does not apply: doc is missing path: /nope/x: missing value');
    failsWith([{ op: 'add', path: '/nope/x', value: 1 }], 422, 'add operation does not apply: doc is missing path: "/nope/x": missing value');
    failsWith([{ op: 'replace', path: '/spec/list/7', value: 1 }], 422, 'replace operation does not apply: doc is missing key: /spec/list/7');
    failsWith([{ op: 'add', path: '/spec/list/9', value: 1 }], 422, 'Unable to access invalid index: 9');
    failsWith([{ op: 'move', from: '/spec/nope', path: '/spec/x' }], 422, 'Unable to remove nonexistent key: nope');
  });

  it('replaces a missing object key by adding it, as upstream does', () => {
    assert.deepEqual(jsonPatch(doc, [{ op: 'replace', path: '/spec/paused', value: true }]), { ...doc, spec: { ...(doc.spec as JsonObject), paused: true } });
  });

  it('answers with the generic 422 message upstream gives', () => {
    try {
      jsonPatch(doc, [{ op: 'remove', path: '/spec/nope' }]);
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof PatchError);
      assert.deepEqual(err.toStatus(), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server rejected our request due to an error in our request',
        reason: 'Invalid',
        code: 422,
      });
    }
  });

  it('rejects unknown operations and malformed bodies', () => {
    failsWith([{ op: 'frobnicate', path: '/a' }], 422, 'Unexpected kind: frobnicate');
    failsWith({ op: 'add' }, 400, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    failsWith(['x'], 400, 'cannot unmarshal string into Go value of type jsonpatch.Operation');
    const many = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/spec/replicas', value: 1 }));
    failsWith(many, 413, `got ${MAX_JSON_PATCH_OPERATIONS + 1}`);
  });

  it('replaces the whole document with path ""', () => {
    assert.deepEqual(jsonPatch(doc, [{ op: 'replace', path: '', value: { a: 1 } }]), { a: 1 });
  });
});
