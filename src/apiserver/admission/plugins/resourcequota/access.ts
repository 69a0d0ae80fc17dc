// QuotaAccess over the apiserver's own ResourceQuota store: reads from the watch cache (or a
// consistent list after a conflict), status writes through the store with the quota's resourceVersion.

import type { KubeObject } from '../../../../api/types.js';
import type { Store } from '../../../registry/store.js';
import type { RequestContext } from '../../../registry/strategy.js';
import type { QuotaAccess } from './admission.js';

const SYSTEM: RequestContext['user'] = { username: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] };

function ctx(namespace: string, subresource = ''): RequestContext {
  return { user: SYSTEM, namespace, subresource, dryRun: false, now: new Date() };
}

export function storeQuotaAccess(storeFor: (group: string, plural: string) => Store | undefined): QuotaAccess {
  const store = () => storeFor('', 'resourcequotas');
  return {
    list(namespace) {
      const s = store();
      if (!s) return [];
      return s.cacher.list(s.listPrefix(namespace)).map((c) => c.obj);
    },
    async listLive(namespace) {
      const s = store();
      if (!s) return [];
      return (await s.list(ctx(namespace), {})).items.map((c) => c.obj);
    },
    async updateStatus(quota: KubeObject) {
      const s = store();
      if (!s) throw new Error('no resourcequotas store');
      const next = structuredClone(quota);
      const r = await s.update(ctx(quota.metadata.namespace ?? '', 'status'), quota.metadata.name ?? '', () => next, { fieldManager: 'kube-apiserver' });
      return r.obj;
    },
  };
}
