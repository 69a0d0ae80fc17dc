// Conversion between a served version and the storage version, for resources served in two
// shapes over one storage: events (core/v1 stored; events.k8s.io/v1 served too) and
// horizontalpodautoscalers (autoscaling/v2 stored; autoscaling/v1 served too).

import type { ResourceDef } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { eventsV1FromCore, eventsV1ToCore } from './events.js';
import { hpaV1FromV2, hpaV1ToV2 } from './hpa.js';

export interface Conversion {
  /** Served object → storage object. */
  toStorage(o: KubeObject): KubeObject;
  /** Storage object → served object. */
  fromStorage(o: KubeObject): KubeObject;
}

export function conversionFor(def: ResourceDef): Conversion | undefined {
  if (def.group === 'events.k8s.io' && def.plural === 'events') return { toStorage: eventsV1ToCore, fromStorage: eventsV1FromCore };
  if (def.group === 'autoscaling' && def.version === 'v1' && def.plural === 'horizontalpodautoscalers') return { toStorage: hpaV1ToV2, fromStorage: hpaV1FromV2 };
  return undefined;
}
