import type { KubeObject } from '../../../api/types.js';
import type { Strategy } from '../strategy.js';

type NsSpec = { finalizers?: string[] };
type NsStatus = { phase?: string; conditions?: unknown[] };

/**
 * Namespaces: the "kubernetes" finalizer in spec.finalizers; deleting one marks it Terminating, and
 * the namespace controller empties it, removes the finalizer (…/finalize), and deletes it again.
 */
export function namespaceStrategy(): Strategy {
  return {
    nameValidation: 'label',
    defaults(o: KubeObject) {
      const labels = (o.metadata.labels ??= {});
      if (o.metadata.name) labels['kubernetes.io/metadata.name'] = o.metadata.name;
    },
    prepareForCreate(o: KubeObject) {
      const spec = (o.spec ??= {}) as NsSpec;
      if (!spec.finalizers) spec.finalizers = ['kubernetes'];
      o.status = { phase: 'Active' } satisfies NsStatus;
    },
    prepareForUpdate(o: KubeObject, old: KubeObject, ctx) {
      // spec.finalizers change only through /finalize; status only through /status.
      if (ctx.subresource !== 'finalize') o.spec = old.spec;
      if (ctx.subresource === 'finalize') o.status = old.status;
    },
    blocksDeletion: (o: KubeObject) => !!((o.spec ?? {}) as NsSpec).finalizers?.length,
    pendingDelete(o: KubeObject) {
      const spec = (o.spec ?? {}) as NsSpec;
      if (!spec.finalizers?.length) return false;
      (o.status ??= {}) as NsStatus;
      (o.status as NsStatus).phase = 'Terminating';
      return true;
    },
  };
}
