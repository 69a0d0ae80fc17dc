import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { startServerWithAdmission } from '../../apiserver/admission/plugins/resourcequota/testserver.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { StatusError } from '../../machinery/errors/status.js';
import { resourceQuotaController } from './index.js';
import { eventually, runControllers } from '../../machinery/controller/testing.js';

const pod = (name: string, cpu?: string, phase = 'Running'): KubeObject => ({
  metadata: { name, namespace: 'ns' },
  spec: { containers: [{ name: 'c', image: 'x', ...(cpu ? { resources: { requests: { cpu }, limits: { cpu } } } : {}) }] },
  status: { phase },
});

const statusOf = (q: KubeObject | undefined) => q?.status as { hard?: Record<string, string>; used?: Record<string, string> } | undefined;

describe('resourcequota controller', () => {
  it('computes status.hard and status.used, and recounts when tracked objects go', async () => {
    const fake = new FakeTransport();
    fake.seed('resourcequotas', {
      metadata: { name: 'q', namespace: 'ns' },
      spec: { hard: { pods: '10', 'requests.cpu': '4', 'limits.cpu': '8', configmaps: '5', 'services.nodeports': '4', 'count/deployments.apps': '2', secrets: '9' } },
    });
    fake.seed('pods', pod('a', '500m'), pod('b', '250m'), pod('done', '1', 'Succeeded'));
    fake.seed('configmaps', { metadata: { name: 'c1', namespace: 'ns' } }, { metadata: { name: 'c2', namespace: 'ns' } }, { metadata: { name: 'other', namespace: 'elsewhere' } });
    fake.seed('services', { metadata: { name: 's', namespace: 'ns' }, spec: { type: 'NodePort', ports: [{ port: 1 }, { port: 2 }] } });
    fake.seed('deployments.apps', { metadata: { name: 'd', namespace: 'ns' }, spec: {} });
    const client = new Client({ transport: fake, retry: false });
    const run = runControllers(client, [resourceQuotaController]);
    const get = () => fake.tracker.get('/resourcequotas', 'ns', 'q');
    try {
      const st = await eventually(() => statusOf(get())?.used && statusOf(get()), { what: 'quota status' });
      assert.deepEqual(st.hard, { configmaps: '5', 'count/deployments.apps': '2', 'limits.cpu': '8', pods: '10', 'requests.cpu': '4', secrets: '9', 'services.nodeports': '4' });
      assert.deepEqual(st.used, { configmaps: '2', 'count/deployments.apps': '1', 'limits.cpu': '750m', pods: '2', 'requests.cpu': '750m', secrets: '0', 'services.nodeports': '2' });
      await client.resource('pods', 'ns').delete('a');
      await eventually(() => statusOf(get())?.used?.pods === '1', { what: 'replenished pods' });
      assert.equal(statusOf(get())!.used!['requests.cpu'], '250m');
      // A pod that turns terminal stops counting.
      const b = fake.tracker.get('/pods', 'ns', 'b')!;
      await client.resource('pods', 'ns').updateStatus({ ...b, status: { phase: 'Failed' } });
      await eventually(() => statusOf(get())?.used?.pods === '0', { what: 'terminal pod released' });
      // Raising the hard limit is reflected in status.hard.
      const q = get()!;
      await client.resource('resourcequotas', 'ns').update({ ...q, spec: { hard: { pods: '20' } } });
      await eventually(() => statusOf(get())?.hard?.pods === '20' && Object.keys(statusOf(get())!.used!).join() === 'pods', { what: 'new hard' });
    } finally {
      await run.stop();
    }
  });

  it('works with quota admission end to end: fill, refuse, replenish', async () => {
    const s = await startServerWithAdmission(() => []) // ResourceQuota admission is in the apiserver's default chain;
    const client = s.client('resourcequota-controller');
    const run = runControllers(client, [resourceQuotaController]);
    try {
      await client.resource('namespaces').create({ metadata: { name: 'team' } });
      const quotas = client.resource('resourcequotas', 'team');
      await quotas.create({ metadata: { name: 'pods' }, spec: { hard: { pods: '2' } } });
      await eventually(async () => statusOf(await quotas.get('pods'))?.used?.pods === '0', { what: 'initial usage' });
      const pods = client.resource('pods', 'team');
      await pods.create({ metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
      await pods.create({ metadata: { name: 'p2' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
      await assert.rejects(pods.create({ metadata: { name: 'p3' }, spec: { containers: [{ name: 'c', image: 'x' }] } }), (e: unknown) => {
        assert.ok(e instanceof StatusError);
        assert.equal(e.message, 'pods "p3" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2');
        return true;
      });
      await pods.delete('p1');
      await eventually(async () => statusOf(await quotas.get('pods'))?.used?.pods === '1', { what: 'replenished' });
      await pods.create({ metadata: { name: 'p3' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    } finally {
      await run.stop();
      await s.stop();
    }
  });
});
