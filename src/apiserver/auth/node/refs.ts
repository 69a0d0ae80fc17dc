// The API objects a pod makes its node read (upstream's VisitPodSecretNames, VisitPodConfigmapNames,
// the claims of its volumes and its service account): what the Node authorizer lets a kubelet get
// and what the NodeRestriction admission plugin forbids in mirror pods.

import type { KubeObject } from '../../../api/types.js';

export type RefKind = 'secret' | 'configmap' | 'pvc' | 'serviceaccount';

export interface PodRefs {
  secrets: string[];
  configMaps: string[];
  claims: string[];
  serviceAccount: string;
  /** Projected serviceAccountToken sources (a token the kubelet requests for the pod). */
  tokenProjections: number;
  /** Projected clusterTrustBundle sources. */
  trustBundles: number;
}

type NameRef = { name?: string } | undefined;
type EnvVar = { valueFrom?: { secretKeyRef?: NameRef; configMapKeyRef?: NameRef } };
type EnvFrom = { secretRef?: NameRef; configMapRef?: NameRef };
type Container = { env?: EnvVar[]; envFrom?: EnvFrom[] };
type Projection = { secret?: NameRef; configMap?: NameRef; serviceAccountToken?: unknown; clusterTrustBundle?: unknown };
type SecretRefHolder = { secretRef?: NameRef };
interface Volume {
  name?: string;
  secret?: { secretName?: string };
  configMap?: NameRef;
  projected?: { sources?: Projection[] };
  persistentVolumeClaim?: { claimName?: string };
  ephemeral?: unknown;
  azureFile?: { secretName?: string };
  csi?: { nodePublishSecretRef?: NameRef };
  cephfs?: SecretRefHolder;
  cinder?: SecretRefHolder;
  flexVolume?: SecretRefHolder;
  rbd?: SecretRefHolder;
  scaleIO?: SecretRefHolder;
  iscsi?: SecretRefHolder;
  storageos?: SecretRefHolder;
}
interface PodSpecRefs {
  serviceAccountName?: string;
  imagePullSecrets?: NameRef[];
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
}

/** Everything a pod references by name (names deduplicated, empty names skipped). */
export function podRefs(pod: KubeObject): PodRefs {
  const spec = (pod.spec ?? {}) as PodSpecRefs;
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  const claims = new Set<string>();
  let tokenProjections = 0;
  let trustBundles = 0;
  const add = (set: Set<string>, name: string | undefined) => {
    if (name) set.add(name);
  };
  for (const s of spec.imagePullSecrets ?? []) add(secrets, s?.name);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const e of c.envFrom ?? []) {
      add(secrets, e.secretRef?.name);
      add(configMaps, e.configMapRef?.name);
    }
    for (const e of c.env ?? []) {
      add(secrets, e.valueFrom?.secretKeyRef?.name);
      add(configMaps, e.valueFrom?.configMapKeyRef?.name);
    }
  }
  for (const v of spec.volumes ?? []) {
    add(secrets, v.secret?.secretName);
    add(configMaps, v.configMap?.name);
    for (const p of v.projected?.sources ?? []) {
      add(secrets, p.secret?.name);
      add(configMaps, p.configMap?.name);
      if (p.serviceAccountToken) tokenProjections++;
      if (p.clusterTrustBundle) trustBundles++;
    }
    add(secrets, v.azureFile?.secretName);
    add(secrets, v.csi?.nodePublishSecretRef?.name);
    for (const h of [v.cephfs, v.cinder, v.flexVolume, v.rbd, v.scaleIO, v.iscsi, v.storageos]) add(secrets, h?.secretRef?.name);
    add(claims, v.persistentVolumeClaim?.claimName);
    // A generic ephemeral volume's claim is named <pod>-<volume>.
    if (v.ephemeral && v.name && pod.metadata.name) claims.add(`${pod.metadata.name}-${v.name}`);
  }
  return {
    secrets: [...secrets],
    configMaps: [...configMaps],
    claims: [...claims],
    serviceAccount: spec.serviceAccountName ?? '',
    tokenProjections,
    trustBundles,
  };
}

export function isMirrorPod(pod: KubeObject): boolean {
  return pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
}
