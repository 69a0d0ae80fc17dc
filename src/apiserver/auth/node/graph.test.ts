// The Node authorizer's pods index: what pods reference, counted per node, kept right through pod
// updates, moves and deletes; and the field selector reading the authorizers rely on.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/types.js';
import { NodeGraph } from './graph.js';
import { podRefs } from './refs.js';
import { nameFromFieldSelector, parseFieldSelector, requiresEqual } from './selector.js';

function pod(name: string, node: string, spec: Record<string, unknown> = {}, o: { ns?: string; uid?: string; mirror?: boolean } = {}): KubeObject {
  return {
    metadata: { name, namespace: o.ns ?? 'default', uid: o.uid ?? `uid-${name}`, ...(o.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'h' } } : {}) },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }], ...spec },
  };
}

const everything = {
  serviceAccountName: 'sa',
  imagePullSecrets: [{ name: 'pull' }],
  initContainers: [{ name: 'i', envFrom: [{ secretRef: { name: 'init-env' } }] }],
  containers: [
    {
      name: 'c',
      env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'k' } } }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'env-cm', key: 'k' } } }],
      envFrom: [{ configMapRef: { name: 'envfrom-cm' } }],
    },
  ],
  ephemeralContainers: [{ name: 'e', env: [{ name: 'C', valueFrom: { secretKeyRef: { name: 'eph-secret', key: 'k' } } }] }],
  volumes: [
    { name: 's', secret: { secretName: 'vol-secret' } },
    { name: 'm', configMap: { name: 'vol-cm' } },
    { name: 'p', projected: { sources: [{ secret: { name: 'proj-secret' } }, { configMap: { name: 'proj-cm' } }, { serviceAccountToken: { path: 't' } }] } },
    { name: 'claim', persistentVolumeClaim: { claimName: 'data' } },
    { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
    { name: 'csi', csi: { driver: 'd', nodePublishSecretRef: { name: 'csi-secret' } } },
  ],
};

describe('podRefs', () => {
  it('finds every secret, configmap, claim and the service account a pod names', () => {
    const r = podRefs(pod('web', 'n1', everything));
    assert.deepEqual(r.secrets.sort(), ['csi-secret', 'env-secret', 'eph-secret', 'init-env', 'proj-secret', 'pull', 'vol-secret']);
    assert.deepEqual(r.configMaps.sort(), ['env-cm', 'envfrom-cm', 'proj-cm', 'vol-cm']);
    assert.deepEqual(r.claims.sort(), ['data', 'web-scratch']);
    assert.equal(r.serviceAccount, 'sa');
    assert.equal(r.tokenProjections, 1);
  });
});

