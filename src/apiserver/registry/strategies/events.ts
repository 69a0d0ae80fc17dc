import type { ResourceDef } from '../../../api/resources.js';
import type { KubeObject } from '../../../api/types.js';
import type { Strategy } from '../strategy.js';

const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** Events expire after an hour (the apiserver's --event-ttl default) and select on involvedObject.*. */
export function eventStrategy(def: ResourceDef): Strategy {
  return {
    ttlSeconds: 3600,
    allowCreateOnUpdate: true,
    selectableFields: (o: KubeObject): Record<string, string> => {
      if (def.group === 'events.k8s.io') {
        const r = (o.regarding ?? {}) as Record<string, unknown>;
        return {
          'regarding.kind': s(r.kind), 'regarding.namespace': s(r.namespace), 'regarding.name': s(r.name), 'regarding.uid': s(r.uid),
          'regarding.apiVersion': s(r.apiVersion), 'regarding.resourceVersion': s(r.resourceVersion), 'regarding.fieldPath': s(r.fieldPath),
          reason: s(o.reason), reportingController: s(o.reportingController), type: s(o.type),
        };
      }
      const io = (o.involvedObject ?? {}) as Record<string, unknown>;
      const src = (o.source ?? {}) as Record<string, unknown>;
      return {
        'involvedObject.kind': s(io.kind), 'involvedObject.namespace': s(io.namespace), 'involvedObject.name': s(io.name), 'involvedObject.uid': s(io.uid),
        'involvedObject.apiVersion': s(io.apiVersion), 'involvedObject.resourceVersion': s(io.resourceVersion), 'involvedObject.fieldPath': s(io.fieldPath),
        reason: s(o.reason), reportingComponent: s(o.reportingComponent), source: s(src.component), type: s(o.type),
      };
    },
  };
}
