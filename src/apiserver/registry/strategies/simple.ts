// Strategies of kinds that need only a little beyond the generic store.
import type { KubeObject } from '../../../api/types.js';
import type { Strategy } from '../strategy.js';

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export const simpleStrategies: Record<string, () => Strategy> = {
  '/nodes': () => ({
    selectableFields: (o: KubeObject) => ({ 'spec.unschedulable': str((o.spec as { unschedulable?: boolean } | undefined)?.unschedulable ?? false) }),
  }),
  '/secrets': () => ({ selectableFields: (o: KubeObject) => ({ type: str(o.type) }) }),
  '/replicationcontrollers': () => ({ selectableFields: (o: KubeObject) => ({ 'status.replicas': str((o.status as { replicas?: number } | undefined)?.replicas ?? 0) }) }),
  'batch/jobs': () => ({ selectableFields: (o: KubeObject) => ({ 'status.successful': str((o.status as { succeeded?: number } | undefined)?.succeeded ?? 0) }) }),
  '/namespaces': () => ({}),
  'rbac.authorization.k8s.io/roles': () => ({ nameValidation: 'path-segment' }),
  'rbac.authorization.k8s.io/clusterroles': () => ({ nameValidation: 'path-segment' }),
  'rbac.authorization.k8s.io/rolebindings': () => ({ nameValidation: 'path-segment' }),
  'rbac.authorization.k8s.io/clusterrolebindings': () => ({ nameValidation: 'path-segment' }),
  '/serviceaccounts': () => ({}),
  'coordination.k8s.io/leases': () => ({ allowCreateOnUpdate: false }),
  '/endpoints': () => ({ allowCreateOnUpdate: true }),
};
