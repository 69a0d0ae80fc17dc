// The Node authorizer wired to an apiserver's watch caches: the pods index follows the pods cache,
// persistent volumes are looked up in theirs.

import type { Store } from '../../registry/store.js';
import { NodeAuthorizer, type NodeAuthorizerOptions } from './authorizer.js';
import { followPods } from './feed.js';
import { NodeGraph } from './graph.js';

export { NodeAuthorizer, nodeIdentity, NODE_LEASE_NAMESPACE, type NodeAuthzAttributes } from './authorizer.js';
export { NodeGraph } from './graph.js';
export { NodeAndRbacAuthorizer } from './union.js';
export { nameFromFieldSelector } from './selector.js';

export interface NodeAuthorizerEnv extends NodeAuthorizerOptions {
  storeFor(group: string, plural: string): Store | undefined;
  signal: AbortSignal;
  log?: (m: string) => void;
}

/** A Node authorizer whose graph follows the pods watch cache until `signal` aborts. */
export function startNodeAuthorizer(env: NodeAuthorizerEnv): NodeAuthorizer {
  const graph = new NodeGraph();
  const pods = env.storeFor('', 'pods');
  if (pods) {
    void followPods({ cacher: pods.cacher, prefix: pods.listPrefix(''), graph, signal: env.signal, ...(env.log ? { log: env.log } : {}) }).catch((err: Error) =>
      env.log?.(`node authorizer: pods index stopped: ${err.message}`),
    );
  }
  const cachedObject = (group: string, plural: string, name: string) => {
    const s = env.storeFor(group, plural);
    return s?.cacher.get(s.key('', name))?.obj;
  };
  return new NodeAuthorizer(
    {
      graph,
      persistentVolume: (name) => cachedObject('', 'persistentvolumes', name),
      volumeAttachment: (name) => cachedObject('storage.k8s.io', 'volumeattachments', name),
    },
    { ...(env.rules ? { rules: env.rules } : {}), ...(env.selectors !== undefined ? { selectors: env.selectors } : {}) },
  );
}
