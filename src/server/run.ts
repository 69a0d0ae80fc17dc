// Assembles and runs the control plane of `kts server`.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIServer } from '../apiserver/server.js';
import { openapiPaths } from '../apiserver/openapi/index.js';
import { runComponents } from './components.js';
import { startLocalAgent } from './agent.js';
import { startSimNodes } from './sim.js';
import { decodeKubeProtobuf } from '../machinery/protobuf/index.js';
import { bootstrapCluster } from '../apiserver/bootstrap.js';
import { ensurePki, kubeconfig } from '../apiserver/pki/bootstrap.js';
import { firstServiceIP } from '../apiserver/registry/strategies/ipalloc.js';
import { Compactor } from '../machinery/storage/compactor.js';
import { openStorage, type StorageSpec } from '../machinery/storage/factory.js';

export interface LocalAgentOptions {
  nodeName?: string;
  nodeIP?: string;
  kubeletPort?: number;
  containerRuntimeEndpoint?: string;
  /** First crash back-off (upstream 10 s). */
  initialBackoffMs?: number;
}

export type ServerStorage = { backend: 'sqlite' } | { backend: 'etcd'; endpoints: string[]; caFile?: string; certFile?: string; keyFile?: string };

export interface RunServerOptions {
  dataDir: string;
  port: number;
  bindAddress: string;
  advertiseAddress: string;
  storage: ServerStorage;
  serviceCIDR: string;
  nodePortRange: string;
  extraSANs: string[];
  signal: AbortSignal;
  log: (m: string) => void;
  onReady?: (info: { url: string; kubeconfig: string; storage: string; port: number }) => void;
  maxRequestsInFlight?: number;
  maxMutatingRequestsInFlight?: number;
  requestTimeoutMs?: number;
  /** kube-controller-manager flags by upstream name (node-monitor-grace-period, cluster-cidr …). */
  controllerOptions?: Record<string, string>;
  controllers?: string[];
  disableScheduler?: boolean;
  disableControllerManager?: boolean;
  leaderElect?: boolean;
  defaultNotReadyTolerationSeconds?: number;
  /** Default admission plugins not to run (kube-apiserver --disable-admission-plugins). */
  disableAdmissionPlugins?: string[];
  defaultUnreachableTolerationSeconds?: number;
  /** The local node (kubelet + containerd) inside the server; false: none. Default: on when containers can run here. */
  agent?: false | LocalAgentOptions;
  /** Simulated nodes to run (kts sim) inside the server. */
  simNodes?: number;
  /** History kept before compaction (default 5 minutes). */
  compactionIntervalMs?: number;
}

export async function runServer(o: RunServerOptions): Promise<void> {
  const step = (m: string) => o.log(`[kts] ${m}`);
  step(`data directory ${o.dataDir}`);
  const serviceIP = firstServiceIP(o.serviceCIDR);
  const pki = await ensurePki({ dataDir: o.dataDir, serviceIP, extraSANs: [...o.extraSANs, o.advertiseAddress], log: step });
  const spec: StorageSpec =
    o.storage.backend === 'sqlite'
      ? { backend: 'sqlite', path: join(o.dataDir, 'db', 'state.db') }
      : {
          backend: 'etcd',
          endpoints: o.storage.endpoints,
          ...(o.storage.caFile
            ? { tls: { ca: readFileSync(o.storage.caFile, 'utf8'), ...(o.storage.certFile ? { cert: readFileSync(o.storage.certFile, 'utf8') } : {}), ...(o.storage.keyFile ? { key: readFileSync(o.storage.keyFile, 'utf8') } : {}) } }
            : {}),
        };
  step(`opening storage (${o.storage.backend})`);
  const storage = await openStorage(spec);
  const compactor = new Compactor(storage, { intervalMs: o.compactionIntervalMs ?? 5 * 60_000, log: step });
  const api = new APIServer({
    storage,
    tls: { cert: pki.serving.cert, key: pki.serving.key, ca: pki.ca.cert },
    port: o.port,
    bindAddress: o.bindAddress,
    advertiseAddress: o.advertiseAddress,
    serviceClusterIPRange: o.serviceCIDR,
    serviceNodePortRange: o.nodePortRange,
    serviceAccountKeys: pki.saKey,
    kubeletClient: { cert: pki.kubeletClient.cert, key: pki.kubeletClient.key },
    ...(o.maxRequestsInFlight ? { maxRequestsInFlight: o.maxRequestsInFlight } : {}),
    ...(o.maxMutatingRequestsInFlight ? { maxMutatingRequestsInFlight: o.maxMutatingRequestsInFlight } : {}),
    ...(o.requestTimeoutMs ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
    extraPaths: [openapiPaths()],
    tolerations: {
      ...(o.defaultNotReadyTolerationSeconds !== undefined ? { notReadySeconds: o.defaultNotReadyTolerationSeconds } : {}),
      ...(o.defaultUnreachableTolerationSeconds !== undefined ? { unreachableSeconds: o.defaultUnreachableTolerationSeconds } : {}),
    },
    protobuf: decodeKubeProtobuf,
    ...(o.disableAdmissionPlugins?.length ? { disableAdmissionPlugins: o.disableAdmissionPlugins } : {}),
    log: step,
  });
  step('filling the watch caches');
  await api.ready();
  await bootstrapCluster({ storeFor: (g, p) => api.storeFor(g, p), serviceIP, advertiseAddress: o.advertiseAddress, port: o.port, log: step });
  const { url, port } = await api.listen();
  const kc = join(o.dataDir, 'admin.kubeconfig');
  writeFileSync(kc, kubeconfig({ server: url, caPem: pki.ca.cert, user: 'admin', cert: pki.admin, cluster: 'kts', context: 'kts' }), { mode: 0o600 });
  const components = runComponents({
    api,
    signal: o.signal,
    log: step,
    controllerOptions: { 'root-ca-file': join(pki.dir, 'ca.crt'), 'service-cluster-ip-range': o.serviceCIDR, ...(o.controllerOptions ?? {}) },
    ...(o.controllers ? { controllers: o.controllers } : {}),
    ...(o.disableScheduler ? { disableScheduler: true } : {}),
    ...(o.disableControllerManager ? { disableControllers: true } : {}),
    ...(o.leaderElect !== undefined ? { leaderElect: o.leaderElect } : {}),
  }).catch((err: Error) => step(`components stopped: ${err.stack ?? err.message}`));
  const sim = o.simNodes ? startSimNodes(api, o.simNodes, o.signal, step) : Promise.resolve();
  const agent = o.agent === false ? Promise.resolve() : startLocalAgent({ api, pki, dataDir: o.dataDir, advertiseAddress: o.advertiseAddress, options: o.agent ?? {}, signal: o.signal, log: step });
  o.onReady?.({ url, kubeconfig: kc, storage: o.storage.backend, port });
  await new Promise<void>((r) => (o.signal.aborted ? r() : o.signal.addEventListener('abort', () => r(), { once: true })));
  step('shutting down');
  await Promise.all([components, sim, agent]);
  compactor.stop();
  await api.close();
  await storage.close();
}
