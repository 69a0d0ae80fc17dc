// The kubelet's serving certificate. Inside `kts server` the cluster CA signs it; a separate
// `kts agent` (which has only a kubeconfig) makes its own self-signed one, as the upstream kubelet does
// without --tls-cert-file. Kept in <data-dir>/pki/kubelet.{crt,key}; re-issued when the names change.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCA, inspectCertificate, issueCertificate, type CertAndKey } from '../machinery/pki/pki.js';

export interface KubeletCertOptions {
  dataDir: string;
  nodeName: string;
  addresses: string[];
  /** Signs the certificate; without it a private CA of the node's own signs it. */
  ca?: CertAndKey;
}

const isIP = (s: string) => /^\d+\.\d+\.\d+\.\d+$/.test(s) || s.includes(':');

export async function ensureKubeletServingCert(o: KubeletCertOptions): Promise<CertAndKey> {
  const dir = join(o.dataDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const crt = join(dir, 'kubelet.crt');
  const key = join(dir, 'kubelet.key');
  const dns = [...new Set([o.nodeName, 'localhost', ...o.addresses.filter((a) => !isIP(a))])];
  const ips = [...new Set(['127.0.0.1', ...o.addresses.filter(isIP)])];
  if (existsSync(crt) && existsSync(key)) {
    const have = inspectCertificate(readFileSync(crt, 'utf8'));
    const names = new Set([...have.dnsNames, ...have.ipAddresses]);
    if ([...dns, ...ips].every((n) => names.has(n))) return { cert: readFileSync(crt, 'utf8'), key: readFileSync(key, 'utf8') };
  }
  const ca = o.ca ?? (await createCA({ commonName: `${o.nodeName}-ca@${Math.floor(Date.now() / 1000)}` }));
  const pair = await issueCertificate(ca, { commonName: o.nodeName, dnsNames: dns, ipAddresses: ips, usages: ['serverAuth'] });
  writeFileSync(crt, pair.cert, { mode: 0o644 });
  writeFileSync(key, pair.key, { mode: 0o600 });
  return pair;
}
