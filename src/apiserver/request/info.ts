// What a request is about, parsed from its method, path and query as upstream's RequestInfoFactory does:
// resource requests under /api and /apis, and non-resource paths (/version, /healthz, discovery …).

export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection (resource requests) or the lower-case HTTP method. */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments after the subresource (proxy paths). */
  rest: string[];
}

const SPECIAL_VERBS = new Set(['proxy', 'watch']);

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    rest: [],
  };
  // Segments are percent-decoded, as Go's net/http hands the apiserver a decoded path
  // (`system%3Akube-scheduler` names `system:kube-scheduler`).
  const parts = path.split('/').filter((p) => p !== '').map(decodeSegment);
  if (parts.length === 0) return info;
  const prefix = parts[0]!;
  if (prefix !== 'api' && prefix !== 'apis') return info;
  info.apiPrefix = prefix;
  let cur = parts.slice(1);
  if (prefix === 'apis') {
    if (cur.length < 1) return info;
    info.apiGroup = cur[0]!;
    cur = cur.slice(1);
  }
  if (cur.length < 1) return info;
  info.apiVersion = cur[0]!;
  cur = cur.slice(1);
  if (cur.length < 1) return info; // discovery of a group version
  info.isResourceRequest = true;

  // Legacy /watch/ and /proxy/ prefixes.
  if (SPECIAL_VERBS.has(cur[0]!)) {
    if (cur.length < 2) {
      info.isResourceRequest = false;
      return info;
    }
    info.verb = cur[0]!;
    cur = cur.slice(1);
  } else {
    switch (method) {
      case 'POST':
        info.verb = 'create';
        break;
      case 'GET':
      case 'HEAD':
        info.verb = 'get';
        break;
      case 'PUT':
        info.verb = 'update';
        break;
      case 'PATCH':
        info.verb = 'patch';
        break;
      case 'DELETE':
        info.verb = 'delete';
        break;
      default:
        info.verb = '';
    }
  }

  if (cur[0] === 'namespaces') {
    if (cur.length > 1) {
      info.namespace = cur[1]!;
      // /namespaces/{ns}/{resource}… (but /namespaces/{name}/status|finalize are subresources of the namespace)
      if (cur.length > 2 && cur[2] !== 'finalize' && cur[2] !== 'status') cur = cur.slice(2);
    }
  }
  info.resource = cur[0] ?? '';
  if (cur.length >= 2) info.name = cur[1]!;
  if (cur.length >= 3) info.subresource = cur[2]!;
  if (cur.length > 3) info.rest = cur.slice(3);
  if (info.resource === 'namespaces' && info.name === '' && info.namespace !== '') {
    info.name = info.namespace;
  }
  // A namespace object's own namespace is empty.
  if (info.resource === 'namespaces') info.namespace = '';

  if (info.verb === 'get' && info.name === '') info.verb = parseBool(query.get('watch')) ? 'watch' : 'list';
  if (info.verb === 'delete' && info.name === '') info.verb = 'deletecollection';
  return info;
}

/** Go's strconv.ParseBool truths, as upstream parses boolean query parameters. */
export function parseBool(v: string | null): boolean {
  return v === '1' || v === 't' || v === 'T' || v === 'true' || v === 'TRUE' || v === 'True';
}

function decodeSegment(p: string): string {
  if (!p.includes('%')) return p;
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
