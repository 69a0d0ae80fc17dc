import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceDef } from '../../api/resources.js';
import type { ProtobufDecoder } from '../http/body.js';
import type { RequestInfo } from '../request/info.js';
import type { RequestContext, UserInfo } from '../registry/strategy.js';
import type { Store } from '../registry/store.js';

/** Everything a resource handler needs about one request. */
export interface Scope {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  user: UserInfo;
  def: ResourceDef;
  store: Store;
  now: Date;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  env: HandlerEnv;
}

/** Server-wide services the handlers use. */
export interface HandlerEnv {
  protobuf?: ProtobufDecoder;
  /** Looks up the store of another resource (subresources that touch two, e.g. eviction → pods). */
  storeFor(group: string, plural: string): Store | undefined;
  log(msg: string): void;
  /** Interval of BOOKMARK events on watches that allow them. */
  bookmarkIntervalMs: number;
  /** Events a watch may fall behind by before its stream is ended (default 10,000; tests lower it). */
  watchBufferSize?: number;
  /** Issues service account tokens (serviceaccounts/token). */
  tokens?: import('../auth/serviceaccount.js').ServiceAccountTokens;
  /** Hooks for subresources served by other parts of kts (exec, log …). */
  connect?: (scope: Scope) => Promise<boolean>;
}

export function requestContext(s: Scope, overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    user: s.user,
    namespace: s.info.namespace,
    subresource: s.info.subresource,
    dryRun: isDryRun(s.query),
    now: s.now,
    ...overrides,
  };
}

export function isDryRun(q: URLSearchParams): boolean {
  return q.getAll('dryRun').some((v) => v === 'All');
}