describe('NodeGraph', () => {
  it('relates objects to the node of the pods that reference them, and to no other node', () => {
    const g = new NodeGraph();
    g.setPod(pod('web', 'n1', everything));
    for (const s of ['pull', 'vol-secret', 'proj-secret', 'env-secret', 'init-env', 'eph-secret', 'csi-secret']) assert.ok(g.related('n1', 'secret', 'default', s), s);
    for (const c of ['vol-cm', 'proj-cm', 'env-cm', 'envfrom-cm']) assert.ok(g.related('n1', 'configmap', 'default', c), c);
    assert.ok(g.related('n1', 'pvc', 'default', 'data'));
    assert.ok(g.related('n1', 'pvc', 'default', 'web-scratch'));
    assert.ok(g.related('n1', 'serviceaccount', 'default', 'sa'));
    assert.equal(g.podNode('default', 'web'), 'n1');
    assert.ok(!g.related('n2', 'secret', 'default', 'vol-secret'));
    assert.ok(!g.related('n1', 'secret', 'other', 'vol-secret'), 'same name in another namespace');
    assert.ok(!g.related('n1', 'configmap', 'default', 'vol-secret'), 'a secret name is not a configmap');
    assert.ok(!g.related('n1', 'secret', 'default', 'unused'));
  });

  it('ignores unbound pods until they are bound', () => {
    const g = new NodeGraph();
    g.setPod(pod('web', '', everything));
    assert.equal(g.size, 0);
    assert.ok(!g.related('n1', 'secret', 'default', 'vol-secret'));
    g.setPod(pod('web', 'n1', everything));
    assert.ok(g.related('n1', 'secret', 'default', 'vol-secret'));
  });

  it('counts pods: an object stays related while any pod on the node still uses it', () => {
    const g = new NodeGraph();
    const vol = { volumes: [{ name: 's', secret: { secretName: 'shared' } }] };
    g.setPod(pod('a', 'n1', vol));
    g.setPod(pod('b', 'n1', vol));
    g.setPod(pod('c', 'n2', vol));
    g.deletePod('default', 'a');
    assert.ok(g.related('n1', 'secret', 'default', 'shared'));
    g.deletePod('default', 'b');
    assert.ok(!g.related('n1', 'secret', 'default', 'shared'));
    assert.ok(g.related('n2', 'secret', 'default', 'shared'));
    g.deletePod('default', 'c');
    assert.ok(!g.related('n2', 'secret', 'default', 'shared'));
    assert.equal(g.size, 0);
  });

  it('a status update changes nothing; a pod recreated under the same name is re-read', () => {
    const g = new NodeGraph();
    g.setPod(pod('a', 'n1', { volumes: [{ name: 's', secret: { secretName: 'one' } }] }));
    g.setPod({ ...pod('a', 'n1', { volumes: [{ name: 's', secret: { secretName: 'one' } }] }), status: { phase: 'Running' } });
    g.setPod(pod('a', 'n1', { volumes: [{ name: 's', secret: { secretName: 'one' } }] }));
    g.deletePod('default', 'a');
    assert.ok(!g.related('n1', 'secret', 'default', 'one'), 'counted once however often it was seen');
    g.setPod(pod('a', 'n1', { volumes: [{ name: 's', secret: { secretName: 'one' } }] }));
    g.setPod(pod('a', 'n2', { volumes: [{ name: 's', secret: { secretName: 'two' } }] }, { uid: 'new' }));
    assert.ok(!g.related('n1', 'secret', 'default', 'one'));
    assert.ok(g.related('n2', 'secret', 'default', 'two'));
    assert.equal(g.podNode('default', 'a'), 'n2');
  });

  it('a mirror pod does not give its node the service account', () => {
    const g = new NodeGraph();
    g.setPod(pod('static-n1', 'n1', { serviceAccountName: 'default' }, { mirror: true }));
    assert.ok(!g.related('n1', 'serviceaccount', 'default', 'default'));
    assert.equal(g.podNode('default', 'static-n1'), 'n1');
  });

  it('clear forgets everything', () => {
    const g = new NodeGraph();
    g.setPod(pod('web', 'n1', everything));
    g.clear();
    assert.equal(g.size, 0);
    assert.ok(!g.related('n1', 'secret', 'default', 'vol-secret'));
  });
});

describe('field selectors', () => {
  it('parses terms, operators and escapes', () => {
    assert.deepEqual(parseFieldSelector('metadata.name=a,spec.nodeName!=b'), [
      { field: 'metadata.name', operator: '=', value: 'a' },
      { field: 'spec.nodeName', operator: '!=', value: 'b' },
    ]);
    assert.deepEqual(parseFieldSelector('metadata.name==x\\,y'), [{ field: 'metadata.name', operator: '=', value: 'x,y' }]);
    assert.equal(parseFieldSelector('garbage'), null);
    assert.deepEqual(parseFieldSelector(''), []);
  });

  it('names one object only for an exact metadata.name term', () => {
    assert.equal(nameFromFieldSelector('metadata.name=s1'), 's1');
    assert.equal(nameFromFieldSelector('metadata.namespace=default,metadata.name==s1'), 's1');
    assert.equal(nameFromFieldSelector('metadata.name!=s1'), '');
    assert.equal(nameFromFieldSelector('metadata.name=a/b'), '');
    assert.equal(nameFromFieldSelector('metadata.name=..'), '');
    assert.equal(nameFromFieldSelector(null), '');
  });

  it('requiresEqual finds any matching term', () => {
    assert.ok(requiresEqual('spec.nodeName=n1', 'spec.nodeName', 'n1'));
    assert.ok(requiresEqual('status.phase=Running,spec.nodeName=n1', 'spec.nodeName', 'n1'));
    assert.ok(!requiresEqual('spec.nodeName!=n1', 'spec.nodeName', 'n1'));
    assert.ok(!requiresEqual('spec.nodeName=n2', 'spec.nodeName', 'n1'));
  });
});
