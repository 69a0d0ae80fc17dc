// Decoding hand-built wire bytes (independent of the encoder), round trips through the encoder, and the
// errors a malformed body gets.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError } from '../errors/status.js';
import { decodeKubeProtobuf, decodeMessage, encodeKubeProtobuf, encodeMessage, writeEnvelope } from './index.js';

// ---- a tiny independent wire writer for the tests
function varint(n: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
const key = (num: number, wt: number) => varint((num << 3) | wt);
const vf = (num: number, n: bigint | number): number[] => [...key(num, 0), ...varint(n)];
const lf = (num: number, body: number[] | string): number[] => {
  const b = typeof body === 'string' ? [...Buffer.from(body, 'utf8')] : body;
  return [...key(num, 2), ...varint(b.length), ...b];
};
const bytes = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat());

describe('decoding wire bytes by the schema', () => {
  it('flattens embedded messages (Volume.volumeSource, Probe.handler, LocalObjectReference)', () => {
    const volume = [...lf(1, 'data'), ...lf(2, lf(2, []))]; // name, volumeSource{emptyDir{}}
    const probe = [...lf(1, lf(2, [...lf(1, '/healthz'), ...lf(2, [...vf(1, 0), ...vf(2, 8080), ...lf(3, '')])])), ...vf(2, 5)];
    const env = [...lf(1, 'A'), ...lf(3, lf(3, [...lf(1, lf(1, 'cm')), ...lf(2, 'k')]))]; // valueFrom.configMapKeyRef{name, key}
    const container = [...lf(1, 'c'), ...lf(2, 'img'), ...lf(7, env), ...lf(10, probe)];
    const podSpec = [...lf(1, volume), ...lf(2, container)];
    const got = decodeMessage(bytes(lf(2, podSpec)), 'core.v1.Pod');
    assert.deepStrictEqual(got, {
      spec: {
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [
          {
            name: 'c',
            image: 'img',
            env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }],
            livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 5 },
          },
        ],
      },
    });
  });

  it('reads IngressRule.http from the embedded IngressRuleValue (protoPath [2, 1])', () => {
    const rule = [...lf(1, 'foo.com'), ...lf(2, lf(1, lf(1, [...lf(1, '/x'), ...lf(3, 'Prefix')])))];
    const got = decodeMessage(bytes(lf(3, rule)), 'networking.v1.IngressSpec');
    assert.deepStrictEqual(got, { rules: [{ host: 'foo.com', http: { paths: [{ path: '/x', pathType: 'Prefix' }] } }] });
  });

  it('gives well-known types their JSON forms', () => {
    // Lease: acquireTime (MicroTime), leaseDurationSeconds, holderIdentity
    const lease = decodeMessage(bytes(lf(1, 'me'), vf(2, 15), lf(3, [...vf(1, 1714557600), ...vf(2, 123456789)])), 'coordination.v1.LeaseSpec');
    assert.deepStrictEqual(lease, { holderIdentity: 'me', leaseDurationSeconds: 15, acquireTime: '2024-05-01T10:00:00.123456Z' });
    // ObjectMeta: creationTimestamp (Time, nanos dropped), deletionGracePeriodSeconds = 0 (pointer: kept), generation 0 (dropped)
    const meta = decodeMessage(bytes(lf(1, 'x'), vf(7, 0), lf(8, [...vf(1, 1714557600), ...vf(2, 5)]), vf(10, 0)), 'meta.v1.ObjectMeta');
    assert.deepStrictEqual(meta, { name: 'x', creationTimestamp: '2024-05-01T10:00:00Z', deletionGracePeriodSeconds: 0 });
    // ServicePort.targetPort as a string; ResourceQuota hard as Quantity map
    assert.deepStrictEqual(decodeMessage(bytes(vf(3, 80), lf(4, [...vf(1, 1), ...vf(2, 0), ...lf(3, 'http')])), 'core.v1.ServicePort'), { port: 80, targetPort: 'http' });
    assert.deepStrictEqual(decodeMessage(bytes(lf(1, [...lf(1, 'cpu'), ...lf(2, lf(1, '500m'))])), 'core.v1.ResourceQuotaSpec'), { hard: { cpu: '500m' } });
    // Secret data (bytes) and ControllerRevision data (RawExtension)
    assert.deepStrictEqual(decodeMessage(bytes(lf(2, [...lf(1, 'k'), ...lf(2, 'v')])), 'core.v1.Secret'), { data: { k: 'dg==' } });
    assert.deepStrictEqual(decodeMessage(bytes(lf(2, lf(1, '{"a":[1]}')), vf(3, 4)), 'apps.v1.ControllerRevision'), { data: { a: [1] }, revision: 4 });
  });

  it('decodes map<string, ExtraValue> into lists of strings', () => {
    const extra = lf(5, [...lf(1, 'scopes'), ...lf(2, [...lf(1, 'a'), ...lf(1, 'b')])]);
    assert.deepStrictEqual(decodeMessage(bytes(lf(3, 'u'), extra), 'authorization.v1.SubjectAccessReviewSpec'), { user: 'u', extra: { scopes: ['a', 'b'] } });
  });

  it('accepts packed repeated integers', () => {
    const packed = lf(3, [...varint(1), ...varint(2), ...varint(300)]);
    assert.deepStrictEqual(decodeMessage(bytes(lf(2, 'In'), packed), 'batch.v1.PodFailurePolicyOnExitCodesRequirement'), { operator: 'In', values: [1, 2, 300] });
  });

  it('skips unknown fields', () => {
    assert.deepStrictEqual(decodeMessage(bytes(lf(1, 'x'), vf(999, 7), lf(998, 'zz')), 'meta.v1.ObjectMeta'), { name: 'x' });
  });
});

