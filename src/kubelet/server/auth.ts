// Authorization of the kubelet's HTTPS API, as upstream's kubelet does it in webhook mode: the client
// certificate names the user; the request maps to attributes on the node object (resource nodes,
// subresource stats|metrics|log|spec, else proxy; verb from the HTTP method); the API server decides
// through a SubjectAccessReview. Decisions are cached (allowed 5 min, denied 30 s, upstream's
// defaults), so the API server is asked once per user and kind of request.

import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { userFromCertificate } from '../../machinery/auth/certuser.js';
import type { Client } from '../../machinery/client/index.js';

export interface KubeletUser {
  username: string;
  groups: string[];
}

export interface KubeletRequestAttributes {
  verb: string;
  resource: 'nodes';
  subresource: string;
  name: string;
}

export type KubeletAuthorizer = (user: KubeletUser, attrs: KubeletRequestAttributes) => Promise<{ allowed: boolean; reason: string }>;

/** The user a verified client certificate names (CN, O), or undefined. */
export function certificateUser(req: IncomingMessage): KubeletUser | undefined {
  const sock = req.socket as TLSSocket;
  if (!sock.authorized) return undefined;
  return userFromCertificate(sock.getPeerCertificate()) ?? undefined;
}

const VERBS: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** Upstream's mapping of kubelet paths to node subresources. */
export function requestAttributes(method: string, path: string, nodeName: string): KubeletRequestAttributes {
  const first = path.split('/').filter(Boolean)[0] ?? '';
  const subresource = first === 'stats' ? 'stats' : first === 'metrics' ? 'metrics' : first === 'logs' ? 'log' : first === 'spec' ? 'spec' : 'proxy';
  return { verb: VERBS[method.toUpperCase()] ?? method.toLowerCase(), resource: 'nodes', subresource, name: nodeName };
}

export function subjectAccessReviewAuthorizer(o: { client: Client; allowTtlMs?: number; denyTtlMs?: number; now?: () => number }): KubeletAuthorizer {
  const cache = new Map<string, { allowed: boolean; reason: string; until: number }>();
  const now = o.now ?? Date.now;
  const reviews = o.client.resource('subjectaccessreviews.authorization.k8s.io');
  return async (user, attrs) => {
    const key = JSON.stringify([user.username, [...user.groups].sort(), attrs]);
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit;
    const review = await reviews.create({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      metadata: {},
      spec: { user: user.username, groups: user.groups, resourceAttributes: { verb: attrs.verb, resource: attrs.resource, subresource: attrs.subresource, name: attrs.name } },
    });
    const status = (review.status ?? {}) as { allowed?: boolean; reason?: string };
    const decision = { allowed: status.allowed === true, reason: status.reason ?? '' };
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { ...decision, until: now() + (decision.allowed ? (o.allowTtlMs ?? 300_000) : (o.denyTtlMs ?? 30_000)) });
    return decision;
  };
}
