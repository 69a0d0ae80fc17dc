import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from './errors.js';
import { maskTrailingDash, nameIsDNSLabel, nameIsDNSSubdomain, validatePathSegmentName } from './namefuncs.js';
import { validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaLike } from './objectmeta.js';
import { LABEL_MSG, LABEL_VALUE_MSG, NAME_PART_MSG, SUBDOMAIN_MSG } from './testdata.js';

const msgs = (errs: FieldError[]) => errs.map((e) => e.message);
const create = (meta: ObjectMetaLike, requiresNamespace = true) =>
  msgs(validateObjectMeta(meta, { requiresNamespace, nameFn: nameIsDNSSubdomain }));

describe('name functions', () => {
  it('maskTrailingDash keeps upstream quirk (drops two characters)', () => {
    assert.equal(maskTrailingDash('abc-'), 'aba');
    assert.equal(maskTrailingDash('-'), '-');
    assert.equal(maskTrailingDash('ab'), 'ab');
  });
  it('a generateName may end with a dash', () => {
    assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
    assert.deepEqual(nameIsDNSSubdomain('web-', false), [SUBDOMAIN_MSG]);
    assert.deepEqual(nameIsDNSLabel('a.b-', true), ['must not contain dots']);
  });
  it('path segment names', () => {
    assert.deepEqual(validatePathSegmentName('..', false), ["may not be '..'"]);
    assert.deepEqual(validatePathSegmentName('a/b%c', false), ["may not contain '/'", "may not contain '%'"]);
    assert.deepEqual(validatePathSegmentName('..', true), []);
    assert.deepEqual(validatePathSegmentName('Any:Thing', false), []);
  });
});

