import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalid, notSupported, required } from './errors.js';
import { path } from './path.js';
import { invalidMessage, invalidStatus, statusCauses } from './status.js';

describe('422 Invalid status', () => {
  const img = required(path('spec').child('containers').index(0).child('image'));
  it('one error: the message is the error itself', () => {
    assert.equal(invalidMessage({ kind: 'Pod' }, 'x', [img]), 'Pod "x" is invalid: spec.containers[0].image: Required value');
  });
  it('several errors: bracketed, comma separated', () => {
    const rp = notSupported(path('spec', 'restartPolicy'), 'Sometimes', ['Always', 'Never', 'OnFailure']);
    assert.equal(
      invalidMessage({ kind: 'Pod' }, 'x', [img, rp]),
      'Pod "x" is invalid: [spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"]',
    );
  });
  it('names the group for non-core kinds and quotes the name as Go does', () => {
    assert.equal(invalidMessage({ group: 'apps', kind: 'Deployment' }, 'web', [img]), 'Deployment.apps "web" is invalid: spec.containers[0].image: Required value');
    assert.equal(invalidMessage({ kind: 'Pod' }, 'a"b', []), 'Pod "a\\"b" is invalid');
  });
  it('builds the Status body with causes (not de-duplicated)', () => {
    const bad = invalid(path('metadata', 'name'), 'Foo', 'bad name');
    const st = invalidStatus({ group: 'apps', kind: 'Deployment' }, 'Foo', [img, bad, img]);
    assert.deepEqual(st, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Deployment.apps "Foo" is invalid: [spec.containers[0].image: Required value, metadata.name: Invalid value: "Foo": bad name]',
      reason: 'Invalid',
      details: {
        name: 'Foo',
        group: 'apps',
        kind: 'Deployment',
        causes: [
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
          { reason: 'FieldValueInvalid', message: 'Invalid value: "Foo": bad name', field: 'metadata.name' },
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
        ],
      },
      code: 422,
    });
    assert.deepEqual(Object.keys(st.details), ['name', 'group', 'kind', 'causes']);
  });
  it('omits empty group and causes', () => {
    const st = invalidStatus({ kind: 'Pod' }, 'x', []);
    assert.deepEqual(st.details, { name: 'x', kind: 'Pod' });
    assert.equal(st.message, 'Pod "x" is invalid');
    assert.deepEqual(statusCauses([img]), [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' }]);
  });
});
