// A small PKI: a self-signed certificate authority, and certificates it signs for servers (the
// apiserver, etcd) and clients (kubelets, controllers, admins, the apiserver talking to etcd).
// Everything goes in and out as PEM text: certificates as "CERTIFICATE", private keys as PKCS#8
// "PRIVATE KEY", which Node's tls, gRPC and Go's crypto/tls (etcd) all read.

// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata
// polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const subtle = webcrypto.subtle;
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

export type KeyAlgorithm = 'ecdsa-p256' | 'rsa-2048';
export type ExtendedUsage = 'serverAuth' | 'clientAuth';

/** A certificate and its private key, both PEM. */
export interface CertAndKey {
  cert: string;
  key: string;
}

export interface CAOptions {
  /** Default "kts-ca". */
  commonName?: string;
  organizations?: string[];
  /** Default 3650 (ten years). */
  validityDays?: number;
  /** Default ecdsa-p256. */
  keyAlgorithm?: KeyAlgorithm;
}

export interface CertificateOptions {
  /** The subject CN: for a client certificate, the Kubernetes user name. */
  commonName: string;
  /** The subject O values: for a client certificate, the Kubernetes groups. */
  organizations?: string[];
  /** DNS subject alternative names. */
  dnsNames?: string[];
  /** IP subject alternative names (IPv4 or IPv6). */
  ipAddresses?: string[];
  /** Extended key usages; default ['serverAuth'] when there are SANs, else ['clientAuth']. */
  usages?: ExtendedUsage[];
  /** Default 365. */
  validityDays?: number;
  /** Default ecdsa-p256. */
  keyAlgorithm?: KeyAlgorithm;
}

/** What a certificate says, for tests, logs and the apiserver's authenticator. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  commonName: string;
  organizations: string[];
  dnsNames: string[];
  ipAddresses: string[];
  usages: ExtendedUsage[];
  isCA: boolean;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificates start a little in the past, so a peer whose clock is slightly behind accepts them. */
const BACKDATE_MS = 5 * 60 * 1000;

function keyParams(alg: KeyAlgorithm): { gen: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams; sign: webcrypto.Algorithm | webcrypto.EcdsaParams } {
  if (alg === 'rsa-2048') {
    return {
      gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      sign: { name: 'RSASSA-PKCS1-v1_5' },
    };
  }
  if (alg === 'ecdsa-p256') {
    return { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams };
  }
  throw new Error(`unsupported key algorithm ${String(alg)}`);
}

async function generateKeys(alg: KeyAlgorithm): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(keyParams(alg).gen, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** Imports a PEM private key (PKCS#8, or the PKCS#1/SEC1 forms other tools write) for signing. */
async function importSigningKey(pem: string): Promise<{ key: CryptoKey; alg: KeyAlgorithm }> {
  const k = createPrivateKey(pem);
  const der = k.export({ format: 'der', type: 'pkcs8' });
  let alg: KeyAlgorithm;
  if (k.asymmetricKeyType === 'rsa') alg = 'rsa-2048';
  else if (k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'prime256v1') alg = 'ecdsa-p256';
  else throw new Error(`unsupported CA key type ${k.asymmetricKeyType} ${k.asymmetricKeyDetails?.namedCurve ?? ''}`);
  const importAlg = alg === 'rsa-2048' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256' };
  const key = await subtle.importKey('pkcs8', der, importAlg, false, ['sign']);
  return { key, alg };
}

/** A positive 128-bit serial number, as hex. */
function serialNumber(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
}

/** One relative distinguished name per attribute value: CN first, then each O. */
function subjectName(commonName: string, organizations: string[] = []): x509.JsonName {
  const name: x509.JsonName = [];
  for (const o of organizations) name.push({ O: [o] });
  name.push({ CN: [commonName] });
  return name;
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  if (!(days > 0)) throw new Error(`validity must be a positive number of days, got ${days}`);
  const now = Date.now();
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + days * DAY_MS) };
}

/** Creates a self-signed certificate authority. */
export async function createCA(opts: CAOptions = {}): Promise<CertAndKey> {
  const alg = opts.keyAlgorithm ?? 'ecdsa-p256';
  const keys = await generateKeys(alg);
  const name = subjectName(opts.commonName ?? 'kts-ca', opts.organizations);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name,
    keys,
    signingAlgorithm: keyParams(alg).sign,
    ...validity(opts.validityDays ?? 3650),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** Issues a certificate signed by `ca`, with a new key pair. */
export async function issueCertificate(ca: CertAndKey, opts: CertificateOptions): Promise<CertAndKey> {
  if (!opts.commonName) throw new Error('a certificate needs a commonName');
  const caCert = new x509.X509Certificate(ca.cert);
  const { key: caKey, alg: caAlg } = await importSigningKey(ca.key);
  const alg = opts.keyAlgorithm ?? 'ecdsa-p256';
  const keys = await generateKeys(alg);

  const sans: x509.JsonGeneralName[] = [];
  for (const d of opts.dnsNames ?? []) sans.push({ type: 'dns', value: d });
  for (const ip of opts.ipAddresses ?? []) {
    if (isIP(ip) === 0) throw new Error(`not an IP address: ${ip}`);
    sans.push({ type: 'ip', value: ip });
  }
  const usages = opts.usages ?? (sans.length > 0 ? ['serverAuth'] : ['clientAuth']);
  const eku = usages.map((u) => {
    if (u === 'serverAuth') return x509.ExtendedKeyUsage.serverAuth;
    if (u === 'clientAuth') return x509.ExtendedKeyUsage.clientAuth;
    throw new Error(`unsupported usage ${String(u)}`);
  });
  let keyUsage = x509.KeyUsageFlags.digitalSignature;
  if (alg === 'rsa-2048') keyUsage |= x509.KeyUsageFlags.keyEncipherment;

  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(keyUsage, true),
    new x509.ExtendedKeyUsageExtension(eku, false),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
  ];
  if (sans.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(sans, false));

  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: subjectName(opts.commonName, opts.organizations),
    issuer: caCert.subjectName,
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: keyParams(caAlg).sign,
    ...validity(opts.validityDays ?? 365),
    extensions,
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** Reads the fields of a PEM certificate (the first one, if the text holds a chain). */
export function inspectCertificate(pem: string): CertificateInfo {
  const cert = new x509.X509Certificate(pem);
  const attr = (type: string) => cert.subjectName.getField(type);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const n of san?.names.items ?? []) {
    if (n.type === 'dns') dnsNames.push(n.value);
    else if (n.type === 'ip') ipAddresses.push(n.value);
  }
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const usages: ExtendedUsage[] = [];
  for (const u of eku?.usages ?? []) {
    if (u === x509.ExtendedKeyUsage.serverAuth) usages.push('serverAuth');
    else if (u === x509.ExtendedKeyUsage.clientAuth) usages.push('clientAuth');
  }
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    commonName: attr('CN')[0] ?? '',
    organizations: attr('O'),
    dnsNames,
    ipAddresses,
    usages,
    isCA: cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/**
 * True when `certPem` was issued by `caPem` (issuer name and signature) and is valid now (or at `date`).
 * A structural check for tests and diagnostics; TLS peers do the full path validation themselves.
 */
export async function verifyCertificate(certPem: string, caPem: string, date: Date = new Date()): Promise<boolean> {
  const cert = new x509.X509Certificate(certPem);
  const ca = new x509.X509Certificate(caPem);
  if (cert.issuer !== ca.subject) return false;
  return cert.verify({ publicKey: ca.publicKey, date });
}
