// kube-apiserver: the HTTPS front door of the cluster. Each request goes through the filters in
// upstream's order — panic recovery, in-flight limits, timeout, authentication, authorization — then to
// discovery, health, OpenAPI or a resource handler (admission and validation happen in the store).

import { createServer as createHttpsServer, type Server } from 'node:https';
import { ServerResponse as HttpServerResponse, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setMaxListeners } from 'node:events';
import { RESOURCES, isVirtual, storageResourceOf, type ResourceDef } from '../api/resources.js';
import { statusErrors, StatusError } from '../machinery/errors/status.js';
import type { Storage } from '../machinery/storage/interface.js';
import { AdmissionChain, type AdmissionPlugin } from './admission/interface.js';
import { defaultAdmissionPlugins } from './admission/plugins/index.js';
import { Authenticator, type TokenAuthenticator } from './auth/authn.js';
import { ServiceAccountTokens } from './auth/serviceaccount.js';
import { forbiddenMessage, RbacAuthorizer, type AuthzAttributes } from './auth/authz.js';
import { nameFromFieldSelector, NodeAndRbacAuthorizer, startNodeAuthorizer, type NodeAuthzAttributes } from './auth/node/index.js';
import { conversionFor } from './conversion/index.js';
import { aggregatedContentType, Discovery, wantsAggregated } from './discovery.js';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './handlers/write.js';
import { handleGet, handleList, handleWatch } from './handlers/read.js';
import type { HandlerEnv, Scope } from './handlers/scope.js';
import { handleSubresource } from './handlers/subresources.js';
import { kubeletConnect, registerUpgrade, type KubeletClientConfig } from './handlers/podstreams.js';
import { writeError, writeJson, writeStatus } from './http/respond.js';
import { Cacher } from './registry/cacher.js';
import { decodeFromStorage } from './registry/codec.js';
import { fieldTrackerFor } from './registry/fieldmanager.js';
import { Store, type FieldTracker } from './registry/store.js';
import type { UserInfo } from './registry/strategy.js';
import { strategyFor, type StrategyEnv } from './registry/strategies/index.js';
import { parseRequestInfo, type RequestInfo } from './request/info.js';
import { kubeVersion } from './version.js';

export interface APIServerOptions {
  storage: Storage;
  tls: { cert: string; key: string; ca: string };
  port?: number;
  bindAddress?: string;
  /** Address other components and the kubernetes Endpoints use to reach this server. */
  advertiseAddress?: string;
  serviceClusterIPRange?: string;
  serviceNodePortRange?: string;
  tokenAuthenticators?: TokenAuthenticator[];
  /** Service account signing keys: enables serviceaccounts/token and service account bearer tokens. */
  serviceAccountKeys?: { privateKey: string; publicKey: string };
  /** Replaces the default admission plugins (for tests). */
  admission?: AdmissionPlugin[];
  /** Plugins appended to the default ones. */
  admissionExtra?: AdmissionPlugin[];
  /** Names of default admission plugins not to run (--disable-admission-plugins). */
  disableAdmissionPlugins?: string[];
  /** DefaultTolerationSeconds admission: seconds for the not-ready and unreachable tolerations (300). */
  tolerations?: { notReadySeconds?: number; unreachableSeconds?: number };
  fields?: FieldTracker;
  maxRequestsInFlight?: number;
  maxMutatingRequestsInFlight?: number;
  requestTimeoutMs?: number;
  bookmarkIntervalMs?: number;
  /** Events a watch may fall behind by before its stream is ended (default 10,000). */
  watchBufferSize?: number;
  log?: (msg: string) => void;
  signal?: AbortSignal;
  /** Extra handlers for non-resource paths (OpenAPI …): return true when handled. */
  extraPaths?: Array<(req: IncomingMessage, res: ServerResponse, path: string) => boolean | Promise<boolean>>;
  protobuf?: HandlerEnv['protobuf'];
  /** How to reach kubelets for pods/log, exec, attach, portforward and nodes/proxy (client certificate). */
  kubeletClient?: KubeletClientConfig;
}

interface Registered {
  def: ResourceDef;
  store: Store;
}

const READONLY = new Set(['get', 'list', 'watch']);
const HEALTH = new Set(['/healthz', '/livez', '/readyz', '/version']);