describe('validateObjectMeta (create)', () => {
  it('accepts a good object', () => {
    assert.deepEqual(create({ name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'Example.com/Note': 'x' } }), []);
  });
  it('name: required, or invalid per the name function', () => {
    assert.deepEqual(create({ namespace: 'default' }), ['metadata.name: Required value: name or generateName is required']);
    assert.deepEqual(create({ name: 'Foo', namespace: 'default' }), [`metadata.name: Invalid value: "Foo": ${SUBDOMAIN_MSG}`]);
  });
  it('generateName is validated as a prefix', () => {
    assert.deepEqual(create({ generateName: 'web-', name: 'web-x7k2p', namespace: 'default' }), []);
    assert.deepEqual(create({ generateName: 'Web-', name: 'web-x7k2p', namespace: 'default' }), [
      `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_MSG}`,
    ]);
  });
  it('namespace: required for namespaced kinds, forbidden for cluster-scoped ones', () => {
    assert.deepEqual(create({ name: 'a' }), ['metadata.namespace: Required value']);
    assert.deepEqual(create({ name: 'a', namespace: 'Bad_NS' }), [`metadata.namespace: Invalid value: "Bad_NS": ${LABEL_MSG}`]);
    assert.deepEqual(create({ name: 'a', namespace: 'kube-system' }, false), ['metadata.namespace: Forbidden: not allowed on this type']);
    assert.deepEqual(create({ name: 'a' }, false), []);
  });
  it('generation must not be negative', () => {
    assert.deepEqual(create({ name: 'a', namespace: 'n', generation: -1 }), ['metadata.generation: Invalid value: -1: must be greater than or equal to 0']);
  });
  it('labels: keys and values', () => {
    assert.deepEqual(create({ name: 'a', namespace: 'n', labels: { '-bad': 'ok', good: '-bad' } }), [
      `metadata.labels: Invalid value: "-bad": ${NAME_PART_MSG}`,
      `metadata.labels: Invalid value: "-bad": ${LABEL_VALUE_MSG}`,
    ]);
  });
  it('annotations: keys are case-insensitive qualified names; total size at most 256 KiB', () => {
    assert.deepEqual(create({ name: 'a', namespace: 'n', annotations: { 'Example.COM/Foo': '' } }), []);
    assert.deepEqual(create({ name: 'a', namespace: 'n', annotations: { 'a b': '' } }), [
      `metadata.annotations: Invalid value: "a b": ${NAME_PART_MSG}`,
    ]);
    assert.deepEqual(create({ name: 'a', namespace: 'n', annotations: { k: 'x'.repeat(256 * 1024 - 1) } }), []);
    assert.deepEqual(create({ name: 'a', namespace: 'n', annotations: { k: 'x'.repeat(256 * 1024) } }), [
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
    assert.deepEqual(create({ name: 'a', namespace: 'n', annotations: { k: 'é'.repeat(128 * 1024) } }), [
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });
  it('finalizers: qualified names, standard names without a prefix, orphan xor foregroundDeletion', () => {
    assert.deepEqual(create({ name: 'a', namespace: 'n', finalizers: ['kubernetes', 'example.com/cleanup', 'orphan'] }), []);
    assert.deepEqual(create({ name: 'a', namespace: 'n', finalizers: ['cleanup'] }), [
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    assert.deepEqual(msgs(validateObjectMeta({ name: 'a', finalizers: ['cleanup'] }, { requiresNamespace: false, nameFn: nameIsDNSSubdomain, kubeFinalizerNames: false })), []);
    assert.deepEqual(create({ name: 'a', namespace: 'n', finalizers: ['example.com/bad name'] }), [
      `metadata.finalizers: Invalid value: "example.com/bad name": ${NAME_PART_MSG}`,
    ]);
    assert.deepEqual(create({ name: 'a', namespace: 'n', finalizers: ['orphan', 'foregroundDeletion'] }), [
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });
  it('ownerReferences: apiVersion, kind, name and uid required', () => {
    assert.deepEqual(create({ name: 'a', namespace: 'n', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' }] }), []);
    assert.deepEqual(create({ name: 'a', namespace: 'n', ownerReferences: [{}] }), [
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]);
    assert.deepEqual(create({ name: 'a', namespace: 'n', ownerReferences: [{ apiVersion: 'apps/', kind: 'X', name: 'x', uid: 'u' }] }), [
      'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
    ]);
  });
  it('ownerReferences: only one controller', () => {
    const errs = create({
      name: 'a',
      namespace: 'n',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'one', uid: 'u1', controller: true },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'two', uid: 'u2', controller: true },
      ],
    });
    assert.equal(errs.length, 1);
    assert.match(errs[0]!, /^metadata\.ownerReferences: Invalid value: \[\]v1\.OwnerReference\{v1\.OwnerReference\{APIVersion:"apps\/v1", Kind:"ReplicaSet", Name:"one", UID:"u1", /);
    assert.ok(errs[0]!.endsWith(': Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/one and ReplicaSet/two'));
  });
  it('ownerReferences: an Event may not own anything', () => {
    const errs = create({ name: 'a', namespace: 'n', ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }] });
    assert.deepEqual(errs, [
      'metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:"v1", Kind:"Event", Name:"e", UID:"u", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner',
    ]);
  });
  it('managedFields', () => {
    assert.deepEqual(create({ name: 'a', namespace: 'n', managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1' }] }), []);
    assert.deepEqual(create({ name: 'a', namespace: 'n', managedFields: [{ manager: 'a\u0001', operation: 'Patch', fieldsType: 'FieldsV2', subresource: 's'.repeat(257) }] }), [
      'metadata.managedFields[0].operation: Invalid value: "Patch": must be `Apply` or `Update`',
      'metadata.managedFields[0].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`',
      'metadata.managedFields[0].manager: Invalid value: "a\\x01": invalid character U+0001 (at position 1)',
      'metadata.managedFields[0].subresource: Too long: may not be more than 256 bytes',
    ]);
    assert.deepEqual(create({ name: 'a', namespace: 'n', managedFields: [{ manager: 'm'.repeat(129), operation: 'Apply' }] }), [
      'metadata.managedFields[0].manager: Too long: may not be more than 128 bytes',
    ]);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old: ObjectMetaLike = {
    name: 'web',
    namespace: 'default',
    uid: 'u1',
    resourceVersion: '5',
    generation: 2,
    creationTimestamp: '2024-01-02T03:04:05Z',
  };
  const update = (changes: Partial<ObjectMetaLike>, from: ObjectMetaLike = old, opts = {}) =>
    msgs(validateObjectMetaUpdate({ ...from, ...changes }, from, opts));

  it('accepts an unchanged object and label changes', () => {
    assert.deepEqual(update({}), []);
    assert.deepEqual(update({ labels: { a: 'b' }, generation: 3 }), []);
  });
  it('name, namespace, uid are immutable', () => {
    assert.deepEqual(update({ name: 'other', namespace: 'ns2', uid: 'u2' }), [
      'metadata.name: Invalid value: "other": field is immutable',
      'metadata.namespace: Invalid value: "ns2": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
  });
  it('timestamps are immutable, compared as instants and shown as Go prints times', () => {
    assert.deepEqual(update({ creationTimestamp: '2024-01-02T04:04:05+01:00' }), []);
    assert.deepEqual(update({ creationTimestamp: '2025-01-02T03:04:05Z' }), [
      'metadata.creationTimestamp: Invalid value: 2025-01-02 03:04:05 +0000 UTC: field is immutable',
    ]);
    assert.deepEqual(update({ creationTimestamp: undefined }), [
      'metadata.creationTimestamp: Invalid value: 0001-01-01 00:00:00 +0000 UTC: field is immutable',
    ]);
    assert.deepEqual(update({ deletionTimestamp: '2024-05-06T07:08:09Z' }), [
      'metadata.deletionTimestamp: Invalid value: 2024-05-06 07:08:09 +0000 UTC: field is immutable',
    ]);
    const deleting = { ...old, deletionTimestamp: '2024-05-06T07:08:09Z', deletionGracePeriodSeconds: 30 };
    assert.deepEqual(update({ deletionTimestamp: null, deletionGracePeriodSeconds: 0 }, deleting), [
      'metadata.deletionTimestamp: Invalid value: null: field is immutable',
      'metadata.deletionGracePeriodSeconds: Invalid value: 0: field is immutable',
    ]);
    assert.deepEqual(update({ deletionGracePeriodSeconds: undefined }, deleting), [
      'metadata.deletionGracePeriodSeconds: Invalid value: null: field is immutable',
    ]);
  });
  it('generation must not decrease', () => {
    assert.deepEqual(update({ generation: 1 }), ['metadata.generation: Invalid value: 1: must not be decremented']);
  });
  it('no new finalizers while deleting', () => {
    const deleting = { ...old, deletionTimestamp: '2024-05-06T07:08:09Z', finalizers: ['example.com/a'] };
    assert.deepEqual(update({ finalizers: [] }, deleting), []);
    assert.deepEqual(update({ finalizers: ['example.com/a', 'example.com/c', 'example.com/b'] }, deleting), [
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b", "example.com/c"}',
    ]);
    assert.deepEqual(update({ finalizers: ['example.com/b'] }), []);
  });
  it('resourceVersion is only required when asked', () => {
    assert.deepEqual(update({ resourceVersion: '' }), []);
    assert.deepEqual(update({ resourceVersion: '' }, old, { requireResourceVersion: true }), [
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    ]);
  });
  it('re-validates labels, annotations, owner references and the kube finalizer rule', () => {
    assert.deepEqual(update({ labels: { a: '-' }, annotations: { '/x': '' }, ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p' }], finalizers: ['mine'] }), [
      `metadata.labels: Invalid value: "-": ${LABEL_VALUE_MSG}`,
      'metadata.annotations: Invalid value: "/x": prefix part must be non-empty',
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
      'metadata.finalizers[0]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});
