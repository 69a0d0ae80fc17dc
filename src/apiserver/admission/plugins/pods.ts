// Pod admission defaults that upstream does in admission plugins: ServiceAccount (serviceAccountName
// defaults to "default"), DefaultTolerationSeconds (not-ready / unreachable tolerations, 300 s), and
// Priority (priorityClassName → priority).
import type { KubeObject } from '../../../api/types.js';
import { admissionForbidden, type AdmissionAttributes, type AdmissionPlugin } from '../interface.js';

type Toleration = { key?: string; operator?: string; effect?: string; tolerationSeconds?: number; value?: string };
type PodSpec = { serviceAccountName?: string; serviceAccount?: string; tolerations?: Toleration[]; priorityClassName?: string; priority?: number; preemptionPolicy?: string };

function isPodCreate(a: AdmissionAttributes): a is AdmissionAttributes & { object: KubeObject } {
  return a.operation === 'CREATE' && a.def.group === '' && a.def.plural === 'pods' && a.subresource === '' && !!a.object;
}

/** Where the ServiceAccount plugin looks a service account up. */
export interface ServiceAccountAccess {
  /** From the watch cache. */
  get(namespace: string, name: string): KubeObject | undefined;
  /** From storage, past the cache (upstream's live GET when the lister misses); get is asked again without it. */
  lookup?(namespace: string, name: string): Promise<KubeObject | undefined>;
}

export interface ServiceAccountAdmissionOptions {
  /**
   * Live lookups of the "default" service account before giving up (upstream: 10, since the
   * service-account controller creates it moments after its namespace); other names get one.
   */
  defaultAttempts?: number;
  /** Pause between those lookups (upstream: a random 100–200 ms). */
  retryIntervalMs?: () => number;
}

const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

type VolumeMount = { name: string; mountPath: string; readOnly?: boolean };
type PodContainer = { volumeMounts?: VolumeMount[] };
type Volume = { name: string; [source: string]: unknown };

/** Upstream's kube-api-access-xxxxx projected volume: a bound token, the cluster CA and the namespace. */
function apiAccessVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

const randomSuffix = () => Array.from({ length: 5 }, () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(Math.random() * 27)]).join('');

/**
 * ServiceAccount: serviceAccountName defaults to "default"; the service account must exist (a pod
 * naming a missing one is refused with 403, as upstream; "default" is waited for briefly, since its
 * controller creates it right after the namespace); when neither it nor the pod opts out
 * (automountServiceAccountToken: false), the pod gets the kube-api-access volume mounted read-only at
 * /var/run/secrets/kubernetes.io/serviceaccount in every container.
 */
export function serviceAccountAdmission(access: ServiceAccountAccess, o: ServiceAccountAdmissionOptions = {}): AdmissionPlugin {
  const find = async (namespace: string, name: string): Promise<KubeObject | undefined> => {
    const cached = access.get(namespace, name);
    if (cached) return cached;
    const attempts = name === 'default' ? (o.defaultAttempts ?? 10) : 1;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, o.retryIntervalMs?.() ?? 100 + Math.floor(Math.random() * 100)));
      const sa = access.lookup ? await access.lookup(namespace, name) : access.get(namespace, name);
      if (sa) return sa;
    }
    return undefined;
  };
  return {
    name: 'ServiceAccount',
    async admit(a) {
      if (!isPodCreate(a)) return;
      const spec = (a.object.spec ??= {}) as PodSpec & { automountServiceAccountToken?: boolean; volumes?: Volume[]; containers?: PodContainer[]; initContainers?: PodContainer[]; ephemeralContainers?: PodContainer[] };
      // Mirror pods (static pods of a kubelet) are left as the kubelet wrote them: no service
      // account, no token (NodeRestriction refuses ones that reference any).
      const annotations = ((a.object.metadata ?? {}) as { annotations?: Record<string, string> }).annotations ?? {};
      if (annotations['kubernetes.io/config.mirror'] !== undefined) return;
      if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
      spec.serviceAccount = spec.serviceAccountName;
      const sa = await find(a.namespace, spec.serviceAccountName);
      if (!sa) throw admissionForbidden(a, `error looking up service account ${a.namespace}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`);
      const automount = spec.automountServiceAccountToken ?? (sa.automountServiceAccountToken as boolean | undefined) ?? true;
      if (!automount) return;
      const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
      if (all.every((c) => (c.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH))) return;
      const volumes = (spec.volumes ??= []);
      let name = `kube-api-access-${randomSuffix()}`;
      while (volumes.some((v) => v.name === name)) name = `kube-api-access-${randomSuffix()}`;
      volumes.push(apiAccessVolume(name));
      for (const c of all) {
        const mounts = (c.volumeMounts ??= []);
        if (!mounts.some((m) => m.mountPath === TOKEN_MOUNT_PATH)) mounts.push({ name, readOnly: true, mountPath: TOKEN_MOUNT_PATH });
      }
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
        else throw admissionForbidden(a, `no PriorityClass with name ${name} was found`);
      } else {
        const def = pcs.globalDefault();
        if (def) {
          value = Number(def.value ?? 0);
          policy = String(def.preemptionPolicy ?? policy);
          spec.priorityClassName = def.metadata.name!;
        }
      }
      if (spec.priority !== undefined && spec.priority !== value)
        throw admissionForbidden(a, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`);
      spec.priority = value;
      spec.preemptionPolicy ??= policy;
    },
  };
}