export class APIServer {
  readonly discovery: Discovery;
  private readonly registry = new Map<string, Registered>();
  private readonly cachers = new Map<string, Cacher>();
  private readonly authn: Authenticator;
  /** --authorization-mode=Node,RBAC */
  readonly authz: NodeAndRbacAuthorizer;
  private readonly env: HandlerEnv;
  private server: Server | null = null;
  private inFlight = 0;
  private inFlightMutating = 0;
  private readonly log: (m: string) => void;
  private readonly abort = new AbortController();
  readonly strategyEnv: StrategyEnv;
  private readyFlag = false;
  private readonly tokens: ServiceAccountTokens | undefined;

  constructor(private readonly o: APIServerOptions) {
    this.log = o.log ?? (() => {});
    setMaxListeners(0, this.abort.signal);
    o.signal?.addEventListener('abort', () => void this.close(), { once: true });
    this.discovery = new Discovery(RESOURCES);
    const tokens = o.serviceAccountKeys
      ? new ServiceAccountTokens({
          ...o.serviceAccountKeys,
          serviceAccount: async (ns, name) => {
            const st = this.storeFor('', 'serviceaccounts');
            return st?.cacher.get(st.key(ns, name))?.obj ?? (await st?.current(ns, name)) ?? undefined;
          },
          pod: async (ns, name) => {
            const st = this.storeFor('', 'pods');
            return st?.cacher.get(st.key(ns, name))?.obj ?? (await st?.current(ns, name)) ?? undefined;
          },
        })
      : undefined;
    this.tokens = tokens;
    this.authn = new Authenticator([...(tokens ? [tokens] : []), ...(o.tokenAuthenticators ?? [])]);
    this.strategyEnv = { serviceCIDR: o.serviceClusterIPRange ?? '10.96.0.0/12', nodePortRange: o.serviceNodePortRange ?? '30000-32767', lookup: (g, p) => this.storeFor(g, p) };
    const disabled = new Set(o.disableAdmissionPlugins ?? []);
    const plugins = o.admission ?? defaultAdmissionPlugins({ storeFor: (g, p) => this.storeFor(g, p), ...(o.admissionExtra ? { extra: o.admissionExtra } : {}), ...(o.tolerations ? { tolerations: o.tolerations } : {}) });
    for (const name of disabled) {
      if (!plugins.some((p) => p.name === name)) throw new Error(`disable-admission-plugins plugin "${name}" is unknown (known: ${plugins.map((p) => p.name).join(', ')})`);
    }
    const admission = new AdmissionChain(plugins.filter((p) => !disabled.has(p.name)));
    for (const def of RESOURCES) {
      if (isVirtual(def)) continue;
      const prefix = `/registry/${storageResourceOf(def)}/`;
      let cacher = this.cachers.get(prefix);
      if (!cacher) {
        cacher = new Cacher({ storage: o.storage, prefix, decode: decodeFromStorage, signal: this.abort.signal, log: this.log });
        this.cachers.set(prefix, cacher);
      }
      const conversion = conversionFor(def);
      const store = new Store({ def, strategy: strategyFor(def, this.strategyEnv), storage: o.storage, cacher, prefix, admission, fields: o.fields ?? fieldTrackerFor(def), ...(conversion ? { conversion } : {}) });
      this.registry.set(`${def.group}/${def.version}/${def.plural}`, { def, store });
    }
    // The RBAC caches' revisions only grow: their sum changes whenever an RBAC object does.
    const rbacCachers = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'].map((p) => this.storeFor('rbac.authorization.k8s.io', p)?.cacher);
    const rbac = new RbacAuthorizer({
      revision: () => rbacCachers.reduce((n, c) => n + (c?.revision ?? 0), 0),
      clusterRoles: () => this.cached('rbac.authorization.k8s.io', 'clusterroles', ''),
      clusterRoleBindings: () => this.cached('rbac.authorization.k8s.io', 'clusterrolebindings', ''),
      roles: (ns) => this.cached('rbac.authorization.k8s.io', 'roles', ns),
      roleBindings: (ns) => this.cached('rbac.authorization.k8s.io', 'rolebindings', ns),
      clusterRole: (name) => this.storeFor('rbac.authorization.k8s.io', 'clusterroles')?.cacher.get(`/registry/clusterroles/${name}`)?.obj,
      role: (ns, name) => this.storeFor('rbac.authorization.k8s.io', 'roles')?.cacher.get(`/registry/roles/${ns}/${name}`)?.obj,
    });
    const node = startNodeAuthorizer({ storeFor: (g, p) => this.storeFor(g, p), signal: this.abort.signal, log: this.log });
    this.authz = new NodeAndRbacAuthorizer(node, rbac);
    this.env = {
      storeFor: (g, p) => this.storeFor(g, p),
      log: this.log,
      bookmarkIntervalMs: o.bookmarkIntervalMs ?? 60_000,
      ...(o.watchBufferSize ? { watchBufferSize: o.watchBufferSize } : {}),
      ...(o.protobuf ? { protobuf: o.protobuf } : {}),
      ...(this.tokens ? { tokens: this.tokens } : {}),
      ...(o.kubeletClient ? { connect: kubeletConnect(o.kubeletClient, this) } : {}),
    };
  }

