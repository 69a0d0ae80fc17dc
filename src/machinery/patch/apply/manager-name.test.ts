import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { managerFromRequest } from './manager-name.js';

describe('field manager of a request', () => {
  it('prefers ?fieldManager=, else takes the user agent product', () => {
    assert.equal(managerFromRequest({ fieldManager: 'kubectl-edit', userAgent: 'kubectl/v1.32.0 (linux/amd64)' }), 'kubectl-edit');
    assert.equal(managerFromRequest({ userAgent: 'kubectl/v1.32.0 (linux/amd64) kubernetes/abc' }), 'kubectl');
    assert.equal(managerFromRequest({ userAgent: `${'x'.repeat(200)}/1` }), 'x'.repeat(128));
    assert.equal(managerFromRequest({}), '');
  });
});
