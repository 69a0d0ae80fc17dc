// `kts controller-manager --kubeconfig F`: kube-controller-manager as its own process, as the
// kubeconfig's identity — and with --use-service-account-credentials each controller as its own
// ServiceAccount in kube-system, with tokens the manager asks for (upstream's flag; kubeadm sets it).
import { Command } from 'commander';
import { Client } from '../machinery/client/index.js';
import { allControllers } from '../controller-manager/controllers.js';
import { runControllerManager } from '../controller-manager/manager.js';
import { serviceAccountClientFactory } from '../controller-manager/satokens.js';
import { parseDurationMs } from '../machinery/protobuf/gotime.js';
import { controllerFlags } from './server.js';

export function controllerManagerCommand(): Command {
  return new Command('controller-manager')
    .description('run kube-controller-manager against a cluster')
    .requiredOption('--kubeconfig <file>', 'kubeconfig of the cluster')
    .option('--controllers <list>', 'controllers to run (* for all, -name to disable one)', '*')
    .option('--no-leader-elect', 'run without leader election')
    .option('--use-service-account-credentials', 'run each controller with the credentials of its own ServiceAccount')
    .option('--leader-elect-lease-duration <d>', 'lease duration', '15s')
    .option('--root-ca-file <file>', 'CA published to every namespace as kube-root-ca.crt')
    .option('--node-monitor-grace-period <value>', 'grace period of an unresponsive node', '50s')
    .option('--node-monitor-period <value>', 'how often node health is checked', '5s')
    .option('--node-startup-grace-period <value>', 'grace period of a starting node', '1m0s')
    .option('--cluster-cidr <value>', 'pod CIDR of the cluster', '10.244.0.0/16')
    .option('--node-cidr-mask-size <value>', 'mask size of each node\'s pod CIDR', '24')
    .option('--terminated-pod-gc-threshold <value>', 'terminated pods kept before collection', '12500')
    .action(async (o: Record<string, string | boolean> & { kubeconfig: string; controllers: string; leaderElect: boolean; leaderElectLeaseDuration: string; useServiceAccountCredentials?: boolean }) => {
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      process.once('SIGTERM', () => ac.abort());
      const client = Client.fromKubeconfig(o.kubeconfig, { component: 'kube-controller-manager' });
      const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
      const options = controllerFlags(o);
      if (typeof o.rootCaFile === 'string') options['root-ca-file'] = o.rootCaFile;
      await runControllerManager({
        client,
        ...(o.useServiceAccountCredentials ? { clientFor: serviceAccountClientFactory(o.kubeconfig, client) } : {}),
        controllers: allControllers(),
        enabled: o.controllers.split(',').map((x) => x.trim()),
        options,
        leaderElection: { enabled: o.leaderElect, leaseDurationMs: parseDurationMs(o.leaderElectLeaseDuration) },
        signal: ac.signal,
        log,
      });
      await client.close();
    });
}
