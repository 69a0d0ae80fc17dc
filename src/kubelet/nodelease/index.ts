// The node heartbeat (upstream component-helpers/apimachinery/lease controller): the Lease
// kube-node-lease/<node>, holderIdentity the node, leaseDurationSeconds 40, renewed every
// duration × 0.25 (10 s) with renewTime now, owned by the Node (so it goes when the Node goes). A
// failed renewal is retried after 200 ms, doubling up to 7 s; a conflict re-reads the Lease.

import type { KubeObject } from '../../api/types.js';
import { isAlreadyExists, isConflict, isNotFound, type Client } from '../../machinery/client/index.js';
import { realClock, type Clock } from '../../machinery/clock/index.js';

export const LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLeaseOptions {
  client: Client;
  nodeName: string;
  signal: AbortSignal;
  clock?: Clock;
  durationSeconds?: number;
  log?: (m: string) => void;
}

/** metav1.MicroTime: microsecond precision. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

export async function runNodeLease(o: NodeLeaseOptions): Promise<void> {
  const clock = o.clock ?? realClock;
  const log = o.log ?? (() => {});
  const duration = o.durationSeconds ?? 40;
  const renewMs = duration * 250;
  const leases = o.client.resource('leases.coordination.k8s.io', LEASE_NAMESPACE);
  const nodes = o.client.resource('nodes');
  let lease: KubeObject | undefined;

  /** The ownerReference to the Node, once the Node exists. */
  const owner = async () => {
    try {
      const node = await nodes.get(o.nodeName, { signal: o.signal });
      return [{ apiVersion: 'v1', kind: 'Node', name: o.nodeName, uid: node.metadata.uid! }];
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
  const withRenewal = async (cur: KubeObject): Promise<KubeObject> => {
    const next: KubeObject = { ...cur, metadata: { ...cur.metadata }, spec: { ...(cur.spec as object), holderIdentity: o.nodeName, leaseDurationSeconds: duration, renewTime: microTime(clock.now()) } };
    if (!next.metadata.ownerReferences?.length) {
      const refs = await owner();
      if (refs) next.metadata.ownerReferences = refs;
    }
    return next;
  };
  const renew = async () => {
    if (!lease) {
      try {
        lease = await leases.get(o.nodeName, { signal: o.signal });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        const fresh: KubeObject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: o.nodeName, namespace: LEASE_NAMESPACE }, spec: {} };
        try {
          lease = await leases.create(await withRenewal(fresh), { signal: o.signal });
          return;
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          lease = await leases.get(o.nodeName, { signal: o.signal });
        }
      }
    }
    try {
      lease = await leases.update(await withRenewal(lease), { signal: o.signal });
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) lease = undefined;
      throw err;
    }
  };

  let backoff = 200;
  while (!o.signal.aborted) {
    let wait = renewMs;
    try {
      await renew();
      backoff = 200;
    } catch (err) {
      if (o.signal.aborted) return;
      log(`kubelet: failed to update lease ${LEASE_NAMESPACE}/${o.nodeName}: ${(err as Error).message}`);
      wait = backoff;
      backoff = Math.min(backoff * 2, 7000);
    }
    if (!(await clock.sleep(wait, o.signal))) return;
  }
}
