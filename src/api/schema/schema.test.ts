import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schema } from './index.js';

describe('schema source', () => {
  it('is consistent: every reference resolves, protobuf numbers are unique per type', () => {
    assert.deepEqual(schema.check(), []);
  });

  it('describes ObjectMeta with the protobuf numbers of the wire format', () => {
    const om = schema.type('meta.v1.ObjectMeta');
    assert.equal(om.fields.name?.proto, 1);
    assert.equal(om.fields.labels?.proto, 11);
    assert.equal(om.fields.managedFields?.proto, 17);
  });
});
