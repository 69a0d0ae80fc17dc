// Reads from an informer's cache (client-go's listers): get by namespace and name, list by namespace
// and label selector. The objects are the cache's own: never modify them (copy first).

import type { KubeObject } from '../../api/types.js';
import { parse as parseLabels, Selector, selectorFromSet } from '../labels/index.js';
import { NAMESPACE_INDEX, type Indexer } from './indexer.js';

export type LabelSelectorInput = Selector | string | Record<string, string>;

function toSelector(s: LabelSelectorInput): Selector {
  if (typeof s === 'string') return parseLabels(s);
  if (s instanceof Selector) return s;
  return selectorFromSet(s as Record<string, string>);
}

export class Lister<T extends KubeObject = KubeObject> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** One object; namespace '' for cluster-scoped resources. */
  get(namespace: string, name: string): T | undefined {
    return this.indexer.get(namespace ? `${namespace}/${name}` : name);
  }

  /** Objects in a namespace (all when undefined or ''), optionally matching a label selector. */
  list(namespace?: string, selector?: LabelSelectorInput): T[] {
    const items = namespace ? this.indexer.byIndex(NAMESPACE_INDEX, namespace) : this.indexer.list();
    if (!selector) return items;
    const sel = toSelector(selector);
    if (sel.empty()) return items;
    return items.filter((o) => sel.matches(o.metadata.labels ?? {}));
  }

  byIndex(indexName: string, value: string): T[] {
    return this.indexer.byIndex(indexName, value);
  }
}
