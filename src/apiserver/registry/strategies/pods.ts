import type { KubeObject } from '../../../api/types.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { defaultPodSpec, validatePodSpec } from './podspec.js';

type PodSpec = { nodeName?: string; terminationGracePeriodSeconds?: number; restartPolicy?: string; schedulerName?: string; serviceAccountName?: string; hostNetwork?: boolean };
type PodStatus = { phase?: string; podIP?: string; podIPs?: Array<{ ip: string }>; nominatedNodeName?: string; qosClass?: string };

const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export function podStrategy(): Strategy {
  return {
    defaults(o: KubeObject) {
      defaultPodSpec((o.spec ??= {}) as Record<string, unknown>);
    },
    prepareForCreate(o: KubeObject) {
      o.status = { phase: 'Pending', qosClass: qosClass(o) } satisfies PodStatus;
    },
    validate(o: KubeObject): FieldErr[] {
      return validatePodSpec(o.spec, 'spec');
    },
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const errs = validatePodSpec(o.spec, 'spec');
      const a = (o.spec ?? {}) as PodSpec;
      const b = (old.spec ?? {}) as PodSpec;
      if (b.nodeName && a.nodeName !== b.nodeName)
        errs.push({ type: 'FieldValueForbidden', field: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' });
      return errs;
    },
    gracefulDelete(o: KubeObject, requested: number | undefined): number | null {
      const spec = (o.spec ?? {}) as PodSpec;
      const status = (o.status ?? {}) as PodStatus;
      let grace = requested ?? spec.terminationGracePeriodSeconds ?? 30;
      if (!spec.nodeName) grace = 0; // never scheduled: nothing to stop
      if (status.phase === 'Failed' || status.phase === 'Succeeded') grace = 0;
      return grace;
    },
    selectableFields(o: KubeObject) {
      const spec = (o.spec ?? {}) as PodSpec;
      const st = (o.status ?? {}) as PodStatus;
      return {
        'spec.nodeName': s(spec.nodeName),
        'spec.restartPolicy': s(spec.restartPolicy),
        'spec.schedulerName': s(spec.schedulerName),
        'spec.serviceAccountName': s(spec.serviceAccountName),
        'spec.hostNetwork': s(spec.hostNetwork ?? false),
        'status.phase': s(st.phase),
        'status.podIP': s(st.podIP),
        'status.podIPs': s(st.podIPs?.[0]?.ip),
        'status.nominatedNodeName': s(st.nominatedNodeName),
      };
    },
  };
}

type Res = { requests?: Record<string, string>; limits?: Record<string, string> };

/** Guaranteed when every container has equal cpu and memory requests and limits; BestEffort with none. */
export function qosClass(o: KubeObject): string {
  const spec = (o.spec ?? {}) as { containers?: Array<{ resources?: Res }>; initContainers?: Array<{ resources?: Res }> };
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = all.length > 0;
  for (const c of all) {
    const r = c.resources ?? {};
    const req = r.requests ?? {};
    const lim = r.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const k of ['cpu', 'memory']) {
      const l = lim[k];
      const q = req[k] ?? l;
      if (!l || q !== l) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
