// `kts agent --kubeconfig F`: a node of its own — the kubelet with its own containerd, joining the
// cluster the kubeconfig names.
import { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { runAgent } from '../agent/run.js';
import { Client, loadKubeconfig } from '../machinery/client/index.js';
import { parseDurationMs } from '../machinery/protobuf/gotime.js';
import { defaultDataDir, hostIP } from './server.js';

export function agentCommand(): Command {
  return new Command('agent')
    .description('run a node: the kubelet, with its own containerd, against a cluster')
    .requiredOption('--kubeconfig <file>', 'kubeconfig of the cluster (the node authenticates with it)')
    .option('--node-name <name>', 'name of the node (default: the host name)')
    .option('--node-ip <ip>', 'address of the node (default: the first non-loopback IPv4 address)')
    .option('--data-dir <dir>', 'where the node keeps containerd, pods and logs', defaultDataDir())
    .option('--kubelet-port <port>', "port of the kubelet's HTTPS API", '10250')
    .option('--container-runtime-endpoint <url>', 'CRI endpoint of an existing containerd (default: kts starts its own)')
    .option('--cluster-dns <ips>', 'comma-separated DNS server IPs for pods')
    .option('--cluster-domain <domain>', 'cluster domain', 'cluster.local')
    .option('--initial-backoff <duration>', 'first crash back-off delay (upstream 10s)', '10s')
    .action(async (o: Record<string, string | undefined>) => {
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      process.once('SIGTERM', () => ac.abort());
      const dataDir = resolve(o.dataDir!);
      mkdirSync(dataDir, { recursive: true });
      const conn = loadKubeconfig(o.kubeconfig!);
      if (!conn.ca) throw new Error('the kubeconfig names no certificate-authority: the kubelet needs the cluster CA to check the API server’s client certificate');
      const nodeName = (o.nodeName ?? hostname()).toLowerCase();
      const client = Client.fromKubeconfig(o.kubeconfig!, { component: 'kubelet' });
      const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
      try {
        await runAgent({
          client,
          nodeName,
          nodeIP: o.nodeIp ?? hostIP() ?? '127.0.0.1',
          dataDir,
          kubeletPort: Number(o.kubeletPort),
          clientCA: conn.ca,
          ...(o.containerRuntimeEndpoint ? { containerRuntimeEndpoint: o.containerRuntimeEndpoint } : {}),
          ...(o.clusterDns ? { clusterDNS: o.clusterDns.split(',').filter(Boolean) } : {}),
          clusterDomain: o.clusterDomain!,
          initialBackoffMs: parseDurationMs(o.initialBackoff!),
          signal: ac.signal,
          log,
        });
      } finally {
        await client.close();
      }
    });
}
