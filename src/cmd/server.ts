// `kts server`: the control plane in one process (today: kube-apiserver on SQLite or etcd).

import { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { runServer } from '../server/run.js';
import { parseDurationMs } from '../machinery/protobuf/gotime.js';

export function defaultDataDir(): string {
  if (process.env.KTS_DATA_DIR) return process.env.KTS_DATA_DIR;
  return process.getuid?.() === 0 ? '/var/lib/kts' : join(homedir(), '.kts');
}

export function hostIP(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

/** Go-style durations as upstream flags take them: 1m0s, 60s, 500ms, 1h. */
const CONTROLLER_FLAGS = ['node-monitor-grace-period', 'node-monitor-period', 'node-startup-grace-period', 'cluster-cidr', 'node-cidr-mask-size', 'terminated-pod-gc-threshold', 'pvclaimbinder-sync-period'];

/** The kube-controller-manager flags among the options, by upstream name. */
export function controllerFlags(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CONTROLLER_FLAGS) {
    const key = f.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (o[key] !== undefined) out[f] = String(o[key]);
  }
  return out;
}

export function serverCommand(): Command {
  return new Command('server')
    .description('run the control plane (kube-apiserver) with embedded SQLite or an etcd cluster')
    .option('--data-dir <dir>', 'where kts keeps its state, certificates and kubeconfig', defaultDataDir())
    .option('--port <port>', 'HTTPS port of the API server (--secure-port)', '6443')
    .option('--secure-port <port>', 'alias of --port')
    .option('--bind-address <ip>', 'address to listen on', '127.0.0.1')
    .option('--advertise-address <ip>', 'address published in the kubernetes Endpoints')
    .addOption(new Option('--storage <backend>', 'storage backend').choices(['sqlite', 'etcd']).default('sqlite'))
    .option('--storage-backend <name>', 'upstream spelling: etcd3 selects etcd')
    .option('--etcd-servers <urls>', 'comma-separated etcd endpoints (implies --storage etcd)')
    .option('--etcd-cafile <file>', 'CA of the etcd servers')
    .option('--etcd-certfile <file>', 'client certificate for etcd')
    .option('--etcd-keyfile <file>', 'client key for etcd')
    .option('--service-cluster-ip-range <cidr>', 'ClusterIP range of Services', '10.96.0.0/12')
    .option('--service-node-port-range <range>', 'NodePort range of Services', '30000-32767')
    .option('--apiserver-cert-extra-sans <sans>', 'extra SANs (names or IPs) for the serving certificate', '')
    .option('--max-requests-inflight <n>', 'maximum read-only requests in flight (beyond: 429)', '400')
    .option('--max-mutating-requests-inflight <n>', 'maximum mutating requests in flight (beyond: 429)', '200')
    .option('--request-timeout <duration>', 'timeout of non-long-running requests, e.g. 1m0s or 60s', '60s')
    .option('--sim-nodes <n>', 'run N simulated nodes (sim-0 … sim-N-1) in the server', '0')
    .option('--disable-agent', 'do not run the local node (kubelet with its containerd) in this process')
    .option('--node-name <name>', 'name of the local node (default: the host name)')
    .option('--node-ip <ip>', 'address of the local node (default: the advertise address)')
    .option('--kubelet-port <port>', "port of the local kubelet's HTTPS API", '10250')
    .option('--container-runtime-endpoint <url>', 'CRI endpoint of an existing containerd (default: kts starts its own)')
    .option('--disable-scheduler', 'do not run kube-scheduler in this process')
    .option('--disable-controller-manager', 'do not run kube-controller-manager in this process')
    .option('--no-leader-elect', 'run the scheduler and controllers without leader election')
    .option('--controllers <list>', 'controllers to run (* for all, -name to disable one)', '*')
    .option('--node-monitor-grace-period <value>', 'kube-controller-manager --node-monitor-grace-period', '50s')
    .option('--node-monitor-period <value>', 'kube-controller-manager --node-monitor-period', '5s')
    .option('--node-startup-grace-period <value>', 'kube-controller-manager --node-startup-grace-period', '1m0s')
    .option('--cluster-cidr <value>', 'kube-controller-manager --cluster-cidr', '10.244.0.0/16')
    .option('--node-cidr-mask-size <value>', 'kube-controller-manager --node-cidr-mask-size', '24')
    .option('--terminated-pod-gc-threshold <value>', 'kube-controller-manager --terminated-pod-gc-threshold', '12500')
    .option('--pvclaimbinder-sync-period <value>', 'kube-controller-manager --pvclaimbinder-sync-period', '15s')
    .option('--default-not-ready-toleration-seconds <s>', 'tolerationSeconds of the not-ready toleration added to pods', '300')
    .option('--default-unreachable-toleration-seconds <s>', 'tolerationSeconds of the unreachable toleration added to pods', '300')
    .option('--disable-admission-plugins <list>', 'admission plugins not to run, comma-separated (e.g. ServiceAccount)', '')
    .action(async (o: Record<string, string | undefined>) => {
      const dataDir = resolve(o.dataDir!);
      mkdirSync(dataDir, { recursive: true });
      const etcd = o.etcdServers ? o.etcdServers.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const backend = etcd || o.storageBackend === 'etcd3' ? 'etcd' : (o.storage as 'sqlite' | 'etcd');
      const ac = new AbortController();
      // The first SIGINT/SIGTERM shuts down gracefully; a second one, or a shutdown that takes more
      // than 60 s, exits at once.
      const stop = () => {
        if (ac.signal.aborted) process.exit(130);
        ac.abort();
        setTimeout(() => {
          process.stderr.write('kts: shutdown did not finish within 60 s; exiting\n');
          process.exit(1);
        }, 60_000).unref();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const bind = o.bindAddress!;
      await runServer({
        dataDir,
        port: Number(o.securePort ?? o.port),
        bindAddress: bind,
        advertiseAddress: o.advertiseAddress ?? hostIP() ?? bind,
        storage: backend === 'etcd' ? { backend: 'etcd', endpoints: etcd ?? ['http://127.0.0.1:2379'], ...(o.etcdCafile ? { caFile: o.etcdCafile } : {}), ...(o.etcdCertfile ? { certFile: o.etcdCertfile } : {}), ...(o.etcdKeyfile ? { keyFile: o.etcdKeyfile } : {}) } : { backend: 'sqlite' },
        serviceCIDR: o.serviceClusterIpRange!,
        nodePortRange: o.serviceNodePortRange!,
        extraSANs: o.apiserverCertExtraSans ? o.apiserverCertExtraSans.split(',').filter(Boolean) : [],
        maxRequestsInFlight: Number(o.maxRequestsInflight),
        maxMutatingRequestsInFlight: Number(o.maxMutatingRequestsInflight),
        requestTimeoutMs: parseDurationMs(o.requestTimeout!),
        simNodes: Number(o.simNodes ?? 0),
        agent: o.disableAgent
          ? false
          : {
              ...(o.nodeName ? { nodeName: o.nodeName } : {}),
              ...(o.nodeIp ? { nodeIP: o.nodeIp } : {}),
              kubeletPort: Number(o.kubeletPort),
              ...(o.containerRuntimeEndpoint ? { containerRuntimeEndpoint: o.containerRuntimeEndpoint } : {}),
            },
        ...(o.disableScheduler ? { disableScheduler: true } : {}),
        ...(o.disableControllerManager ? { disableControllerManager: true } : {}),
        leaderElect: (o as Record<string, unknown>).leaderElect !== false,
        controllers: o.controllers!.split(',').map((x) => x.trim()).filter(Boolean),
        defaultNotReadyTolerationSeconds: Number(o.defaultNotReadyTolerationSeconds),
        defaultUnreachableTolerationSeconds: Number(o.defaultUnreachableTolerationSeconds),
        disableAdmissionPlugins: o.disableAdmissionPlugins!.split(',').map((x) => x.trim()).filter(Boolean),
        controllerOptions: controllerFlags(o),
        signal: ac.signal,
        log: (m) => process.stderr.write(`${new Date().toISOString()} ${m}\n`),
        onReady: (info) => {
          const msg = [
            `kts is running: kube-apiserver at ${info.url} (storage: ${info.storage})`,
            `kubeconfig: ${info.kubeconfig}`,
            `  export KUBECONFIG=${info.kubeconfig}`,
            '  kubectl get namespaces',
          ].join('\n');
          process.stdout.write(msg + '\n');
        },
      });
      void writeFileSync;
      // Shut down: nothing left (a log pipe whose reader is gone, a stray handle) may keep the process.
      process.exit(0);
    });
}
