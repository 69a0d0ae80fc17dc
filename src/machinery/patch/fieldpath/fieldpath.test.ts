import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyElement, parsePathElement, pathString, serializePathElement, type Path } from './element.js';
import { fromFieldsV1, toFieldsV1 } from './fields-v1.js';
import { FieldSet } from './set.js';

const fp = (...names: string[]): Path => names.map((field) => ({ field }));

describe('field paths and sets', () => {
  it('serializes path elements as FieldsV1 keys and back', () => {
    const key = keyElement([
      { name: 'protocol', value: 'TCP' },
      { name: 'containerPort', value: 80 },
    ]);
    assert.equal(serializePathElement(key), 'k:{"containerPort":80,"protocol":"TCP"}');
    assert.equal(serializePathElement({ value: 'a<b' }), 'v:"a\\u003cb"');
    assert.deepEqual(parsePathElement('k:{"protocol":"TCP","containerPort":80}'), key);
    assert.deepEqual(parsePathElement('i:3'), { index: 3 });
    assert.equal(parsePathElement('z:whatever'), undefined);
  });

  it('prints paths as upstream does in conflict messages', () => {
    assert.equal(pathString([...fp('spec', 'containers'), keyElement([{ name: 'name', value: 'c' }]), { field: 'image' }]), '.spec.containers[name="c"].image');
    assert.equal(pathString([...fp('metadata', 'finalizers'), { value: 'x' }]), '.metadata.finalizers[="x"]');
  });

  it('encodes members with children using "." and sorts fields before keys before values', () => {
    const s = FieldSet.of(fp('metadata', 'labels'), fp('metadata', 'labels', 'app'), [...fp('spec', 'list'), { value: 'b' }], [...fp('spec', 'list'), keyElement([{ name: 'n', value: 1 }])], fp('spec', 'list', 'x'));
    const fields = toFieldsV1(s);
    assert.deepEqual(fields, {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:list': { 'f:x': {}, 'k:{"n":1}': {}, 'v:"b"': {} } },
    });
    assert.deepEqual(Object.keys((fields['f:spec'] as Record<string, object>)['f:list'] as object), ['f:x', 'k:{"n":1}', 'v:"b"']);
    assert.ok(fromFieldsV1(fields).equals(s));
  });

  it('computes union, intersection, difference and recursive difference', () => {
    const a = FieldSet.of(fp('a'), fp('b', 'c'), fp('b', 'd'));
    const b = FieldSet.of(fp('b'), fp('b', 'c'));
    assert.deepEqual(a.union(b).paths().map(pathString), ['.a', '.b', '.b.c', '.b.d']);
    assert.deepEqual(a.intersection(b).paths().map(pathString), ['.b.c']);
    assert.deepEqual(a.difference(b).paths().map(pathString), ['.a', '.b.d']);
    assert.deepEqual(a.recursiveDifference(b).paths().map(pathString), ['.a']);
    assert.ok(a.has(fp('b', 'd')) && !a.has(fp('b')));
    assert.ok(new FieldSet().empty());
  });
});
