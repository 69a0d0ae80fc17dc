// Cluster policy objects: coordination.k8s.io Lease, certificates.k8s.io CertificateSigningRequest,
// policy PodDisruptionBudget, scheduling.k8s.io PriorityClass and storage.k8s.io StorageClass.

import { ageColumn, col, int, nameColumn, text } from './columns.js';
import { humanDuration, translateTimestampSince } from './duration.js';
import { at, bool, created, n, name, num, objs, s, str, strMap } from './fields.js';
import { intOrString } from './format.js';
import type { KubeObject, TablePrinter } from './types.js';

export const leasePrinter: TablePrinter = {
  columns: [nameColumn(), text('Holder', 'The identity currently holding the lease.'), ageColumn()],
  cells(lease, now) {
    return [name(lease), s(lease, 'spec', 'holderIdentity'), translateTimestampSince(created(lease), now)];
  },
};

/** Denied, Approved or Pending, then ",Failed" and ",Issued" where they apply. */
export function csrCondition(csr: KubeObject): string {
  const types = new Set(objs(csr, 'status', 'conditions').map((c) => s(c, 'type')));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (s(csr, 'status', 'certificate') !== '') status += ',Issued';
  return status;
}

export const certificateSigningRequestPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    ageColumn(),
    text('SignerName', 'The signer asked to issue the certificate.'),
    text('Requestor', 'The user who created the request.'),
    text('RequestedDuration', 'The certificate lifetime the request asks for.'),
    text('Condition', 'Whether the request is pending, approved or denied, failed, and issued.'),
  ],
  cells(csr, now) {
    const seconds = num(csr, 'spec', 'expirationSeconds');
    return [
      name(csr),
      translateTimestampSince(created(csr), now),
      s(csr, 'spec', 'signerName') || '<none>',
      s(csr, 'spec', 'username'),
      seconds === undefined ? '<none>' : humanDuration(seconds * 1000),
      csrCondition(csr),
    ];
  },
};

export const podDisruptionBudgetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Min Available', 'The fewest selected pods that must stay available.'),
    text('Max Unavailable', 'The most selected pods that may be unavailable.'),
    int('Allowed Disruptions', 'How many pods may be disrupted right now.'),
    ageColumn(),
  ],
  cells(pdb, now) {
    return [
      name(pdb),
      intOrString(at(pdb, 'spec', 'minAvailable')) ?? 'N/A',
      intOrString(at(pdb, 'spec', 'maxUnavailable')) ?? 'N/A',
      n(pdb, 'status', 'disruptionsAllowed'),
      translateTimestampSince(created(pdb), now),
    ];
  },
};

export const priorityClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    int('Value', 'The priority pods of this class get.'),
    col('Global-Default', 'boolean', 'Whether pods without a class get this one.'),
    ageColumn(),
    col('PreemptionPolicy', 'string', 'Whether pods of this class may preempt lower-priority pods.'),
  ],
  cells(pc, now) {
    return [
      name(pc),
      n(pc, 'value'),
      bool(pc, 'globalDefault') ?? false,
      translateTimestampSince(created(pc), now),
      // Defaulting sets PreemptLowerPriority.
      str(pc, 'preemptionPolicy') ?? 'PreemptLowerPriority',
    ];
  },
};

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export function isDefaultStorageClass(sc: KubeObject): boolean {
  const annotations = strMap(sc, 'metadata', 'annotations');
  return DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true');
}

export const storageClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Provisioner', 'The volume plugin or CSI driver that provisions volumes of this class.'),
    text('ReclaimPolicy', 'What happens to provisioned volumes once released.'),
    text('VolumeBindingMode', 'When volumes are bound and provisioned: Immediate or WaitForFirstConsumer.'),
    text('AllowVolumeExpansion', 'Whether claims of this class may be resized.'),
    ageColumn(),
  ],
  cells(sc, now) {
    return [
      isDefaultStorageClass(sc) ? `${name(sc)} (default)` : name(sc),
      s(sc, 'provisioner'),
      s(sc, 'reclaimPolicy') || 'Delete',
      s(sc, 'volumeBindingMode') || 'Immediate',
      bool(sc, 'allowVolumeExpansion') ?? false,
      translateTimestampSince(created(sc), now),
    ];
  },
};
