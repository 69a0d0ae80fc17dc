import type { TypeDef } from '../dsl.js';
import { containerTypes } from './core/container.js';
import { miscTypes } from './core/misc.js';
import { nodeTypes } from './core/node.js';
import { persistentVolumeTypes } from './core/persistentvolume.js';
import { podTypes } from './core/pod.js';
import { serviceTypes } from './core/service.js';
import { volumeTypes } from './core/volume.js';

export { coreProtoEmbedded, coreProtoOnlyTypes, type ProtoEmbedded } from './core/embedded.js';

// core/v1, the legacy API group ("" / v1), split by area into ./core/*.ts.
export const coreTypes: TypeDef[] = [
  ...podTypes,
  ...containerTypes,
  ...volumeTypes,
  ...persistentVolumeTypes,
  ...serviceTypes,
  ...nodeTypes,
  ...miscTypes,
];
