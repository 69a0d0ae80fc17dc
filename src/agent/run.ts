// The local node: what `kts agent` runs, and what `kts server` runs beside the control plane. It starts
// (or adopts) containerd with a configuration of kts's own, makes sure the built-in images are there,
// serves the kubelet's HTTPS API, and runs the kubelet against the API server. The CNI network is
// written once node-ipam has given the node its pod CIDR. Stopping leaves containerd and the pods
// running, so the next start adopts them (`kts killall` stops them).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '../machinery/client/index.js';
import type { CertAndKey } from '../machinery/pki/pki.js';
import { connectRuntime } from '../kubelet/cri/client.js';
import { findRuntimeDeps, startContainerd, writeCniConfig, type ContainerdHandle } from '../kubelet/containerd/index.js';
import { ensureBuiltinImages, PAUSE_IMAGE } from '../kubelet/images/index.js';
import { Kubelet, runKubelet } from '../kubelet/kubelet.js';
import { subjectAccessReviewAuthorizer } from '../kubelet/server/auth.js';
import { startKubeletServer } from '../kubelet/server/server.js';
import { agentLayout } from './layout.js';
import { ensureKubeletServingCert } from './pki.js';

export interface RunAgentOptions {
  client: Client;
  nodeName: string;
  nodeIP: string;
  dataDir: string;
  /** An existing CRI endpoint; default: kts starts (or adopts) its own containerd. */
  containerRuntimeEndpoint?: string;
  /** Port of the kubelet's HTTPS API (0: any free port). */
  kubeletPort: number;
  bindAddress?: string;
  /** CA whose client certificates the kubelet API accepts (the cluster CA). */
  clientCA: string;
  /** Signs the kubelet's serving certificate; without it the certificate is self-signed. */
  servingCA?: CertAndKey;
  clusterDNS?: string[];
  clusterDomain?: string;
  initialBackoffMs?: number;
  signal: AbortSignal;
  log: (m: string) => void;
}

export class AgentError extends Error {
  override readonly name = 'AgentError';
}

/** Why the local node cannot run here, or undefined when it can. */
export function agentUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'real pods need Linux';
  if (process.getuid?.() !== 0) return 'real pods need root (containerd, network namespaces, cgroups)';
  const deps = findRuntimeDeps();
  if (deps.missing.length) return `missing ${deps.missing.map((d) => d.what).join(', ')}; install with: ${deps.installCommand} (or run: kts install-deps)`;
  return undefined;
}

export async function runAgent(o: RunAgentOptions): Promise<void> {
  const step = (m: string) => o.log(`[agent] ${m}`);
  const layout = agentLayout(o.dataDir);
  for (const d of [layout.manifestsDir, layout.podsDir, layout.podLogsDir]) mkdirSync(d, { recursive: true });
  let containerd: ContainerdHandle | undefined;
  let endpoint = o.containerRuntimeEndpoint;
  if (!endpoint) {
    const why = agentUnavailable();
    if (why) throw new AgentError(why);
    step('starting containerd');
    containerd = await startContainerd({ dataDir: o.dataDir, signal: o.signal, bridgeName: layout.bridgeName, sandboxImage: PAUSE_IMAGE, log: step });
    endpoint = containerd.endpoint;
    step(`containerd ${containerd.version.runtimeVersion} ${containerd.adopted ? 'adopted (still running from before)' : 'started'} at ${endpoint}`);
  }
  const runtime = connectRuntime({ endpoint });
  try {
    const v = await runtime.version();
    step(`CRI runtime ${v.runtimeName} ${v.runtimeVersion} (${v.runtimeApiVersion})`);
    const started = Date.now();
    const imported = await ensureBuiltinImages(runtime, containerd?.address ?? endpoint.replace(/^unix:\/\//, ''), step, {
      cacheDir: join(o.dataDir, 'images'),
      ...(containerd ? { snapshotter: containerd.snapshotter } : {}),
    });
    if (imported.length) step(`built-in images ready in ${Date.now() - started} ms`);
    const cert = await ensureKubeletServingCert({ dataDir: o.dataDir, nodeName: o.nodeName, addresses: [o.nodeIP], ...(o.servingCA ? { ca: o.servingCA } : {}) });
    const kubelet = new Kubelet({
      client: o.client,
      runtime,
      nodeName: o.nodeName,
      nodeIP: o.nodeIP,
      dataDir: join(o.dataDir, 'agent'),
      podLogsDir: layout.podLogsDir,
      manifestsDir: layout.manifestsDir,
      kubeletPort: o.kubeletPort,
      ...(o.clusterDNS ? { clusterDNS: o.clusterDNS } : {}),
      ...(o.clusterDomain ? { clusterDomain: o.clusterDomain } : {}),
      ...(o.initialBackoffMs !== undefined ? { initialBackoffMs: o.initialBackoffMs } : {}),
      log: step,
    });
    const server = await startKubeletServer({
      host: kubelet.host(),
      nodeName: o.nodeName,
      port: o.kubeletPort,
      bindAddress: o.bindAddress ?? '0.0.0.0',
      tls: { cert: cert.cert, key: cert.key, clientCA: o.clientCA },
      authorize: subjectAccessReviewAuthorizer({ client: o.client }),
      signal: o.signal,
      log: step,
    });
    step(`kubelet API on port ${server.port}; node ${o.nodeName} (${o.nodeIP})`);
    let cniWritten = '';
    const onPodCIDR = (cidr: string) => {
      if (cidr === cniWritten || !containerd) return;
      cniWritten = cidr;
      writeCniConfig({ confDir: containerd.cniConfDir, bridgeName: layout.bridgeName, podCIDR: cidr, ipamDataDir: containerd.ipamDataDir })
        .then(() => step(`pod network: bridge ${layout.bridgeName}, pod CIDR ${cidr}`))
        .catch((e: Error) => step(`writing the CNI config failed: ${e.message}`));
    };
    try {
      await runKubelet({ ...kubelet.o, kubeletPort: server.port, kubelet, onPodCIDR, signal: o.signal });
    } finally {
      await server.close();
    }
  } finally {
    runtime.close();
  }
}