  private cached(group: string, plural: string, ns: string) {
    const s = this.storeFor(group, plural);
    if (!s) return [];
    return s.cacher.list(s.listPrefix(ns)).map((c) => c.obj);
  }

  /** The store serving a resource (preferred version). */
  storeFor(group: string, plural: string): Store | undefined {
    for (const r of this.registry.values()) if (r.def.group === group && r.def.plural === plural) return r.store;
    return undefined;
  }

  /** Resolves once every watch cache has its initial list. */
  async ready(): Promise<void> {
    await Promise.all([...this.cachers.values()].map((c) => c.ready));
    this.readyFlag = true;
  }

  async listen(): Promise<{ port: number; url: string }> {
    const server = createHttpsServer(
      {
        cert: this.o.tls.cert,
        key: this.o.tls.key,
        ca: this.o.tls.ca,
        requestCert: true,
        rejectUnauthorized: false,
        keepAliveTimeout: 65_000,
      },
      (req, res) => void this.handle(req, res),
    );
    // Upgrades (exec, attach, portforward over WebSocket or SPDY) run through the same pipeline; the
    // connect handler takes the raw socket over once the kubelet has agreed to switch protocols.
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on('error', () => {});
      registerUpgrade(req, socket, head);
      const res = new HttpServerResponse(req);
      res.shouldKeepAlive = false;
      res.assignSocket(socket);
      res.on('finish', () => socket.end());
      void this.handle(req, res);
    });
    server.headersTimeout = 65_000;
    server.requestTimeout = 0;
    this.server = server;
    const host = this.o.bindAddress ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? 6443, host === '0.0.0.0' ? undefined : host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
    return { port, url: `https://${shown}:${port}` };
  }

  async close(): Promise<void> {
    this.abort.abort();
    if (this.server) {
      const s = this.server;
      this.server = null;
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  }

  /** The whole request pipeline; also the in-process transport's entry point. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kts');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
    const longRunning = info.verb === 'watch' || (info.isResourceRequest && ['log', 'exec', 'attach', 'portforward', 'proxy'].includes(info.subresource));
    const mutating = info.isResourceRequest && !READONLY.has(info.verb);
    // Who is asking comes first: the in-flight limits exempt system:masters, as upstream's
    // max-in-flight filter does (the control plane's own components must not be throttled).
    let user: UserInfo;
    try {
      const authenticated = await this.authn.authenticate(req);
      if (!authenticated) throw statusErrors.unauthorized();
      user = this.impersonate(authenticated, req);
    } catch (err) {
      writeError(res, err, this.log);
      return;
    }
    const counted = !longRunning && !user.groups.includes('system:masters');
    // In-flight limits (upstream defaults 400 read-only, 200 mutating); watches are not counted.
    if (counted) {
      const max = mutating ? (this.o.maxMutatingRequestsInFlight ?? 200) : (this.o.maxRequestsInFlight ?? 400);
      const cur = mutating ? this.inFlightMutating : this.inFlight;
      if (cur >= max) {
        writeStatus(res, statusErrors.tooManyRequests('Too many requests, please try again later.', 1).status);
        return;
      }
      if (mutating) this.inFlightMutating++;
      else this.inFlight++;
    }
    const ac = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) ac.abort();
    };
    res.on('close', onClose);
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = this.serve(req, res, info, url, path, ac.signal, user);
      if (longRunning) await work;
      else {
        const timeout = this.o.requestTimeoutMs ?? 60_000;
        await Promise.race([
          work,
          new Promise<void>((_, reject) => {
            timer = setTimeout(() => reject(statusErrors.timeout('request did not complete within requested timeout - context deadline exceeded', 0)), timeout);
          }),
        ]);
      }
    } catch (err) {
      if (!res.headersSent) writeError(res, err, this.log);
      else if (!res.writableEnded) res.end();
    } finally {
      clearTimeout(timer);
      if (counted) {
        if (mutating) this.inFlightMutating--;
        else this.inFlight--;
      }
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse, info: RequestInfo, url: URL, path: string, signal: AbortSignal, user: UserInfo): Promise<void> {
    const anonymous = user.username === 'system:anonymous';
    if (anonymous && !HEALTH.has(path)) throw statusErrors.unauthorized();
    if (!HEALTH.has(path)) this.authorize(user, info, path, url.searchParams);
    if (!info.isResourceRequest) return this.serveNonResource(req, res, info, path);
    const reg = this.registry.get(`${info.apiGroup}/${info.apiVersion}/${info.resource}`);
    const def = reg?.def ?? RESOURCES.find((d) => d.group === info.apiGroup && d.version === info.apiVersion && d.plural === info.resource);
    if (!def) throw statusErrors.notFoundPath();
    const scope: Scope = { req, res, info, query: url.searchParams, user, def, store: reg?.store as Store, now: new Date(), signal, env: this.env };
    if (info.subresource || !reg) return handleSubresource(scope, this);
    if (def.namespaced && !info.namespace && !['list', 'watch', 'deletecollection'].includes(info.verb))
      throw statusErrors.notFoundPath();
    if (!def.verbs.includes(info.verb as never)) throw statusErrors.methodNotSupported({ group: def.group, resource: def.plural }, info.verb);
    switch (info.verb) {
      case 'get':
        return handleGet(scope);
      case 'list':
        return handleList(scope);
      case 'watch':
        return handleWatch(scope);
      case 'create':
        if (info.name) throw statusErrors.methodNotAllowed();
        return handleCreate(scope);
      case 'update':
        return handleUpdate(scope);
      case 'patch':
        return handlePatch(scope);
      case 'delete':
        return handleDelete(scope);
      case 'deletecollection':
        return handleDeleteCollection(scope);
      default:
        throw statusErrors.methodNotAllowed();
    }
  }

  /** Impersonate-User/-Group/-Uid/-Extra-* headers: act as another user when allowed to impersonate them. */
  private impersonate(user: UserInfo, req: IncomingMessage): UserInfo {
    const h = req.headers;
    const asUser = h['impersonate-user'];
    const asGroups = ([] as string[]).concat(h['impersonate-group'] ?? []);
    const asUid = h['impersonate-uid'];
    const extraKeys = Object.keys(h).filter((k) => k.startsWith('impersonate-extra-'));
    if (asUser === undefined && !asGroups.length && asUid === undefined && !extraKeys.length) return user;
    const name = Array.isArray(asUser) ? asUser[0] : asUser;
    if (!name) throw statusErrors.badRequest('requested impersonation of groups, uid or extra without impersonating a user');
    const check = (resource: string, rname: string, namespace = '', apiGroup = '') => {
      const a: AuthzAttributes = { user, verb: 'impersonate', resourceRequest: true, apiGroup, resource, subresource: '', namespace, name: rname, path: '' };
      if (!this.authz.authorize(a).allowed)
        throw statusErrors.forbidden({ group: apiGroup, resource }, rname, `User "${user.username}" cannot impersonate resource "${resource}" in API group "${apiGroup}"${namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'}`);
    };
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
    if (sa) check('serviceaccounts', sa[2]!, sa[1]!);
    else check('users', name);
    for (const g of asGroups) check('groups', g);
    if (asUid !== undefined) check('uids', String(asUid), '', 'authentication.k8s.io');
    const extra: Record<string, string[]> = {};
    for (const k of extraKeys) {
      const key = decodeURIComponent(k.slice('impersonate-extra-'.length));
      const vals = ([] as string[]).concat(h[k] ?? []);
      for (const v of vals) check('userextras', v, '', 'authentication.k8s.io');
      extra[key] = vals;
    }
    const groups = [...asGroups];
    if (sa) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
    if (name !== 'system:anonymous') groups.push('system:authenticated');
    return { username: name, groups: [...new Set(groups)], ...(asUid !== undefined ? { uid: String(asUid) } : {}), ...(extraKeys.length ? { extra } : {}) };
  }

  reviewToken(token: string, audiences?: string[]): Promise<UserInfo | null> {
    return this.authn.reviewToken(token, audiences);
  }

  get apiAudiences(): string[] {
    return this.tokens ? [this.tokens.issuer] : [];
  }

  authorizeAttrs(a: AuthzAttributes): boolean {
    return this.authz.authorize(a).allowed;
  }

  private authorize(user: UserInfo, info: RequestInfo, path: string, query: URLSearchParams): void {
    const listing = info.isResourceRequest && (info.verb === 'list' || info.verb === 'watch');
    const fieldSelector = listing ? query.get('fieldSelector') : null;
    const a: NodeAuthzAttributes = {
      user,
      verb: info.isResourceRequest ? info.verb : (info.verb === 'head' ? 'get' : info.verb),
      resourceRequest: info.isResourceRequest,
      apiGroup: info.apiGroup,
      resource: info.resource,
      subresource: info.subresource,
      namespace: info.namespace,
      // A list or watch of metadata.name=<n> is about that one object (upstream's RequestInfo).
      name: info.name || (fieldSelector ? nameFromFieldSelector(fieldSelector) : ''),
      path,
      ...(fieldSelector ? { fieldSelector } : {}),
    };
    const d = this.authz.authorize(a);
    if (!d.allowed) {
      const why = d.reason ? `${forbiddenMessage(a)}: ${d.reason}` : forbiddenMessage(a);
      if (!info.isResourceRequest) throw statusErrors.forbiddenRaw(`forbidden: ${why}`);
      throw statusErrors.forbidden({ group: info.apiGroup, resource: info.subresource ? `${info.resource}/${info.subresource}` : info.resource }, a.name, why);
    }
  }

  private async serveNonResource(req: IncomingMessage, res: ServerResponse, info: RequestInfo, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      for (const h of this.o.extraPaths ?? []) if (await h(req, res, path)) return;
      throw statusErrors.notFoundPath();
    }
    const accept = req.headers.accept;
    switch (path) {
      case '/version':
        return writeJson(res, 200, kubeVersion());
      case '/healthz':
      case '/livez':
      case '/readyz':
        return this.health(res, path, new URL(req.url ?? '/', 'https://kts').searchParams.has('verbose'));
      case '/api': {
        const agg = wantsAggregated(accept);
        if (agg) return writeJson(res, 200, this.discovery.aggregated(true, agg), { 'Content-Type': aggregatedContentType(agg), Vary: 'Accept' });
        return writeJson(res, 200, this.discovery.apiVersions(req.headers.host ?? '127.0.0.1:6443'), { Vary: 'Accept' });
      }
      case '/apis': {
        const agg = wantsAggregated(accept);
        if (agg) return writeJson(res, 200, this.discovery.aggregated(false, agg), { 'Content-Type': aggregatedContentType(agg), Vary: 'Accept' });
        return writeJson(res, 200, this.discovery.apiGroupList(), { Vary: 'Accept' });
      }
    }
    if (info.apiPrefix === 'api' && info.apiVersion === 'v1' && !info.isResourceRequest) return writeJson(res, 200, this.discovery.resourceList('', 'v1'));
    if (info.apiPrefix === 'apis' && info.apiGroup && !info.apiVersion && this.discovery.versions(info.apiGroup).length)
      return writeJson(res, 200, this.discovery.apiGroup(info.apiGroup));
    if (info.apiPrefix === 'apis' && info.apiGroup && info.apiVersion && this.discovery.hasGroupVersion(info.apiGroup, info.apiVersion))
      return writeJson(res, 200, this.discovery.resourceList(info.apiGroup, info.apiVersion));
    for (const h of this.o.extraPaths ?? []) if (await h(req, res, path)) return;
    throw statusErrors.notFoundPath();
  }

  private health(res: ServerResponse, path: string, verbose: boolean): void {
    const checks: Array<[string, boolean]> = [
      ['ping', true],
      ['etcd', true],
      ['informer-sync', this.readyFlag || path !== '/readyz'],
    ];
    const ok = checks.every(([, v]) => v);
    if (!verbose) {
      res.writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end(ok ? 'ok' : `${path.slice(1)} check failed`);
      return;
    }
    const lines = checks.map(([n, v]) => `[${v ? '+' : '-'}]${n} ${v ? 'ok' : 'failed'}`);
    lines.push(ok ? `${path.slice(1)} check passed` : `${path.slice(1)} check failed`);
    res.writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(lines.join('\n') + '\n');
  }
}

export { StatusError };
