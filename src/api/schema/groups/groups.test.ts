import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arr, map, schema, type GVK } from '../index.js';

const proto = (typeId: string, field: string): number | undefined => schema.field(typeId, field)?.proto;

describe('non-core API groups in the schema source', () => {
  it('has no problems besides references to core/v1 types', () => {
    const problems = schema.check().filter((p) => !/: unknown type core\.v1\.\w+$/.test(p));
    assert.deepEqual(problems, []);
  });

  it('serves every kind of the groups kts implements', () => {
    const kinds: Array<[string, string, string]> = [
      ['apps', 'v1', 'Deployment'],
      ['apps', 'v1', 'ReplicaSet'],
      ['apps', 'v1', 'StatefulSet'],
      ['apps', 'v1', 'DaemonSet'],
      ['apps', 'v1', 'ControllerRevision'],
      ['batch', 'v1', 'Job'],
      ['batch', 'v1', 'CronJob'],
      ['autoscaling', 'v1', 'HorizontalPodAutoscaler'],
      ['autoscaling', 'v1', 'Scale'],
      ['autoscaling', 'v2', 'HorizontalPodAutoscaler'],
      ['coordination.k8s.io', 'v1', 'Lease'],
      ['discovery.k8s.io', 'v1', 'EndpointSlice'],
      ['events.k8s.io', 'v1', 'Event'],
      ['rbac.authorization.k8s.io', 'v1', 'Role'],
      ['rbac.authorization.k8s.io', 'v1', 'ClusterRole'],
      ['rbac.authorization.k8s.io', 'v1', 'RoleBinding'],
      ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding'],
      ['storage.k8s.io', 'v1', 'StorageClass'],
      ['storage.k8s.io', 'v1', 'CSIDriver'],
      ['storage.k8s.io', 'v1', 'CSINode'],
      ['storage.k8s.io', 'v1', 'VolumeAttachment'],
      ['certificates.k8s.io', 'v1', 'CertificateSigningRequest'],
      ['policy', 'v1', 'PodDisruptionBudget'],
      ['policy', 'v1', 'Eviction'],
      ['networking.k8s.io', 'v1', 'Ingress'],
      ['networking.k8s.io', 'v1', 'IngressClass'],
      ['networking.k8s.io', 'v1', 'NetworkPolicy'],
      ['scheduling.k8s.io', 'v1', 'PriorityClass'],
      ['authentication.k8s.io', 'v1', 'TokenReview'],
      ['authentication.k8s.io', 'v1', 'TokenRequest'],
      ['authentication.k8s.io', 'v1', 'SelfSubjectReview'],
      ['authorization.k8s.io', 'v1', 'SubjectAccessReview'],
      ['authorization.k8s.io', 'v1', 'SelfSubjectAccessReview'],
      ['authorization.k8s.io', 'v1', 'LocalSubjectAccessReview'],
      ['authorization.k8s.io', 'v1', 'SelfSubjectRulesReview'],
    ];
    for (const [group, version, kind] of kinds) {
      const t = schema.kind({ group, version, kind });
      assert.ok(t, `${group}/${version} ${kind} is served`);
      assert.ok(t.fields.apiVersion && t.fields.kind, `${kind} carries apiVersion and kind`);
      assert.equal(t.fields.metadata?.type, 'meta.v1.ObjectMeta');
      assert.equal(t.fields.metadata?.proto, 1);
    }
  });

  it('gives every stored kind its list kind', () => {
    const noList = new Set(['Scale', 'Eviction', 'TokenReview', 'TokenRequest', 'SelfSubjectReview']);
    for (const t of schema.all()) {
      for (const g of t.gvk ?? []) {
        if (g.group === '' || g.kind.endsWith('List') || noList.has(g.kind) || g.kind.endsWith('Review')) continue;
        const list = schema.kind({ ...g, kind: `${g.kind}List` } as GVK);
        assert.ok(list, `${g.group}/${g.version} ${g.kind}List`);
        assert.deepEqual(list.fields.items?.type, arr(t.id));
        assert.equal(list.fields.items?.proto, 2);
      }
    }
  });

  it('uses the protobuf numbers of the wire format', () => {
    assert.equal(proto('apps.v1.Deployment', 'spec'), 2);
    assert.equal(proto('apps.v1.Deployment', 'status'), 3);
    assert.equal(proto('apps.v1.DeploymentSpec', 'replicas'), 1);
    assert.equal(proto('apps.v1.DeploymentSpec', 'selector'), 2);
    assert.equal(proto('apps.v1.DeploymentSpec', 'template'), 3);
    assert.equal(proto('apps.v1.DeploymentSpec', 'progressDeadlineSeconds'), 9);
    assert.equal(proto('apps.v1.DeploymentStatus', 'readyReplicas'), 7);
    assert.equal(proto('apps.v1.DeploymentCondition', 'lastUpdateTime'), 6);
    assert.equal(proto('apps.v1.StatefulSetSpec', 'volumeClaimTemplates'), 4);
    assert.equal(proto('apps.v1.StatefulSetSpec', 'persistentVolumeClaimRetentionPolicy'), 10);
    assert.equal(proto('apps.v1.StatefulSetSpec', 'ordinals'), 11);
    assert.equal(proto('apps.v1.DaemonSetSpec', 'revisionHistoryLimit'), 6);
    assert.equal(proto('apps.v1.ControllerRevision', 'revision'), 3);
    assert.equal(proto('batch.v1.JobSpec', 'podFailurePolicy'), 11);
    assert.equal(proto('batch.v1.JobSpec', 'backoffLimitPerIndex'), 12);
    assert.equal(proto('batch.v1.JobSpec', 'managedBy'), 15);
    assert.equal(proto('batch.v1.JobSpec', 'successPolicy'), 16);
    assert.equal(proto('batch.v1.JobStatus', 'terminating'), 11);
    assert.equal(proto('batch.v1.CronJobSpec', 'timeZone'), 8);
    assert.equal(proto('autoscaling.v1.Scale', 'spec'), 2);
    assert.equal(proto('autoscaling.v1.ScaleStatus', 'selector'), 2);
    assert.equal(proto('autoscaling.v2.MetricSpec', 'containerResource'), 7);
    assert.equal(proto('discovery.v1.EndpointSlice', 'addressType'), 4);
    assert.equal(proto('certificates.v1.CertificateSigningRequestSpec', 'signerName'), 7);
    assert.equal(proto('certificates.v1.CertificateSigningRequestCondition', 'status'), 6);
    assert.equal(proto('networking.v1.IngressSpec', 'ingressClassName'), 4);
    assert.equal(proto('networking.v1.IngressBackend', 'service'), 4);
    assert.equal(proto('authentication.v1.TokenRequestSpec', 'expirationSeconds'), 4);
    assert.equal(proto('authorization.v1.SelfSubjectAccessReview', 'spec'), 2);
    assert.equal(proto('authorization.v1.ResourceAttributes', 'labelSelector'), 9);
  });

  it('keeps upstream scalar types, required fields and merge semantics', () => {
    assert.equal(schema.field('autoscaling.v1.ScaleStatus', 'selector')?.type, 'string');
    assert.equal(schema.field('batch.v1.JobSpec', 'activeDeadlineSeconds')?.type, 'int64');
    assert.equal(schema.field('batch.v1.JobSpec', 'parallelism')?.type, 'int32');
    assert.equal(schema.field('certificates.v1.CertificateSigningRequestSpec', 'request')?.type, 'bytes');
    assert.equal(schema.field('coordination.v1.LeaseSpec', 'renewTime')?.type, 'MicroTime');
    assert.deepEqual(schema.field('authentication.v1.UserInfo', 'extra')?.type, map(arr('string')));
    assert.equal(schema.field('authentication.v1.ExtraValue', 'items')?.proto, 1);

    assert.equal(schema.field('apps.v1.DeploymentSpec', 'selector')?.required, true);
    assert.equal(schema.field('apps.v1.DeploymentSpec', 'replicas')?.required, undefined);
    assert.equal(schema.field('rbac.v1.RoleBinding', 'roleRef')?.required, true);

    const strategy = schema.field('apps.v1.DeploymentSpec', 'strategy');
    assert.equal(strategy?.patchStrategy, 'retainKeys');
    const conditions = schema.field('apps.v1.DeploymentStatus', 'conditions');
    assert.equal(conditions?.patchStrategy, 'merge');
    assert.equal(conditions?.patchMergeKey, 'type');
    assert.equal(conditions?.listType, 'map');
    assert.deepEqual(conditions?.listMapKeys, ['type']);
    assert.equal(schema.field('batch.v1.JobStatus', 'conditions')?.listType, 'atomic');
    assert.equal(schema.field('policy.v1.PodDisruptionBudgetSpec', 'selector')?.patchStrategy, 'replace');
    assert.equal(schema.type('rbac.v1.Subject').structType, 'atomic');
    assert.deepEqual(schema.field('apps.v1.DeploymentStrategy', 'type')?.enum, ['Recreate', 'RollingUpdate']);
  });
});
