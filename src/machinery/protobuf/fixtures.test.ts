// Request bodies captured from the real kubectl 1.32 (testdata/capture.mjs): each decodes to exactly the
// JSON kubectl prints for the same object with --dry-run=client -o json.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeKubeProtobuf, encodeKubeProtobuf } from './index.js';

const TESTDATA = fileURLToPath(new URL('../../../../src/machinery/protobuf/testdata/', import.meta.url));

const CASES: Array<[string, string, string, string]> = [
  ['configmap', '', 'v1', 'ConfigMap'],
  ['deployment', 'apps', 'v1', 'Deployment'],
  ['deployment-zero', 'apps', 'v1', 'Deployment'],
  ['namespace', '', 'v1', 'Namespace'],
  ['secret', '', 'v1', 'Secret'],
  ['service-nodeport', '', 'v1', 'Service'],
  ['job', 'batch', 'v1', 'Job'],
  ['cronjob', 'batch', 'v1', 'CronJob'],
  ['role', 'rbac.authorization.k8s.io', 'v1', 'Role'],
  ['clusterrolebinding', 'rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding'],
  ['quota', '', 'v1', 'ResourceQuota'],
  ['pdb', 'policy', 'v1', 'PodDisruptionBudget'],
  ['priorityclass', 'scheduling.k8s.io', 'v1', 'PriorityClass'],
  ['ingress', 'networking.k8s.io', 'v1', 'Ingress'],
  ['serviceaccount', '', 'v1', 'ServiceAccount'],
];

const read = (name: string): Buffer => readFileSync(TESTDATA + name);

describe('protobuf bodies from kubectl 1.32', () => {
  for (const [name, group, version, kind] of CASES) {
    it(`decodes kubectl create ${name} to its JSON form`, () => {
      assert.ok(existsSync(TESTDATA + `${name}.json`), 'fixture JSON present');
      const want = JSON.parse(read(`${name}.json`).toString('utf8')) as Record<string, unknown>;
      const got = decodeKubeProtobuf(read(`${name}.pb`), { group, version, kind });
      assert.deepStrictEqual(got, want);
      // apiVersion and kind come first, as Go writes them.
      assert.deepEqual(Object.keys(got).slice(0, 2), ['apiVersion', 'kind']);
    });

    it(`re-encodes ${name} to bytes that decode to the same object`, () => {
      const gvk = { group, version, kind };
      const obj = decodeKubeProtobuf(read(`${name}.pb`), gvk);
      assert.deepStrictEqual(decodeKubeProtobuf(encodeKubeProtobuf(obj, gvk), gvk), obj);
    });
  }

  it('keeps an explicit zero for pointer fields (deployment --replicas=0)', () => {
    const d = decodeKubeProtobuf(read('deployment-zero.pb'), { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.equal((d.spec as Record<string, unknown>).replicas, 0);
  });

  it('decodes kubectl auth can-i (SelfSubjectAccessReview)', () => {
    const got = decodeKubeProtobuf(read('selfsubjectaccessreview.pb'), { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' });
    assert.deepStrictEqual(got, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } },
      status: { allowed: false },
    });
  });

  it('decodes kubectl auth whoami (SelfSubjectReview)', () => {
    const got = decodeKubeProtobuf(read('selfsubjectreview.pb'), { group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview' });
    assert.deepStrictEqual(got, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { creationTimestamp: null },
      status: { userInfo: {} },
    });
  });

  it('decodes kubectl create token (TokenRequest)', () => {
    const got = decodeKubeProtobuf(read('tokenrequest.pb'), { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' });
    assert.deepStrictEqual(got, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { creationTimestamp: null },
      spec: {},
      status: { token: '', expirationTimestamp: null },
    });
  });
});
