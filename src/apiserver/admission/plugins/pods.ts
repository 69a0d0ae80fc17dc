// Pod admission defaults that upstream does in admission plugins: ServiceAccount (serviceAccountName
// defaults to "default"), DefaultTolerationSeconds (not-ready / unreachable tolerations, 300 s), and
// Priority (priorityClassName → priority).
import { statusErrors } from '../../../machinery/errors/status.js';
import type { KubeObject } from '../../../api/types.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../interface.js';

type Toleration = { key?: string; operator?: string; effect?: string; tolerationSeconds?: number; value?: string };
type PodSpec = { serviceAccountName?: string; serviceAccount?: string; tolerations?: Toleration[]; priorityClassName?: string; priority?: number; preemptionPolicy?: string };

function isPodCreate(a: AdmissionAttributes): a is AdmissionAttributes & { object: KubeObject } {
  return a.operation === 'CREATE' && a.def.group === '' && a.def.plural === 'pods' && a.subresource === '' && !!a.object;
}

export function serviceAccountAdmission(): AdmissionPlugin {
  return {
    name: 'ServiceAccount',
    admit(a) {
      if (!isPodCreate(a)) return;
      const spec = (a.object.spec ??= {}) as PodSpec;
      if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
      spec.serviceAccount = spec.serviceAccountName;
    },
  };
}

export interface DefaultTolerationOptions {
  notReadySeconds?: number;
  unreachableSeconds?: number;
}

export function defaultTolerationSeconds(o: DefaultTolerationOptions = {}): AdmissionPlugin {
  const add = (list: Toleration[], key: string, secs: number) => {
    const has = list.some((t) => (t.key === key || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute'));
    if (!has) list.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: secs });
  };
  return {
    name: 'DefaultTolerationSeconds',
    admit(a) {
      if (!isPodCreate(a)) return;
      const spec = (a.object.spec ??= {}) as PodSpec;
      const list = (spec.tolerations ??= []);
      add(list, 'node.kubernetes.io/not-ready', o.notReadySeconds ?? 300);
      add(list, 'node.kubernetes.io/unreachable', o.unreachableSeconds ?? 300);
    },
  };
}

export interface PriorityClassLookup {
  get(name: string): KubeObject | undefined;
  globalDefault(): KubeObject | undefined;
}

const SYSTEM_CLASSES: Record<string, number> = { 'system-cluster-critical': 2000000000, 'system-node-critical': 2000001000 };

export function priorityAdmission(pcs: PriorityClassLookup): AdmissionPlugin {
  return {
    name: 'Priority',
    admit(a) {
      if (!isPodCreate(a)) return;
      const spec = (a.object.spec ??= {}) as PodSpec;
      const name = spec.priorityClassName;
      let value = 0;
      let policy = 'PreemptLowerPriority';
      if (name) {
        const pc = pcs.get(name);
        if (pc) {
          value = Number(pc.value ?? 0);
          policy = String(pc.preemptionPolicy ?? policy);
        } else if (name in SYSTEM_CLASSES) value = SYSTEM_CLASSES[name]!;
        else throw statusErrors.forbiddenRaw(`pods "${a.object.metadata.name ?? ''}" is forbidden: no PriorityClass with name ${name} was found`);
      } else {
        const def = pcs.globalDefault();
        if (def) {
          value = Number(def.value ?? 0);
          policy = String(def.preemptionPolicy ?? policy);
          spec.priorityClassName = def.metadata.name!;
        }
      }
      if (spec.priority !== undefined && spec.priority !== value)
        throw statusErrors.forbiddenRaw(`pods "${a.object.metadata.name ?? ''}" is forbidden: the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`);
      spec.priority = value;
      spec.preemptionPolicy ??= policy;
    },
  };
}
