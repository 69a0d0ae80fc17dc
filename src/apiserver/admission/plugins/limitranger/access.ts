// LimitRangeAccess over the apiserver's own LimitRange store (its watch cache).

import type { Store } from '../../../registry/store.js';
import type { LimitRangeAccess } from './limitranger.js';

export function storeLimitRangeAccess(storeFor: (group: string, plural: string) => Store | undefined): LimitRangeAccess {
  return {
    list(namespace) {
      const s = storeFor('', 'limitranges');
      if (!s) return [];
      return s.cacher.list(s.listPrefix(namespace)).map((c) => c.obj);
    },
  };
}
