import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { cronJobStrategy } from './cronjobs.js';
import { daemonSetStrategy } from './daemonsets.js';
import { deploymentStrategy } from './deployments.js';
import { jobStrategy } from './jobs.js';
import { replicaSetStrategy } from './replicasets.js';
import { replicationControllerStrategy } from './replicationcontrollers.js';
import { statefulSetStrategy } from './statefulsets.js';
import { create, ctx, update } from './testing.js';

const container = { name: 'c', image: 'nginx:1' };
const defaultedContainer = { name: 'c', image: 'nginx:1', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
const podSpecDefaults = { dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 };
const template = (labels: Record<string, string> = { app: 'web' }, spec: Record<string, unknown> = {}) => ({ metadata: { labels }, spec: { containers: [container], ...spec } });
const obj = (apiVersion: string, kind: string, spec: Record<string, unknown>, name = 'web') => ({ apiVersion, kind, metadata: { name, namespace: 'default' }, spec });

test('Deployment defaults as apps/v1 SetDefaults_Deployment', () => {
  const { obj: d, errs } = create(deploymentStrategy(), obj('apps/v1', 'Deployment', { selector: { matchLabels: { app: 'web' } }, template: template() }));
  assert.deepEqual(errs, []);
  assert.deepEqual(d.spec, {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [defaultedContainer], ...podSpecDefaults } },
    replicas: 1,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  });
  assert.deepEqual(d.status, {});
});

test('Deployment validation: selector, template restartPolicy, strategy', () => {
  const s = deploymentStrategy();
  assert.deepEqual(create(s, obj('apps/v1', 'Deployment', { template: template() })).errs, [
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
  ]);
  assert.deepEqual(create(s, obj('apps/v1', 'Deployment', { selector: { matchLabels: { app: 'other' } }, template: template({ app: 'web', tier: 'fe' }, { restartPolicy: 'Never' }) })).errs, [
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"fe"}: `selector` does not match template `labels`',
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  ]);
  assert.deepEqual(
    create(s, obj('apps/v1', 'Deployment', { replicas: -1, selector: { matchLabels: { app: 'web' } }, template: template(), strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } })).errs,
    ['spec.replicas: Invalid value: -1: must be greater than or equal to 0', 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0'],
  );
  assert.deepEqual(create(s, obj('apps/v1', 'Deployment', { selector: { matchLabels: { app: 'web' } }, template: template(), strategy: { type: 'Recreate', rollingUpdate: {} } })).errs, [
    "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
  ]);
});

