import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { podStrategy } from './pods.js';
import { create, ctx, update } from './testing.js';

const s = podStrategy();
const pod = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ...meta }, spec });
const nginx = { name: 'c', image: 'nginx' };

test('a minimal pod gets upstream defaults and the Pending/BestEffort status', () => {
  const { obj, errs } = create(s, pod({ containers: [nginx] }));
  assert.deepEqual(errs, []);
  assert.deepEqual(obj.spec, {
    containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Always', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  });
  assert.deepEqual(obj.status, { phase: 'Pending', qosClass: 'BestEffort' });
});

test('image pull policy follows the tag', () => {
  const policy = (image: string) => (create(s, pod({ containers: [{ name: 'c', image }] })).obj.spec as { containers: Array<{ imagePullPolicy: string }> }).containers[0]!.imagePullPolicy;
  assert.equal(policy('nginx:1.27'), 'IfNotPresent');
  assert.equal(policy('nginx:latest'), 'Always');
  assert.equal(policy('registry:5000/team/app'), 'Always');
  assert.equal(policy('nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), 'IfNotPresent');
  assert.equal(policy('Nginx'), 'IfNotPresent');
});

test('nested defaults: ports, env fieldRef, probes, volumes, resources and QoS', () => {
  const { obj, errs } = create(
    s,
    pod({
      containers: [
        {
          name: 'c',
          image: 'nginx:1',
          ports: [{ containerPort: 80 }],
          env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          livenessProbe: { httpGet: { port: 80 } },
          resources: { limits: { cpu: '0.5', memory: '1024Mi' } },
          volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }, { name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'cfg', configMap: { name: 'x' } }, { name: 'tmp' }],
    }),
  );
  assert.deepEqual(errs, []);
  const c = (obj.spec as { containers: Array<Record<string, unknown>> }).containers[0]!;
  assert.deepEqual(c.ports, [{ containerPort: 80, protocol: 'TCP' }]);
  assert.deepEqual(c.env, [{ name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }]);
  assert.deepEqual(c.livenessProbe, { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(c.resources, { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
  assert.deepEqual((obj.spec as { volumes: unknown[] }).volumes, [{ name: 'cfg', configMap: { name: 'x', defaultMode: 420 } }, { name: 'tmp', emptyDir: {} }]);
  assert.equal((obj.status as { qosClass: string }).qosClass, 'Guaranteed');
});

test('container validation messages and paths', () => {
  const { errs } = create(
    s,
    pod({
      containers: [
        { name: 'Bad_Name', image: '' },
        { name: 'c', image: 'x', ports: [{ containerPort: 70000, name: 'http_port' }], env: [{ name: 'A=B' }], volumeMounts: [{ name: 'data', mountPath: '/d' }] },
        { name: 'c', image: 'y', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } },
      ],
    }),
  );
  assert.deepEqual(errs, [
    "spec.containers[0].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    'spec.containers[0].image: Required value',
    'spec.containers[1].ports[0].name: Invalid value: "http_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    "spec.containers[1].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
    'spec.containers[1].volumeMounts[0].name: Not found: "data"',
    'spec.containers[2].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    'spec.containers[2].name: Duplicate value: "c"',
  ]);
});

test('pod-level validation: containers, restartPolicy, dnsPolicy, volumes, tolerations, nodeSelector', () => {
  assert.deepEqual(create(s, pod({})).errs, ['spec.containers: Required value']);
  const { errs } = create(
    s,
    pod({
      containers: [nginx],
      restartPolicy: 'Sometimes',
      dnsPolicy: 'Bogus',
      nodeSelector: { 'bad key!': 'v' },
      tolerations: [{ operator: 'Equal', value: 'x' }],
      volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }, { name: 'v', configMap: { name: 'c' } }],
    }),
  );
  assert.deepEqual(errs, [
    'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
    'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    'spec.dnsPolicy: Unsupported value: "Bogus": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    "spec.nodeSelector: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
  ]);
});

test('probes need a handler; init containers may not have probes', () => {
  const { errs } = create(s, pod({ containers: [{ ...nginx, readinessProbe: {} }], initContainers: [{ name: 'i', image: 'busybox', livenessProbe: { exec: { command: ['true'] } } }] }));
  assert.deepEqual(errs, [
    'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
  ]);
});

test('pod updates may only change images, deadlines and add tolerations', () => {
  const { obj: old } = create(s, pod({ containers: [nginx] }));
  const changed = JSON.parse(JSON.stringify(old)) as typeof old & { spec: { containers: Array<{ image: string }> } };
  changed.spec.containers[0]!.image = 'nginx:2';
  const img = update(s, old, changed);
  assert.deepEqual(img.errs, []);
  const bad = update(s, old, { ...old, spec: { ...(old.spec as object), hostname: 'x' } });
  assert.equal(bad.errs.length, 1);
  assert.ok(
    bad.errs[0]!.startsWith(
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
    ),
  );
  const more = update(s, old, pod({ containers: [nginx, { name: 'd', image: 'x' }] }));
  assert.deepEqual(more.errs, ['spec.containers: Forbidden: pod updates may not add or remove containers']);
});

test('status writes: qosClass is immutable and backfilled, podIP mirrors podIPs', () => {
  const { obj: old } = create(s, pod({ containers: [nginx] }));
  const r = update(s, old, { ...old, status: { phase: 'Running', podIP: '10.0.0.5' } }, ctx('status'));
  assert.deepEqual(r.errs, []);
  assert.deepEqual(r.obj.status, { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }], qosClass: 'BestEffort' });
  const q = update(s, old, { ...old, status: { phase: 'Running', qosClass: 'Guaranteed' } }, ctx('status'));
  assert.deepEqual(q.errs, ['status.qosClass: Invalid value: "Guaranteed": field is immutable']);
});

test('graceful deletion and field selectors', () => {
  const { obj } = create(s, pod({ containers: [nginx], nodeName: 'n1' }));
  assert.equal(s.gracefulDelete!(obj, undefined), 30);
  assert.equal(s.gracefulDelete!(obj, -5), 1);
  assert.equal(s.selectableFields!(obj)['spec.nodeName'], 'n1');
  assert.equal(s.selectableFields!({ metadata: {} })['status.phase'], '');
});

test('scheduling gates add the SchedulingGated condition', () => {
  const { obj, errs } = create(s, pod({ containers: [nginx], schedulingGates: [{ name: 'example.com/gate' }] }));
  assert.deepEqual(errs, []);
  assert.equal((obj.status as { conditions: Array<{ reason: string }> }).conditions[0]!.reason, 'SchedulingGated');
});

test('malformed quantities are a 400 as in upstream decoding', () => {
  assert.throws(
    () => create(s, pod({ containers: [{ ...nginx, resources: { limits: { cpu: 'lots' } } }] })),
    (e: unknown) => (e as { code?: number; message: string }).code === 400 && (e as Error).message === "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
});
