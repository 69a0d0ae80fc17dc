// First-start security material for `kts server`: a cluster CA, the apiserver's serving certificate,
// an admin client certificate (O=system:masters), a service-account signing key, and
// DIR/admin.kubeconfig. Later starts reuse what is there.

import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { createCA, inspectCertificate, issueCertificate, type CertAndKey } from '../../machinery/pki/pki.js';

export interface ClusterPki {
  dir: string;
  ca: CertAndKey;
  serving: CertAndKey;
  admin: CertAndKey;
  /** The apiserver's client certificate toward kubelets (CN kube-apiserver-kubelet-client, O system:masters). */
  kubeletClient: CertAndKey;
  /** Service account token signing key pair (PEM). */
  saKey: { privateKey: string; publicKey: string };
}

export interface PkiOptions {
  dataDir: string;
  /** The first IP of the service range (the kubernetes Service's ClusterIP). */
  serviceIP: string;
  extraSANs?: string[];
  log?: (m: string) => void;
}

function readPair(dir: string, name: string): CertAndKey | null {
  const c = join(dir, `${name}.crt`);
  const k = join(dir, `${name}.key`);
  if (!existsSync(c) || !existsSync(k)) return null;
  return { cert: readFileSync(c, 'utf8'), key: readFileSync(k, 'utf8') };
}

function writePair(dir: string, name: string, p: CertAndKey): void {
  writeFileSync(join(dir, `${name}.crt`), p.cert, { mode: 0o644 });
  writeFileSync(join(dir, `${name}.key`), p.key, { mode: 0o600 });
}

const isIP = (s: string) => /^\d+\.\d+\.\d+\.\d+$/.test(s) || s.includes(':');

export async function ensurePki(o: PkiOptions): Promise<ClusterPki> {
  const dir = join(o.dataDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let ca = readPair(dir, 'ca');
  if (!ca) {
    o.log?.('generating the cluster CA');
    ca = await createCA({ commonName: 'kubernetes' });
    writePair(dir, 'ca', ca);
  }
  const host = hostname();
  const dns = ['localhost', host, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
  const ips = ['127.0.0.1', o.serviceIP];
  for (const s of o.extraSANs ?? []) (isIP(s) ? ips : dns).push(s);
  let serving = readPair(dir, 'apiserver');
  if (serving) {
    // Re-issue when the wanted SANs changed (e.g. a new --apiserver-cert-extra-sans).
    const info = inspectCertificate(serving.cert);
    const have = new Set([...info.dnsNames, ...info.ipAddresses]);
    if ([...dns, ...ips].some((s) => !have.has(s))) serving = null;
  }
  if (!serving) {
    o.log?.('generating the apiserver serving certificate');
    serving = await issueCertificate(ca, { commonName: 'kube-apiserver', dnsNames: [...new Set(dns)], ipAddresses: [...new Set(ips)], usages: ['serverAuth'] });
    writePair(dir, 'apiserver', serving);
  }
  let admin = readPair(dir, 'admin');
  if (!admin) {
    admin = await issueCertificate(ca, { commonName: 'kubernetes-admin', organizations: ['system:masters'], usages: ['clientAuth'] });
    writePair(dir, 'admin', admin);
  }
  let kubeletClient = readPair(dir, 'apiserver-kubelet-client');
  if (!kubeletClient) {
    kubeletClient = await issueCertificate(ca, { commonName: 'kube-apiserver-kubelet-client', organizations: ['system:masters'], usages: ['clientAuth'] });
    writePair(dir, 'apiserver-kubelet-client', kubeletClient);
  }
  const saPriv = join(dir, 'sa.key');
  const saPub = join(dir, 'sa.pub');
  if (!existsSync(saPriv) || !existsSync(saPub)) {
    const kp = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    writeFileSync(saPriv, kp.privateKey, { mode: 0o600 });
    writeFileSync(saPub, kp.publicKey, { mode: 0o644 });
  }
  return { dir, ca, serving, admin, kubeletClient, saKey: { privateKey: readFileSync(saPriv, 'utf8'), publicKey: readFileSync(saPub, 'utf8') } };
}

/** A kubeconfig with embedded client certificate credentials. */
export function kubeconfig(o: { server: string; caPem: string; user: string; cert: CertAndKey; cluster?: string; context?: string }): string {
  const cluster = o.cluster ?? 'kts';
  const context = o.context ?? `${o.user}@${cluster}`;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: o.server, 'certificate-authority-data': b64(o.caPem) } }],
    users: [{ name: o.user, user: { 'client-certificate-data': b64(o.cert.cert), 'client-key-data': b64(o.cert.key) } }],
    contexts: [{ name: context, context: { cluster, user: o.user } }],
    'current-context': context,
    preferences: {},
  });
}
