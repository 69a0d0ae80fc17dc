// Service account tokens: signed JWTs (RS256, the cluster's sa.key) issued through TokenRequest
// (serviceaccounts/<name>/token) and accepted as bearer tokens while the service account exists.

import { createHash, randomUUID } from 'node:crypto';
import { importPKCS8, importSPKI, jwtVerify, SignJWT } from 'jose';

type Key = Awaited<ReturnType<typeof importPKCS8>>;
import type { KubeObject } from '../../api/types.js';
import type { UserInfo } from '../registry/strategy.js';
import type { TokenAuthenticator } from './authn.js';

export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface TokenIssuerOptions {
  privateKey: string;
  publicKey: string;
  issuer?: string;
  /** Looks up a service account (from the watch cache or storage). */
  serviceAccount(namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Looks up a pod a token is bound to. */
  pod?(namespace: string, name: string): Promise<KubeObject | undefined>;
}

interface KubeClaims {
  namespace: string;
  serviceaccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  node?: { name: string; uid: string };
}

export class ServiceAccountTokens implements TokenAuthenticator {
  private priv: Promise<Key>;
  private pub: Promise<Key>;
  private readonly kid: string;
  readonly issuer: string;

  constructor(private readonly o: TokenIssuerOptions) {
    this.priv = importPKCS8(o.privateKey, 'RS256');
    this.pub = importSPKI(o.publicKey, 'RS256');
    this.kid = createHash('sha256').update(o.publicKey).digest('base64url').slice(0, 43);
    this.issuer = o.issuer ?? DEFAULT_ISSUER;
  }

  /** Issues a token for a service account (TokenRequest). */
  async issue(o: { namespace: string; sa: KubeObject; audiences?: string[]; expirationSeconds?: number; boundPod?: KubeObject; now?: Date }): Promise<{ token: string; expiration: Date }> {
    const now = o.now ?? new Date();
    const secs = Math.max(600, o.expirationSeconds ?? 3600);
    const exp = new Date(now.getTime() + secs * 1000);
    const claims: KubeClaims = { namespace: o.namespace, serviceaccount: { name: o.sa.metadata.name!, uid: o.sa.metadata.uid! } };
    if (o.boundPod) claims.pod = { name: o.boundPod.metadata.name!, uid: o.boundPod.metadata.uid! };
    const token = await new SignJWT({ 'kubernetes.io': claims })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setIssuer(this.issuer)
      .setSubject(`system:serviceaccount:${o.namespace}:${o.sa.metadata.name}`)
      .setAudience(o.audiences?.length ? o.audiences : [this.issuer])
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setNotBefore(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(exp.getTime() / 1000))
      .setJti(randomUUID())
      .sign(await this.priv);
    return { token, expiration: exp };
  }

  /** The service account (and pod) a token names; `audiences` (default: the API server's own, the
   *  issuer) are the ones the token must be meant for, at least one of them. */
  async authenticateToken(token: string, audiences?: string[]): Promise<UserInfo | null> {
    if (token.split('.').length !== 3) return null;
    try {
      const { payload } = await jwtVerify(token, await this.pub, { issuer: this.issuer, audience: audiences?.length ? audiences : this.issuer });
      const k = payload['kubernetes.io'] as KubeClaims | undefined;
      if (!k?.serviceaccount) return null;
      const sa = await this.o.serviceAccount(k.namespace, k.serviceaccount.name);
      if (!sa || sa.metadata.uid !== k.serviceaccount.uid || sa.metadata.deletionTimestamp) return null;
      if (k.pod && this.o.pod) {
        const pod = await this.o.pod(k.namespace, k.pod.name);
        if (!pod || pod.metadata.uid !== k.pod.uid) return null;
      }
      const extra: Record<string, string[]> = {};
      if (payload.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${payload.jti}`];
      if (k.pod) {
        extra['authentication.kubernetes.io/pod-name'] = [k.pod.name];
        extra['authentication.kubernetes.io/pod-uid'] = [k.pod.uid];
      }
      return {
        username: `system:serviceaccount:${k.namespace}:${k.serviceaccount.name}`,
        uid: k.serviceaccount.uid,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${k.namespace}`],
        ...(Object.keys(extra).length ? { extra } : {}),
      };
    } catch {
      return null;
    }
  }
}
