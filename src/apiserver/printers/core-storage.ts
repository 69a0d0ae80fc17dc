// core/v1 PersistentVolume and PersistentVolumeClaim.

import { ageColumn, nameColumn, text, wide } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { arr, created, deleting, name, obj, s, str, strMap } from './fields.js';
import type { KubeObject, TablePrinter } from './types.js';

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

const MODE_ABBREVIATIONS: [mode: string, short: string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** "RWO,ROX,RWX,RWOP" in that fixed order, each at most once. */
export function accessModesText(modes: unknown[]): string {
  return MODE_ABBREVIATIONS.filter(([mode]) => modes.includes(mode))
    .map(([, short]) => short)
    .join(',');
}

/** The storage class: the beta annotation wins over spec.storageClassName. */
function storageClass(o: KubeObject): string {
  const annotations = strMap(o, 'metadata', 'annotations');
  if (BETA_CLASS_ANNOTATION in annotations) return annotations[BETA_CLASS_ANNOTATION]!;
  return s(o, 'spec', 'storageClassName');
}

const attributesClass = (o: KubeObject): string => str(o, 'spec', 'volumeAttributesClassName') ?? '<unset>';
const volumeMode = (o: KubeObject): string => str(o, 'spec', 'volumeMode') ?? 'Filesystem';

export const persistentVolumePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Capacity', 'The storage capacity of the volume.'),
    text('Access Modes', 'The ways the volume can be mounted (RWO, ROX, RWX, RWOP).'),
    text('Reclaim Policy', 'What happens to the volume once its claim is released.'),
    text('Status', 'The volume phase: Available, Bound, Released, Failed, or Terminating.'),
    text('Claim', 'The claim bound to the volume, as namespace/name.'),
    text('StorageClass', 'The storage class the volume belongs to.'),
    text('VolumeAttributesClass', 'The volume attributes class applied to the volume.'),
    text('Reason', 'Why the volume is in its phase, when known.'),
    ageColumn(),
    wide('VolumeMode', 'Whether the volume is a filesystem or a raw block device.'),
  ],
  cells(pv, now) {
    const claimRef = obj(pv, 'spec', 'claimRef');
    const claim = claimRef === undefined ? '' : `${s(claimRef, 'namespace')}/${s(claimRef, 'name')}`;
    const phase = deleting(pv) ? 'Terminating' : s(pv, 'status', 'phase') || 'Pending';
    return [
      name(pv),
      s(pv, 'spec', 'capacity', 'storage') || '0',
      accessModesText(arr(pv, 'spec', 'accessModes')),
      s(pv, 'spec', 'persistentVolumeReclaimPolicy') || 'Retain',
      phase,
      claim,
      storageClass(pv),
      attributesClass(pv),
      s(pv, 'status', 'reason'),
      translateTimestampSince(created(pv), now),
      volumeMode(pv),
    ];
  },
};

export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Status', 'The claim phase: Pending, Bound, Lost, or Terminating.'),
    text('Volume', 'The volume bound to the claim.'),
    text('Capacity', 'The capacity of the bound volume.'),
    text('Access Modes', 'The access modes of the bound volume.'),
    text('StorageClass', 'The storage class the claim asks for.'),
    text('VolumeAttributesClass', 'The volume attributes class the claim asks for.'),
    ageColumn(),
    wide('VolumeMode', 'Whether the claim wants a filesystem or a raw block device.'),
  ],
  cells(pvc, now) {
    const volume = s(pvc, 'spec', 'volumeName');
    const bound = volume !== '';
    const phase = deleting(pvc) ? 'Terminating' : s(pvc, 'status', 'phase') || 'Pending';
    return [
      name(pvc),
      phase,
      volume,
      bound ? s(pvc, 'status', 'capacity', 'storage') || '0' : '',
      bound ? accessModesText(arr(pvc, 'status', 'accessModes')) : '',
      storageClass(pvc),
      attributesClass(pvc),
      translateTimestampSince(created(pvc), now),
      volumeMode(pvc),
    ];
  },
};