test('Deployment selector is immutable in apps/v1', () => {
  const s = deploymentStrategy();
  const { obj: old } = create(s, obj('apps/v1', 'Deployment', { selector: { matchLabels: { app: 'web' } }, template: template() }));
  const { errs } = update(s, old, obj('apps/v1', 'Deployment', { selector: { matchLabels: { app: 'web', v: '2' } }, template: template({ app: 'web', v: '2' }) }));
  assert.deepEqual(errs, [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
});

test('ReplicaSet and ReplicationController', () => {
  const rs = create(replicaSetStrategy(), obj('apps/v1', 'ReplicaSet', { selector: { matchLabels: { app: 'web' } }, template: template() }));
  assert.deepEqual(rs.errs, []);
  assert.equal((rs.obj.spec as { replicas: number }).replicas, 1);
  assert.deepEqual(rs.obj.status, { replicas: 0 });
  const rc = create(replicationControllerStrategy(), obj('v1', 'ReplicationController', { template: template() }));
  assert.deepEqual(rc.errs, []);
  assert.deepEqual((rc.obj.spec as { selector: unknown }).selector, { app: 'web' });
  assert.deepEqual(rc.obj.metadata.labels, { app: 'web' });
  assert.deepEqual(create(replicationControllerStrategy(), obj('v1', 'ReplicationController', { selector: { app: 'x' }, template: template(undefined, { restartPolicy: 'OnFailure' }) })).errs, [
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
  ]);
  assert.deepEqual(replicaSetStrategy().selectableFields!(rs.obj), { 'status.replicas': '0' });
});

test('StatefulSet defaults, DNS-label names and update restrictions', () => {
  const s = statefulSetStrategy();
  assert.equal(s.nameValidation, 'label');
  const { obj: sts, errs } = create(
    s,
    obj('apps/v1', 'StatefulSet', {
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    }),
  );
  assert.deepEqual(errs, []);
  const spec = sts.spec as Record<string, unknown>;
  assert.equal(spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(spec.replicas, 1);
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.deepEqual(spec.volumeClaimTemplates, [
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
  ]);
  assert.deepEqual(sts.status, { replicas: 0, availableReplicas: 0 });
  const u = update(s, sts, { ...sts, spec: { ...spec, serviceName: 'other' } });
  assert.deepEqual(u.errs, [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
  assert.deepEqual(create(s, obj('apps/v1', 'StatefulSet', { selector: { matchLabels: { app: 'web' } }, template: template(undefined, { restartPolicy: 'Never' }) })).errs, [
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  ]);
});

test('DaemonSet defaults and the template-generation annotation', () => {
  const s = daemonSetStrategy();
  const { obj: ds, errs } = create(s, obj('apps/v1', 'DaemonSet', { selector: { matchLabels: { app: 'web' } }, template: template() }));
  assert.deepEqual(errs, []);
  assert.deepEqual((ds.spec as Record<string, unknown>).updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal((ds.spec as Record<string, unknown>).revisionHistoryLimit, 10);
  assert.equal(ds.metadata.annotations?.['deprecated.daemonset.template.generation'], '1');
  const changed = JSON.parse(JSON.stringify(ds)) as typeof ds & { spec: { template: { spec: { containers: Array<{ image: string }> } } } };
  changed.spec.template.spec.containers[0]!.image = 'nginx:2';
  assert.equal(update(s, ds, changed).obj.metadata.annotations?.['deprecated.daemonset.template.generation'], '2');
  assert.deepEqual(create(s, obj('apps/v1', 'DaemonSet', { selector: { matchLabels: { app: 'web' } }, template: template(), updateStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } })).errs, [
    'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
  ]);
});

test('Job defaults, generated selector and labels', () => {
  const { obj: job, errs } = create(jobStrategy(), obj('batch/v1', 'Job', { template: { spec: { containers: [container], restartPolicy: 'Never' } } }, 'pi'));
  assert.deepEqual(errs, []);
  const uid = job.metadata.uid!;
  const spec = job.spec as Record<string, unknown>;
  assert.equal(spec.completions, 1);
  assert.equal(spec.parallelism, 1);
  assert.equal(spec.backoffLimit, 6);
  assert.equal(spec.completionMode, 'NonIndexed');
  assert.equal(spec.suspend, false);
  assert.equal(spec.podReplacementPolicy, 'TerminatingOrFailed');
  assert.deepEqual(spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
  assert.deepEqual((spec.template as { metadata: { labels: unknown } }).metadata.labels, labels);
  assert.deepEqual(job.metadata.labels, labels);
  assert.deepEqual(job.status, {});
});

test('Job validation: restartPolicy, counts, immutable template', () => {
  const s = jobStrategy();
  assert.deepEqual(create(s, obj('batch/v1', 'Job', { parallelism: -1, template: { spec: { containers: [container] } } }, 'pi')).errs, [
    'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
    'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
  ]);
  const { obj: job } = create(s, obj('batch/v1', 'Job', { template: { spec: { containers: [container], restartPolicy: 'Never' } } }, 'pi'));
  const changed = JSON.parse(JSON.stringify(job)) as typeof job & { spec: { template: { spec: { containers: Array<{ image: string }> } } } };
  changed.spec.template.spec.containers[0]!.image = 'busybox';
  assert.deepEqual(update(s, job, changed).errs, ['spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable']);
  assert.deepEqual(jobStrategy().selectableFields!({ metadata: {}, status: { succeeded: 2 } }), { 'status.successful': '2' });
});

test('Job backoffLimitPerIndex and maxFailedIndexes: defaults and validation', () => {
  const s = jobStrategy();
  const tpl = { spec: { containers: [container], restartPolicy: 'Never' } };
  const failIndex = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] };
  const ok = create(s, obj('batch/v1', 'Job', { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1, maxFailedIndexes: 1, podFailurePolicy: failIndex, template: tpl }, 'pi'));
  assert.deepEqual(ok.errs, []);
  assert.equal((ok.obj.spec as Record<string, unknown>).backoffLimit, 2147483647, 'backoffLimit defaults to MaxInt32 with backoffLimitPerIndex');
  assert.deepEqual(create(s, obj('batch/v1', 'Job', { backoffLimitPerIndex: 1, maxFailedIndexes: 1, template: tpl }, 'pi')).errs, [
    'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
    'spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode',
  ]);
  assert.deepEqual(create(s, obj('batch/v1', 'Job', { completionMode: 'Indexed', completions: 2, maxFailedIndexes: 3, template: tpl }, 'pi')).errs, [
    'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
    'spec.maxFailedIndexes: Invalid value: 3: must be less than or equal to completions',
  ]);
  assert.deepEqual(create(s, obj('batch/v1', 'Job', { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: -1, template: tpl }, 'pi')).errs, [
    'spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0',
  ]);
  assert.deepEqual(create(s, obj('batch/v1', 'Job', { completionMode: 'Indexed', completions: 2, podFailurePolicy: failIndex, template: tpl }, 'pi')).errs, [
    'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
  ]);
  assert.deepEqual(create(s, obj('batch/v1', 'Job', { completionMode: 'Indexed', completions: 200000, parallelism: 20000, backoffLimitPerIndex: 1, template: tpl }, 'pi')).errs, [
    'spec.maxFailedIndexes: Required value: must be specified when completions is above 100000',
    'spec.parallelism: Invalid value: 20000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
  ]);
  assert.deepEqual(create(s, obj('batch/v1', 'Job', { completionMode: 'Indexed', completions: 200000, parallelism: 10, backoffLimitPerIndex: 1, maxFailedIndexes: 20000, template: tpl }, 'pi')).errs, [
    'spec.maxFailedIndexes: Invalid value: 20000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
  ]);
  const changed = JSON.parse(JSON.stringify(ok.obj)) as typeof ok.obj & { spec: Record<string, unknown> };
  changed.spec.backoffLimitPerIndex = 2;
  assert.deepEqual(update(s, ok.obj, changed).errs, ['spec.backoffLimitPerIndex: Invalid value: 2: field is immutable']);
  changed.spec.backoffLimitPerIndex = 1;
  changed.spec.maxFailedIndexes = 2;
  assert.deepEqual(update(s, ok.obj, changed).errs, [], 'maxFailedIndexes may change');
});

test('CronJob defaults and schedule validation', () => {
  const s = cronJobStrategy();
  const jobTemplate = { spec: { template: { spec: { containers: [container], restartPolicy: 'OnFailure' } } } };
  const { obj: cj, errs } = create(s, obj('batch/v1', 'CronJob', { schedule: '*/1 * * * *', jobTemplate }, 'hello'));
  assert.deepEqual(errs, []);
  const spec = cj.spec as Record<string, unknown>;
  assert.equal(spec.concurrencyPolicy, 'Allow');
  assert.equal(spec.suspend, false);
  assert.equal(spec.successfulJobsHistoryLimit, 3);
  assert.equal(spec.failedJobsHistoryLimit, 1);
  assert.deepEqual(create(s, obj('batch/v1', 'CronJob', { schedule: 'every minute', jobTemplate }, 'hello')).errs, [
    'spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]',
  ]);
  assert.deepEqual(create(s, obj('batch/v1', 'CronJob', { schedule: 'TZ=UTC 0 * * * *', jobTemplate }, 'hello')).errs, [
    'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
  ]);
  assert.deepEqual(create(s, obj('batch/v1', 'CronJob', { schedule: '@hourly', timeZone: 'Mars/Olympus', jobTemplate }, 'hello')).errs, [
    'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
  ]);
  assert.deepEqual(create(s, obj('batch/v1', 'CronJob', { schedule: '@daily', timeZone: 'Europe/Paris', jobTemplate }, 'hello')).errs, []);
  void ctx;
});

test('status writes validate counters', () => {
  const s = deploymentStrategy();
  const { obj: d } = create(s, obj('apps/v1', 'Deployment', { selector: { matchLabels: { app: 'web' } }, template: template() }));
  assert.deepEqual(update(s, d, { ...d, status: { replicas: 1, readyReplicas: 2, availableReplicas: -1 } }, ctx('status')).errs, [
    'status.availableReplicas: Invalid value: -1: must be greater than or equal to 0',
    'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
  ]);
});

test('suspended jobs that never started may change scheduling directives of the template', () => {
  const s = jobStrategy();
  const { obj: job } = create(s, obj('batch/v1', 'Job', { suspend: true, template: { spec: { containers: [container], restartPolicy: 'Never' } } }, 'pi'));
  const changed = JSON.parse(JSON.stringify(job)) as typeof job & { spec: { template: { spec: Record<string, unknown> } } };
  changed.spec.template.spec.nodeSelector = { disk: 'ssd' };
  assert.deepEqual(update(s, job, changed).errs, []);
  changed.spec.template.spec.hostname = 'x';
  assert.deepEqual(update(s, job, changed).errs, ['spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable']);
});