describe('encoding', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', labels: { b: '2', a: '1' }, creationTimestamp: '2024-05-01T10:00:00Z', generation: 3 },
    spec: {
      volumes: [{ name: 'v', configMap: { name: 'cm', defaultMode: 420 } }, { name: 'e', emptyDir: { sizeLimit: '1Gi' } }],
      containers: [
        {
          name: 'c',
          image: 'busybox',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 3 },
          resources: { limits: { memory: '64Mi' } },
        },
      ],
      terminationGracePeriodSeconds: 0,
      restartPolicy: 'Always',
    },
    status: {},
  };

  it('round-trips a pod with embedded messages and well-known types', () => {
    const gvk = { group: '', version: 'v1', kind: 'Pod' };
    assert.deepStrictEqual(decodeKubeProtobuf(encodeKubeProtobuf(pod, gvk), gvk), { ...pod, metadata: { ...pod.metadata, labels: { a: '1', b: '2' } } });
  });

  it('writes map entries sorted by key and the envelope kubectl writes', () => {
    const raw = encodeMessage({ data: { b: '2', a: '1' } }, 'core.v1.ConfigMap');
    assert.deepEqual([...raw], [...bytes(lf(2, [...lf(1, 'a'), ...lf(2, '1')]), lf(2, [...lf(1, 'b'), ...lf(2, '2')]))]);
    const body = encodeKubeProtobuf({ data: { a: 'b' } }, { group: '', version: 'v1', kind: 'ConfigMap' });
    assert.equal(body.subarray(0, 4).toString('latin1'), 'k8s\0');
  });

  it('round-trips Duration, MicroTime and FieldsV1', () => {
    const ev = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', managedFields: [{ manager: 'm', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:note': {} } }] }, eventTime: '2024-05-01T10:00:00.000001Z', note: 'n' };
    const gvk = { group: 'events.k8s.io', version: 'v1', kind: 'Event' };
    assert.deepStrictEqual(decodeKubeProtobuf(encodeKubeProtobuf(ev, gvk), gvk), ev);
  });
});

describe('malformed bodies', () => {
  const cm = { group: '', version: 'v1', kind: 'ConfigMap' };
  const badRequest = (fn: () => unknown, re: RegExp) =>
    assert.throws(fn, (err: unknown) => isStatusError(err, 'BadRequest') && err.code === 400 && re.test(err.message));

  it('rejects a body without the magic prefix', () => {
    badRequest(() => decodeKubeProtobuf(Buffer.from('{"kind":"ConfigMap"}'), cm), /does not appear to be a protobuf message/);
  });

  it('rejects a kind other than the expected one', () => {
    const body = encodeKubeProtobuf({ metadata: { name: 's' } }, { group: '', version: 'v1', kind: 'Secret' });
    badRequest(() => decodeKubeProtobuf(body, cm), /the kind in the data \(Secret\) does not match the expected kind \(ConfigMap\)/);
  });

  it('rejects truncated and ill-typed bytes', () => {
    const body = encodeKubeProtobuf({ metadata: { name: 'x' }, data: { a: 'b' } }, cm);
    badRequest(() => decodeKubeProtobuf(body.subarray(0, body.length - 3), cm), /./);
    const wrongWire = writeEnvelope({ apiVersion: 'v1', kind: 'ConfigMap', raw: bytes(vf(1, 5)) }); // metadata as a varint
    badRequest(() => decodeKubeProtobuf(wrongWire, cm), /wrong wire type/);
  });

  it('decodes DeleteOptions named in the client\'s group/version (as typed clients send them)', () => {
    const raw = encodeMessage({ gracePeriodSeconds: 0, propagationPolicy: 'Foreground', dryRun: ['All'] }, 'meta.v1.DeleteOptions');
    const body = writeEnvelope({ apiVersion: 'apps/v1', kind: 'DeleteOptions', raw });
    assert.deepStrictEqual(decodeKubeProtobuf(body, { group: 'apps', version: 'v1', kind: 'DeleteOptions' }), {
      apiVersion: 'apps/v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
  });

  it('fills an empty typeMeta from the expected kind', () => {
    const body = writeEnvelope({ apiVersion: '', kind: '', raw: bytes(lf(1, lf(1, 'x'))) });
    assert.deepStrictEqual(decodeKubeProtobuf(body, cm), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
  });
});
