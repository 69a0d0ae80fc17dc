// The admission plugins a kts apiserver runs by default, in upstream's order.
import type { Store } from '../../registry/store.js';
import type { AdmissionPlugin } from '../interface.js';
import { limitRanger, storeLimitRangeAccess } from './limitranger/index.js';
import { namespaceLifecycle } from './namespacelifecycle.js';
import { nodeRestriction } from './noderestriction/index.js';
import { resourceQuotaAdmission, storeQuotaAccess } from './resourcequota/index.js';
import { defaultTolerationSeconds, priorityAdmission, serviceAccountAdmission, type DefaultTolerationOptions } from './pods.js';

export interface AdmissionEnv {
  storeFor(group: string, plural: string): Store | undefined;
  tolerations?: DefaultTolerationOptions;
  /** More plugins (quota, limit ranges …) appended after the built-in ones. */
  extra?: AdmissionPlugin[];
}

export function defaultAdmissionPlugins(env: AdmissionEnv): AdmissionPlugin[] {
  const nsStore = () => env.storeFor('', 'namespaces');
  const pcStore = () => env.storeFor('scheduling.k8s.io', 'priorityclasses');
  return [
    namespaceLifecycle({
      async phase(name) {
        const s = nsStore();
        if (!s) return 'Active';
        const cached = s.cacher.get(s.key('', name))?.obj ?? (await s.current('', name));
        if (!cached) return undefined;
        return ((cached.status as { phase?: string } | undefined)?.phase ?? 'Active') as string;
      },
    }),
    limitRanger(storeLimitRangeAccess(env.storeFor)),
    serviceAccountAdmission({
      get(namespace, name) {
        const s = env.storeFor('', 'serviceaccounts');
        return s?.cacher.get(s.key(namespace, name))?.obj;
      },
      async lookup(namespace, name) {
        return (await env.storeFor('', 'serviceaccounts')?.current(namespace, name)) ?? undefined;
      },
    }),
    nodeRestriction({
      pod: async (namespace, name) => {
        const s = env.storeFor('', 'pods');
        return s?.cacher.get(s.key(namespace, name))?.obj ?? (await s?.current(namespace, name)) ?? undefined;
      },
      node: async (name) => {
        const s = env.storeFor('', 'nodes');
        return s?.cacher.get(s.key('', name))?.obj ?? (await s?.current('', name)) ?? undefined;
      },
    }),
    defaultTolerationSeconds(env.tolerations ?? {}),
    priorityAdmission({
      get: (name) => {
        const s = pcStore();
        return s?.cacher.get(s.key('', name))?.obj;
      },
      globalDefault: () => {
        const s = pcStore();
        return s?.cacher.list(s.listPrefix('')).find((c) => c.obj.globalDefault === true)?.obj;
      },
    }),
    ...(env.extra ?? []),
    resourceQuotaAdmission({ quotas: storeQuotaAccess(env.storeFor) }),
  ];
}
