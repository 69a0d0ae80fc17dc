import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../../../api/types.js';
import type { Client } from '../../../../machinery/client/client.js';
import { StatusError } from '../../../../machinery/errors/status.js';
import { startServerWithAdmission, type AdmissionTestServer } from './testserver.js';

function pod(name: string, resources?: Record<string, unknown>): KubeObject {
  return { metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx', ...(resources ? { resources } : {}) }] } };
}

describe('ResourceQuota and LimitRanger admission in the apiserver', () => {
  let s: AdmissionTestServer;
  let c: Client;
  before(async () => {
    s = await startServerWithAdmission(() => []) // LimitRanger and ResourceQuota are in the apiserver's default chain;
    c = s.client();
    for (const ns of ['quota', 'limits']) await c.resource('namespaces').create({ metadata: { name: ns } });
  });
  after(async () => {
    await s?.stop();
  });

  it('charges quota status atomically and refuses with the upstream message', async () => {
    const quotas = c.resource('resourcequotas', 'quota');
    const q = await quotas.create({ metadata: { name: 'q' }, spec: { hard: { pods: '3' } } });
    // What the resourcequota controller would write first.
    await quotas.updateStatus({ ...q, status: { hard: { pods: '3' }, used: { pods: '0' } } });
    const pods = c.resource('pods', 'quota');
    const results = await Promise.allSettled(['a', 'b', 'c', 'd', 'e'].map((n) => pods.create(pod(n))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    const cur = await quotas.get('q');
    assert.deepEqual((cur.status as { used: unknown }).used, { pods: '3' });
    await assert.rejects(pods.create(pod('p4')), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 403);
      assert.equal(e.message, 'pods "p4" is forbidden: exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3');
      return true;
    });
  });

  it('defaults container resources from a LimitRange and enforces its max', async () => {
    await c.resource('limitranges', 'limits').create({
      metadata: { name: 'lr' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '64Mi' }, max: { cpu: '1' } }] },
    });
    const pods = c.resource('pods', 'limits');
    const created = await pods.create(pod('web'));
    const res = (created.spec as { containers: Array<{ resources: unknown }> }).containers[0]!.resources;
    assert.deepEqual(res, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '64Mi' } });
    assert.equal(created.metadata.annotations?.['kubernetes.io/limit-ranger'], 'LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c');
    assert.equal((created.status as { qosClass: string }).qosClass, 'Burstable');
    await assert.rejects(pods.create(pod('big', { limits: { cpu: '2' } })), /pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2/);
  });
});
