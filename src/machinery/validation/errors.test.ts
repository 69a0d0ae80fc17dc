import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregateMessage,
  duplicate,
  forbidden,
  GoValue,
  internalError,
  invalid,
  notFound,
  notSupported,
  required,
  tooLong,
  tooMany,
  typeInvalid,
} from './errors.js';
import { path } from './path.js';

describe('field paths', () => {
  it('renders children, indexes and keys as upstream', () => {
    assert.equal(path('spec').child('containers').index(0).child('image').toString(), 'spec.containers[0].image');
    assert.equal(path('metadata').child('labels').key('app').toString(), 'metadata.labels[app]');
    assert.equal(path('spec', 'template', 'spec').child('volumes', 'x').toString(), 'spec.template.spec.volumes.x');
    assert.equal(path('data').key('a.b/c').index(3).toString(), 'data[a.b/c][3]');
  });
  it('is immutable: builders share the parent', () => {
    const base = path('spec');
    const a = base.child('a');
    const b = base.child('b');
    assert.equal(a.toString(), 'spec.a');
    assert.equal(b.toString(), 'spec.b');
    assert.equal(base.toString(), 'spec');
    assert.equal(b.root().toString(), 'spec');
  });
});

describe('field errors', () => {
  const img = path('spec').child('containers').index(0).child('image');
  it('required', () => {
    assert.equal(required(img).message, 'spec.containers[0].image: Required value');
    assert.equal(required(path('metadata', 'name'), 'name or generateName is required').message, 'metadata.name: Required value: name or generateName is required');
    assert.equal(required(img).type, 'FieldValueRequired');
    assert.equal(required(img).field, 'spec.containers[0].image');
  });
  it('invalid quotes strings as Go %q and prints numbers, booleans, null and []string', () => {
    assert.equal(invalid(path('metadata', 'name'), 'Foo', 'bad').message, 'metadata.name: Invalid value: "Foo": bad');
    assert.equal(invalid(path('a'), 'say "hi"\n\t\\', 'x').body, 'Invalid value: "say \\"hi\\"\\n\\t\\\\": x');
    assert.equal(invalid(path('a'), '\x00\x7f\u200b', 'x').body, 'Invalid value: "\\x00\\x7f\\u200b": x');
    assert.equal(invalid(path('a'), 'héllo 世界', 'x').body, 'Invalid value: "héllo 世界": x');
    assert.equal(invalid(path('spec', 'replicas'), -1, 'must be greater than or equal to 0').message, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    assert.equal(invalid(path('a'), 1.5, 'x').body, 'Invalid value: 1.5: x');
    assert.equal(invalid(path('a'), 2500000.5, 'x').body, 'Invalid value: 2.5000005e+06: x');
    assert.equal(invalid(path('a'), true, 'x').body, 'Invalid value: true: x');
    assert.equal(invalid(path('a'), null, 'x').body, 'Invalid value: null: x');
    assert.equal(invalid(path('a'), undefined, 'x').body, 'Invalid value: null: x');
    assert.equal(invalid(path('a'), ['a', 'b'], 'x').body, 'Invalid value: []string{"a", "b"}: x');
    assert.equal(invalid(path('a'), [], 'x').body, 'Invalid value: []string{}: x');
    assert.equal(invalid(path('a'), new GoValue('v1.Thing{}'), 'x').body, 'Invalid value: v1.Thing{}: x');
    assert.equal(invalid(path('a'), 'v', '').body, 'Invalid value: "v"');
  });
  it('notSupported lists the quoted valid values in order', () => {
    assert.equal(
      notSupported(path('spec', 'restartPolicy'), 'Sometimes', ['Always', 'Never', 'OnFailure']).message,
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
    );
    assert.equal(notSupported(path('a'), 'x', []).message, 'a: Unsupported value: "x"');
    assert.equal(notSupported(path('a'), 'x', ['a']).type, 'FieldValueNotSupported');
  });
  it('duplicate, notFound, forbidden, typeInvalid', () => {
    assert.equal(duplicate(path('spec', 'ports').index(1).child('name'), 'http').message, 'spec.ports[1].name: Duplicate value: "http"');
    assert.equal(notFound(path('spec', 'x'), 'y').message, 'spec.x: Not found: "y"');
    assert.equal(forbidden(path('metadata', 'namespace'), 'not allowed on this type').message, 'metadata.namespace: Forbidden: not allowed on this type');
    assert.equal(forbidden(path('a'), '').message, 'a: Forbidden');
    assert.equal(typeInvalid(path('a'), 'x', 'must be an integer').message, 'a: Invalid value: "x": must be an integer');
    assert.equal(typeInvalid(path('a'), 'x', 'y').type, 'FieldValueTypeInvalid');
  });
  it('tooLong never shows the value; tooMany shows the count', () => {
    assert.equal(tooLong(path('metadata', 'annotations'), 262144).message, 'metadata.annotations: Too long: may not be more than 262144 bytes');
    assert.equal(tooLong(path('a'), -1).message, 'a: Too long: value is too long');
    assert.equal(tooMany(path('spec', 'items'), 5, 3).message, 'spec.items: Too many: 5: must have at most 3 items');
    assert.equal(tooMany(path('spec', 'items'), -1, 3).message, 'spec.items: Too many: must have at most 3 items');
    assert.equal(tooMany(path('spec', 'items'), 5, -1).message, 'spec.items: Too many: 5: has too many items');
  });
  it('internalError', () => {
    assert.equal(internalError(path('spec'), new Error('boom')).message, 'spec: Internal error: boom');
    assert.equal(internalError(path('spec'), 'boom').type, 'InternalError');
  });
  it('a nil path renders <nil>', () => {
    assert.equal(invalid(null, 'x', 'bad').message, '<nil>: Invalid value: "x": bad');
  });
});

describe('aggregate messages', () => {
  it('is undefined for none, plain for one, bracketed for several, de-duplicated', () => {
    assert.equal(aggregateMessage([]), undefined);
    assert.equal(aggregateMessage([required(path('a'))]), 'a: Required value');
    assert.equal(aggregateMessage([required(path('a')), required(path('b'))]), '[a: Required value, b: Required value]');
    assert.equal(aggregateMessage([required(path('a')), required(path('a'))]), 'a: Required value');
    assert.equal(
      aggregateMessage([required(path('a')), required(path('b')), required(path('a'))]),
      '[a: Required value, b: Required value]',
    );
  });
});
