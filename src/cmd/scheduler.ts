// `kts scheduler --kubeconfig F`: kube-scheduler as its own process, with leader election.
import { Command } from 'commander';
import { Client } from '../machinery/client/index.js';
import { runScheduler } from '../scheduler/app.js';
import { parseDurationMs } from '../machinery/protobuf/gotime.js';

export function schedulerCommand(): Command {
  return new Command('scheduler')
    .description('run kube-scheduler against a cluster')
    .requiredOption('--kubeconfig <file>', 'kubeconfig of the cluster')
    .option('--no-leader-elect', 'schedule without leader election')
    .option('--leader-elect-lease-duration <d>', 'lease duration', '15s')
    .option('--leader-elect-renew-deadline <d>', 'renew deadline', '10s')
    .option('--leader-elect-retry-period <d>', 'retry period', '2s')
    .action(async (o: { kubeconfig: string; leaderElect: boolean; leaderElectLeaseDuration: string; leaderElectRenewDeadline: string; leaderElectRetryPeriod: string }) => {
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      process.once('SIGTERM', () => ac.abort());
      const client = Client.fromKubeconfig(o.kubeconfig, { component: 'kube-scheduler' });
      const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
      log('kube-scheduler starting');
      await runScheduler({
        client,
        signal: ac.signal,
        log,
        leaderElection: {
          enabled: o.leaderElect,
          leaseDurationMs: parseDurationMs(o.leaderElectLeaseDuration),
          renewDeadlineMs: parseDurationMs(o.leaderElectRenewDeadline),
          retryPeriodMs: parseDurationMs(o.leaderElectRetryPeriod),
        },
      });
      await client.close();
    });
}
