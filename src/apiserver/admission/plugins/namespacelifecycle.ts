// NamespaceLifecycle: nothing is created in a namespace that does not exist or is being deleted, and
// the system namespaces cannot be deleted.
import { statusErrors } from '../../../machinery/errors/status.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../interface.js';

export interface NamespaceLookup {
  /** The namespace object's phase, or undefined if it does not exist. */
  phase(name: string): Promise<string | undefined>;
}

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

export function namespaceLifecycle(ns: NamespaceLookup): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    async validate(a: AdmissionAttributes) {
      if (a.def.plural === 'namespaces' && a.def.group === '') {
        if (a.operation === 'DELETE' && IMMORTAL.has(a.name))
          throw statusErrors.forbidden({ group: '', resource: 'namespaces' }, a.name, 'this namespace may not be deleted');
        return;
      }
      if (!a.def.namespaced || a.operation !== 'CREATE' || !a.namespace) return;
      const phase = await ns.phase(a.namespace);
      if (phase === undefined) throw statusErrors.notFound({ group: '', resource: 'namespaces' }, a.namespace);
      // Events and SA tokens may still be written while a namespace terminates, as upstream allows;
      // an eviction only deletes a pod, so kts lets it through too.
      if (phase === 'Terminating' && !(a.def.plural === 'events' || a.subresource === 'token' || a.subresource === 'eviction')) {
        const err = statusErrors.forbidden(
          { group: a.def.group, resource: a.def.plural },
          a.name,
          `unable to create new content in namespace ${a.namespace} because it is being terminated`,
        );
        (err.status.details ??= {}).causes = [{ reason: 'NamespaceTerminating', message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' }];
        throw err;
      }
    },
  };
}
