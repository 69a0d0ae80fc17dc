// --use-service-account-credentials for a kube-controller-manager in its own process: each
// controller's client carries a bearer token of its ServiceAccount, which the manager asks for with
// its own identity (TokenRequest: POST serviceaccounts/<name>/token) and asks for again before 80 %
// of the token's lifetime has passed — as upstream's dynamic client builder does.

import { realClock, type Clock } from '../machinery/clock/clock.js';
import { Client, HttpsTransport, loadKubeconfig, type LoadKubeconfigOptions, type Transport, type TransportRequest, type TransportResponse } from '../machinery/client/index.js';
import { CONTROLLER_NAMESPACE } from './serviceaccounts.js';

/** Upstream's default token lifetime for controller clients (one hour). */
export const TOKEN_EXPIRATION_SECONDS = 3600;

export interface TokenTransportOptions {
  /** Where requests go, without credentials of its own. */
  inner: Transport;
  /** The identity that may create serviceaccounts/token (kube-controller-manager). */
  minter: Client;
  serviceAccount: string;
  namespace?: string;
  expirationSeconds?: number;
  clock?: Clock;
}

interface TokenRequestStatus {
  status?: { token?: string; expirationTimestamp?: string };
}

/** A transport that authenticates every request with a fresh-enough token of one ServiceAccount. */
export class ServiceAccountTokenTransport implements Transport {
  readonly description: string;
  private token: { value: string; refreshAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly clock: Clock;

  constructor(private readonly o: TokenTransportOptions) {
    this.description = `${o.inner.description} as ${o.namespace ?? CONTROLLER_NAMESPACE}/${o.serviceAccount}`;
    this.clock = o.clock ?? realClock;
  }

  async request(r: TransportRequest): Promise<TransportResponse> {
    const token = await this.currentToken();
    return this.o.inner.request({ ...r, headers: { ...r.headers, Authorization: `Bearer ${token}` } });
  }

  close(): Promise<void> {
    return this.o.inner.close();
  }

  private currentToken(): Promise<string> {
    if (this.token && this.clock.now() < this.token.refreshAt) return Promise.resolve(this.token.value);
    // One TokenRequest at a time; concurrent requests wait for it.
    this.pending ??= this.mint().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async mint(): Promise<string> {
    const ns = this.o.namespace ?? CONTROLLER_NAMESPACE;
    const seconds = this.o.expirationSeconds ?? TOKEN_EXPIRATION_SECONDS;
    const issued = this.clock.now();
    const res = await this.o.minter
      .resource({ group: '', version: 'v1', plural: 'serviceaccounts' }, ns)
      .createSubresource<TokenRequestStatus>(this.o.serviceAccount, 'token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: seconds } });
    const value = res.status?.token;
    if (!value) throw new Error(`no token in the TokenRequest answer for ${ns}/${this.o.serviceAccount}`);
    const expires = Date.parse(res.status?.expirationTimestamp ?? '');
    const lifetime = Number.isFinite(expires) ? Math.max(0, expires - Date.now()) : seconds * 1000;
    this.token = { value, refreshAt: issued + lifetime * 0.8 };
    return value;
  }
}

/**
 * The factory of controller clients for a kubeconfig: same server and CA, none of the kubeconfig's
 * credentials, and a token of the controller's ServiceAccount minted by `minter`.
 */
export function serviceAccountClientFactory(kubeconfig: string, minter: Client, o: LoadKubeconfigOptions & { component?: string } = {}): (serviceAccount: string) => Client {
  const conn = loadKubeconfig(kubeconfig, o);
  return (serviceAccount) => {
    const inner = new HttpsTransport({
      server: conn.server,
      ...(conn.ca ? { ca: conn.ca } : {}),
      ...(conn.insecureSkipTLSVerify ? { insecureSkipTLSVerify: true } : {}),
      ...(conn.tlsServerName ? { tlsServerName: conn.tlsServerName } : {}),
    });
    return new Client({ transport: new ServiceAccountTokenTransport({ inner, minter, serviceAccount }), component: `${o.component ?? 'kube-controller-manager'}/${serviceAccount}` });
  };
}
