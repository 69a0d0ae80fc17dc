// `kts sim`: simulated nodes against a running cluster (like kwok): they register, heartbeat, run the
// pods bound to them (statuses only — no containers) and can be made to fail.

import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '../machinery/client/index.js';
import { runSimNodes } from '../sim/index.js';
import { defaultDataDir } from './server.js';

function defaultKubeconfig(): string {
  const env = process.env.KUBECONFIG?.split(':').find((p) => p && existsSync(p));
  return env ?? join(defaultDataDir(), 'admin.kubeconfig');
}

export function simCommand(): Command {
  return new Command('sim')
    .description('run simulated nodes (kubelets without containers) against a cluster')
    .requiredOption('--nodes <n>', 'how many nodes')
    .option('--kubeconfig <file>', 'kubeconfig of the cluster (default: $KUBECONFIG, else the kts data dir admin.kubeconfig)')
    .option('--name-prefix <prefix>', 'node names are <prefix><i>', 'sim-')
    .option('--start-index <i>', 'first node index', '0')
    .option('--cpu <q>', 'cpu capacity per node', '32')
    .option('--memory <q>', 'memory capacity per node', '256Gi')
    .option('--pods <n>', 'pod capacity per node', '110')
    .option('--max-in-flight <n>', 'requests in flight at most', '64')
    .option('-v, --verbose', 'log what the nodes do')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const count = Number(o.nodes);
      if (!Number.isInteger(count) || count < 1) throw new Error(`--nodes must be a positive integer, not ${JSON.stringify(o.nodes)}`);
      const kubeconfig = typeof o.kubeconfig === 'string' ? o.kubeconfig : defaultKubeconfig();
      const client = Client.fromKubeconfig(kubeconfig, { component: 'kubelet-sim' });
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
      const sim = runSimNodes({
        client,
        count,
        namePrefix: String(o.namePrefix),
        startIndex: Number(o.startIndex),
        capacity: { cpu: String(o.cpu), memory: String(o.memory), pods: String(o.pods) },
        maxInFlight: Number(o.maxInFlight),
        signal: ac.signal,
        ...(o.verbose ? { log } : {}),
        // Relists and broken watches are rare and matter: always reported.
        informerLog: log,
      });
      const began = Date.now();
      await sim.ready;
      if (!ac.signal.aborted) process.stdout.write(`${count} simulated nodes registered in ${((Date.now() - began) / 1000).toFixed(1)}s (${sim.names[0]} … ${sim.names[sim.names.length - 1]}); Ctrl-C to stop\n`);
      const report = setInterval(() => {
        const s = sim.stats();
        log(`sim: ${s.alive}/${s.nodes} nodes alive, ${s.podsKnown} bound pods known, ${s.podsStarted} pods started, ${s.podsExited} exits, ${s.podsDeleted} deleted, ${s.leaseRenewals} lease renewals, ${s.statusUpdates} status updates, ${s.errors} errors`);
      }, 60_000);
      try {
        await sim.done;
      } finally {
        clearInterval(report);
        await client.close();
      }
    });
}
