// kubeconfig files (clientcmd's format): clusters, users and contexts, resolved for one context into
// what a transport needs. Paths in the file are relative to the file's directory; *-data fields are
// base64.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** Everything a transport needs to reach and authenticate to one API server. */
export interface ClusterConnection {
  server: string;
  /** PEM of the CAs that sign the server's certificate (undefined: the system roots). */
  ca?: string;
  insecureSkipTLSVerify?: boolean;
  tlsServerName?: string;
  /** Client certificate and key (PEM). */
  cert?: string;
  key?: string;
  token?: string;
  /** Re-read periodically, so rotated tokens are picked up. */
  tokenFile?: string;
  username?: string;
  password?: string;
  /** The context's namespace ("default" when unset). */
  namespace: string;
  /** The context that was resolved. */
  context: string;
}

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

type Rec = Record<string, unknown>;

function rec(v: unknown): Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function findNamed(list: unknown, name: string, field: string, what: string): Rec {
  const items: unknown[] = Array.isArray(list) ? list : [];
  const hit = items.find((i) => rec(i).name === name);
  if (!hit) throw new KubeconfigError(`${what} "${name}" not found in kubeconfig`);
  return rec(rec(hit)[field]);
}

export interface LoadKubeconfigOptions {
  /** Use this context instead of current-context. */
  context?: string;
  /** Directory relative paths are resolved against (the file's directory when loading a file). */
  baseDir?: string;
}

/** Parses kubeconfig text and resolves one context. */
export function parseKubeconfig(text: string, opts: LoadKubeconfigOptions = {}): ClusterConnection {
  let doc: Rec;
  try {
    doc = rec(parseYaml(text));
  } catch (err) {
    throw new KubeconfigError(`invalid kubeconfig: ${(err as Error).message}`);
  }
  const base = opts.baseDir ?? process.cwd();
  const file = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const readPem = (data: unknown, path: unknown): string | undefined => {
    const d = str(data);
    if (d) return Buffer.from(d, 'base64').toString('utf8');
    const p = str(path);
    return p ? readFileSync(file(p), 'utf8') : undefined;
  };
  const contextName = opts.context ?? str(doc['current-context']);
  if (!contextName) throw new KubeconfigError('kubeconfig has no current-context (and no context was given)');
  const ctx = findNamed(doc.contexts, contextName, 'context', 'context');
  const clusterName = str(ctx.cluster);
  if (!clusterName) throw new KubeconfigError(`context "${contextName}" names no cluster`);
  const cluster = findNamed(doc.clusters, clusterName, 'cluster', 'cluster');
  const userName = str(ctx.user);
  const user = userName ? findNamed(doc.users, userName, 'user', 'user') : {};
  const server = str(cluster.server);
  if (!server) throw new KubeconfigError(`cluster "${clusterName}" has no server`);
  const c: ClusterConnection = { server: server.replace(/\/+$/, ''), namespace: str(ctx.namespace) ?? 'default', context: contextName };
  const ca = readPem(cluster['certificate-authority-data'], cluster['certificate-authority']);
  if (ca) c.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) c.insecureSkipTLSVerify = true;
  const sni = str(cluster['tls-server-name']);
  if (sni) c.tlsServerName = sni;
  const cert = readPem(user['client-certificate-data'], user['client-certificate']);
  const key = readPem(user['client-key-data'], user['client-key']);
  if (cert) c.cert = cert;
  if (key) c.key = key;
  const token = str(user.token);
  if (token) c.token = token;
  const tokenFile = str(user.tokenFile);
  if (tokenFile) c.tokenFile = file(tokenFile);
  const username = str(user.username);
  const password = str(user.password);
  if (username) c.username = username;
  if (password) c.password = password;
  if ((cert && !key) || (key && !cert)) throw new KubeconfigError(`user "${userName}" has a client certificate without a key (or a key without a certificate)`);
  return c;
}

/** Loads a kubeconfig from a file path, or parses it when given the text itself. */
export function loadKubeconfig(pathOrText: string, opts: LoadKubeconfigOptions = {}): ClusterConnection {
  const looksLikeText = pathOrText.includes('\n') || /^\s*(\{|apiVersion:|kind:|clusters:)/.test(pathOrText);
  if (looksLikeText) return parseKubeconfig(pathOrText, opts);
  let text: string;
  try {
    text = readFileSync(pathOrText, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read kubeconfig ${pathOrText}: ${(err as Error).message}`);
  }
  return parseKubeconfig(text, { ...opts, baseDir: opts.baseDir ?? dirname(resolve(pathOrText)) });
}
