// Keeps a NodeGraph in step with the pods watch cache: one full pass over the cache when it is ready
// (or after it re-lists), then every event as the cache delivers it. Events reach the graph before
// any API watcher can have written them to its client, so a kubelet never learns of a pod before the
// authorizer does.

import type { CacheEvent, Cacher } from '../../registry/cacher.js';
import type { NodeGraph } from './graph.js';

export interface FollowPodsOptions {
  cacher: Pick<Cacher, 'ready' | 'revision' | 'list' | 'watch'>;
  /** The pods key prefix ("/registry/pods/"). */
  prefix: string;
  graph: NodeGraph;
  signal: AbortSignal;
  log?: (m: string) => void;
}

function apply(graph: NodeGraph, ev: CacheEvent): void {
  switch (ev.type) {
    case 'ADDED':
    case 'MODIFIED':
      graph.setPod(ev.cur.obj);
      return;
    case 'DELETED': {
      const m = (ev.prev ?? ev.cur).obj.metadata;
      graph.deletePod(m.namespace ?? '', m.name ?? '');
      return;
    }
    default:
      return;
  }
}

/** Runs until the signal aborts (or the cache stops). */
export async function followPods(o: FollowPodsOptions): Promise<void> {
  await o.cacher.ready;
  while (!o.signal.aborted) {
    // List and watch in the same turn: nothing can happen in between.
    o.graph.clear();
    for (const c of o.cacher.list(o.prefix)) o.graph.setPod(c.obj);
    const w = o.cacher.watch({ fromRevision: o.cacher.revision, initialEvents: false, signal: o.signal, maxBuffered: 1_000_000 });
    try {
      for await (const ev of w) apply(o.graph, ev);
      return; // closed: the cache stopped
    } catch (err) {
      if (o.signal.aborted) return;
      // The cache re-listed (or we fell behind): start again from its contents.
      o.log?.(`node authorizer: pods watch ended (${(err as Error).message}); rebuilding the graph`);
    }
  }
}
