// Parses a request into what the fake API acts on (upstream's RequestInfo, reduced): verb, group,
// version, resource, subresource, namespace and name.

import { RESOURCES, type ResourceDef } from '../../../api/resources.js';

export type FakeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface FakeAction {
  verb: FakeVerb;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** The decoded JSON body (patches: the raw patch document), if any. */
  body?: unknown;
  /** The Content-Type of the body. */
  contentType: string;
}

/** Subresources of namespaces that follow the namespace name (/api/v1/namespaces/x/status). */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function findDef(group: string, resource: string): ResourceDef | undefined {
  return RESOURCES.find((d) => d.group === group && d.plural === resource);
}

/** Undefined for non-resource paths (/version, /healthz …). */
export function parseRoute(method: string, path: string, query: URLSearchParams): Omit<FakeAction, 'headers' | 'body' | 'contentType'> | undefined {
  const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else return undefined;
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  const resource = rest[0]!;
  const name = rest[1] ?? '';
  const subresource = rest[2] ?? '';
  if (rest.length > 3) return undefined;
  const def = findDef(group, resource);
  if (resource === 'namespaces' || def?.namespaced === false) namespace = '';
  const m = method.toUpperCase();
  let verb: FakeVerb;
  if (m === 'GET' || m === 'HEAD') verb = name ? 'get' : query.get('watch') === 'true' || query.get('watch') === '1' ? 'watch' : 'list';
  else if (m === 'POST') verb = 'create';
  else if (m === 'PUT') verb = 'update';
  else if (m === 'PATCH') verb = 'patch';
  else if (m === 'DELETE') verb = name ? 'delete' : 'deletecollection';
  else return undefined;
  return { verb, group, version, resource, subresource, namespace, name, query };
}
