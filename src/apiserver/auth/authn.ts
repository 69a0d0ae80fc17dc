// Authentication: who is making the request. X.509 client certificates signed by the cluster CA
// (CN = user, O = groups) and bearer tokens (service account tokens, checked by a TokenAuthenticator).

import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../registry/strategy.js';

export interface TokenAuthenticator {
  authenticateToken(token: string): Promise<UserInfo | null>;
}

import { IN_PROCESS_USER } from '../../machinery/auth/inprocess.js';
export { IN_PROCESS_USER };

export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

export class Authenticator {
  constructor(private readonly tokens: TokenAuthenticator[] = []) {}

  /** The user, or null when credentials were presented but are not valid (→ 401), or ANONYMOUS. */
  async authenticate(req: IncomingMessage): Promise<UserInfo | null> {
    const inproc = (req as unknown as Record<symbol, UserInfo | undefined>)[IN_PROCESS_USER];
    if (inproc) return inproc;
    const sock = req.socket as TLSSocket;
    if (sock.encrypted && sock.authorized) {
      const cert = sock.getPeerCertificate();
      if (cert && cert.subject) {
        const cn = cert.subject.CN;
        const o = cert.subject.O;
        const groups = (Array.isArray(o) ? o : o ? [o] : []).filter((g) => g !== '');
        if (cn) return { username: Array.isArray(cn) ? cn[0]! : cn, groups: [...groups, 'system:authenticated'] };
      }
    }
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      if (!m) return null;
      for (const t of this.tokens) {
        const u = await t.authenticateToken(m[1]!);
        if (u) return { ...u, groups: [...u.groups.filter((g) => g !== 'system:authenticated'), 'system:authenticated'] };
      }
      return null;
    }
    return ANONYMOUS;
  }
}
