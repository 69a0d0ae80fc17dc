// The Kubernetes user a verified X.509 client certificate names: CN is the user name, each O a group
// (plus system:authenticated) — how the apiserver and the kubelet both read client certificates.

import type { PeerCertificate } from 'node:tls';

export interface CertificateUser {
  username: string;
  groups: string[];
}

export function userFromCertificate(cert: PeerCertificate | undefined): CertificateUser | null {
  const cn = cert?.subject?.CN;
  if (!cert || !cn) return null;
  const o = cert.subject.O;
  const groups = (Array.isArray(o) ? o : o ? [o] : []).filter((g) => g !== '');
  return { username: Array.isArray(cn) ? cn[0]! : cn, groups: [...groups, 'system:authenticated'] };
}
