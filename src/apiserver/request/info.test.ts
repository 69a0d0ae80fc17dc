import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequestInfo } from './info.js';

const p = (m: string, path: string, q = '') => parseRequestInfo(m, path, new URLSearchParams(q));

describe('request info', () => {
  it('parses core and group resource paths', () => {
    assert.deepEqual(
      (({ verb, apiGroup, apiVersion, namespace, resource, name, subresource }) => ({ verb, apiGroup, apiVersion, namespace, resource, name, subresource }))(
        p('GET', '/api/v1/namespaces/default/pods/web/log'),
      ),
      { verb: 'get', apiGroup: '', apiVersion: 'v1', namespace: 'default', resource: 'pods', name: 'web', subresource: 'log' },
    );
    const d = p('PATCH', '/apis/apps/v1/namespaces/ns1/deployments/web/scale');
    assert.equal(d.apiGroup, 'apps');
    assert.equal(d.verb, 'patch');
    assert.equal(d.subresource, 'scale');
  });
  it('percent-decodes path segments (a client escaping ":" in a name), leaving malformed ones as they are', () => {
    const r = p('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Akube-scheduler');
    assert.equal(r.name, 'system:kube-scheduler');
    assert.equal(p('GET', '/api/v1/namespaces/default/configmaps/a%ZZ').name, 'a%ZZ');
  });
  it('turns GET without a name into list or watch, DELETE into deletecollection', () => {
    assert.equal(p('GET', '/api/v1/pods').verb, 'list');
    assert.equal(p('GET', '/api/v1/namespaces/a/pods', 'watch=true').verb, 'watch');
    assert.equal(p('GET', '/api/v1/watch/namespaces/a/pods').verb, 'watch');
    assert.equal(p('DELETE', '/api/v1/namespaces/a/pods').verb, 'deletecollection');
  });
  it('treats namespaces themselves as cluster-scoped, with status and finalize subresources', () => {
    const n = p('PUT', '/api/v1/namespaces/team/finalize');
    assert.deepEqual([n.resource, n.name, n.subresource, n.namespace], ['namespaces', 'team', 'finalize', '']);
    const g = p('GET', '/api/v1/namespaces/team');
    assert.deepEqual([g.resource, g.name, g.namespace, g.verb], ['namespaces', 'team', '', 'get']);
  });
  it('leaves discovery and other paths as non-resource requests', () => {
    assert.equal(p('GET', '/apis/apps/v1').isResourceRequest, false);
    assert.equal(p('GET', '/version').isResourceRequest, false);
  });
});
