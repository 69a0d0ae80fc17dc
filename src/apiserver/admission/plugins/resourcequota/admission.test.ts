import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES } from '../../../../api/resources.js';
import type { KubeObject } from '../../../../api/types.js';
import { StatusError, statusErrors } from '../../../../machinery/errors/status.js';
import type { AdmissionAttributes } from '../../interface.js';
import { resourceQuotaAdmission, type QuotaAccess } from './admission.js';

const def = (plural: string) => RESOURCES.find((d) => d.group === '' && d.plural === plural)!;

function podCreate(name: string, resources: Record<string, unknown> = {}, dryRun = false): AdmissionAttributes {
  return {
    operation: 'CREATE',
    def: def('pods'),
    subresource: '',
    namespace: 'ns',
    name,
    object: { metadata: { name, namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'x', resources }] } },
    user: { username: 'u', groups: [] },
    dryRun,
  };
}

function quota(name: string, hard: Record<string, string>, used: Record<string, string>, rv = '1'): KubeObject {
  return { metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: rv }, spec: { hard }, status: { hard, used } };
}

class FakeQuotas implements QuotaAccess {
  writes: KubeObject[] = [];
  conflicts = 0;
  constructor(public items: KubeObject[]) {}
  list() {
    return this.items.map((q) => structuredClone(q));
  }
  async listLive() {
    return this.list();
  }
  async updateStatus(q: KubeObject) {
    const cur = this.items.find((x) => x.metadata.name === q.metadata.name)!;
    if (this.conflicts > 0 || cur.metadata.resourceVersion !== q.metadata.resourceVersion) {
      this.conflicts = Math.max(0, this.conflicts - 1);
      // Someone else charged the quota meanwhile.
      (cur.status as { used: Record<string, string> }).used.pods = String(Number((cur.status as { used: Record<string, string> }).used.pods) + 1);
      cur.metadata.resourceVersion = String(Number(cur.metadata.resourceVersion) + 1);
      throw statusErrors.modified({ group: '', resource: 'resourcequotas' }, q.metadata.name!);
    }
    const next = structuredClone(q);
    next.metadata.resourceVersion = String(Number(cur.metadata.resourceVersion) + 1);
    this.items = this.items.map((x) => (x === cur ? next : x));
    this.writes.push(next);
    return next;
  }
}

describe('ResourceQuota admission', () => {
  it('charges the quota and refuses the create that exceeds it with upstream message', async () => {
    const access = new FakeQuotas([quota('q', { pods: '3' }, { pods: '2' })]);
    const plugin = resourceQuotaAdmission({ quotas: access });
    await plugin.validate!(podCreate('p3'));
    assert.deepEqual((access.writes[0]!.status as { used: unknown }).used, { pods: '3' });
    await assert.rejects(Promise.resolve(plugin.validate!(podCreate('p4'))), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 403);
      assert.equal(e.message, 'pods "p4" is forbidden: exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3');
      return true;
    });
  });

  it('requires requests/limits the quota constrains', async () => {
    const plugin = resourceQuotaAdmission({ quotas: new FakeQuotas([quota('compute', { 'requests.cpu': '1', 'limits.cpu': '2' }, { 'requests.cpu': '0', 'limits.cpu': '0' })]) });
    await assert.rejects(Promise.resolve(plugin.validate!(podCreate('p'))), /pods "p" is forbidden: failed quota: compute: must specify limits.cpu for: c; requests.cpu for: c/);
    await assert.rejects(Promise.resolve(plugin.validate!(podCreate('q', { requests: { cpu: '800m' }, limits: { cpu: '3' } }))), /exceeded quota: compute, requested: limits.cpu=3, used: limits.cpu=0, limited: limits.cpu=2/);
  });

  it('refuses while the quota has no usage for a constrained resource', async () => {
    const q = quota('q', { pods: '3', 'count/pods': '3' }, { pods: '0' });
    const plugin = resourceQuotaAdmission({ quotas: new FakeQuotas([q]) });
    await assert.rejects(Promise.resolve(plugin.validate!(podCreate('p'))), /status unknown for quota: q, resources: count\/pods,pods/);
  });

  it('retries on conflict with the fresh quota and then refuses', async () => {
    const access = new FakeQuotas([quota('q', { pods: '3' }, { pods: '1' })]);
    access.conflicts = 1;
    const plugin = resourceQuotaAdmission({ quotas: access });
    await plugin.validate!(podCreate('a'));
    assert.deepEqual((access.items[0]!.status as { used: unknown }).used, { pods: '3' });
    await assert.rejects(Promise.resolve(plugin.validate!(podCreate('b'))), /exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3/);
  });

  it('serializes a namespace: of concurrent creates only what fits is admitted', async () => {
    const access = new FakeQuotas([quota('q', { pods: '2' }, { pods: '0' })]);
    const plugin = resourceQuotaAdmission({ quotas: access });
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((n) => Promise.resolve(plugin.validate!(podCreate(n)))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
  });

  it('does not write on dry run and ignores quotas without matching resources', async () => {
    const access = new FakeQuotas([quota('q', { pods: '1' }, { pods: '0' }), quota('cm', { configmaps: '0' }, { configmaps: '0' })]);
    const plugin = resourceQuotaAdmission({ quotas: access });
    await plugin.validate!(podCreate('a', {}, true));
    assert.equal(access.writes.length, 0);
  });
});
