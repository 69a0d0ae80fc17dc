// Authentication: who is making the request. X.509 client certificates signed by the cluster CA
// (CN = user, O = groups) and bearer tokens (service account tokens, checked by a TokenAuthenticator).

import type { IncomingMessage } from 'node:http';
import { userFromCertificate } from '../../machinery/auth/certuser.js';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../registry/strategy.js';

export interface TokenAuthenticator {
  authenticateToken(token: string, audiences?: string[]): Promise<UserInfo | null>;
}

import { IN_PROCESS_USER } from '../../machinery/auth/inprocess.js';
export { IN_PROCESS_USER };

export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

/** The user a verified client certificate names, worked out once per connection (parsing the peer
 *  certificate on every request of a keep-alive connection is measurable under load). */
const certUsers = new WeakMap<TLSSocket, UserInfo | null>();

function certUser(sock: TLSSocket): UserInfo | null {
  const known = certUsers.get(sock);
  if (known !== undefined) return known;
  const user: UserInfo | null = userFromCertificate(sock.getPeerCertificate());
  certUsers.set(sock, user);
  return user;
}

export class Authenticator {
  constructor(private readonly tokens: TokenAuthenticator[] = []) {}

  /** A bearer token's user for a TokenReview (audiences: those the token must be meant for). */
  async reviewToken(token: string, audiences?: string[]): Promise<UserInfo | null> {
    for (const t of this.tokens) {
      const u = await t.authenticateToken(token, audiences);
      if (u) return { ...u, groups: [...u.groups.filter((g) => g !== 'system:authenticated'), 'system:authenticated'] };
    }
    return null;
  }

  /** The user, or null when credentials were presented but are not valid (→ 401), or ANONYMOUS. */
  async authenticate(req: IncomingMessage): Promise<UserInfo | null> {
    const inproc = (req as unknown as Record<symbol, UserInfo | undefined>)[IN_PROCESS_USER];
    if (inproc) return inproc;
    const sock = req.socket as TLSSocket;
    if (sock.encrypted && sock.authorized) {
      const user = certUser(sock);
      if (user) return user;
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
