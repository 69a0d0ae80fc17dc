// The control-plane components `kts server` runs in its own process next to the apiserver, each with
// its own identity over the in-process transport (the apiserver's full chain still runs for them).

import type { APIServer } from '../apiserver/server.js';
import { Client, InProcessTransport, type InProcessUser } from '../machinery/client/index.js';
import { runControllerManager } from '../controller-manager/manager.js';
import { allControllers } from '../controller-manager/controllers.js';
import { runScheduler } from '../scheduler/app.js';

export interface ComponentsOptions {
  api: APIServer;
  signal: AbortSignal;
  log: (m: string) => void;
  /** kube-controller-manager flags by upstream name. */
  controllerOptions: Record<string, string>;
  /** --controllers */
  controllers?: string[];
  disableScheduler?: boolean;
  disableControllers?: boolean;
  leaderElect?: boolean;
}

/**
 * The components' identities. They are members of system:masters for now: the per-controller
 * service-account roles of upstream's bootstrap policy are not written yet.
 */
const IDENTITIES: Record<string, InProcessUser> = {
  scheduler: { username: 'system:kube-scheduler', groups: ['system:masters'] },
  'controller-manager': { username: 'system:kube-controller-manager', groups: ['system:masters'] },
  sim: { username: 'system:node:sim', groups: ['system:nodes', 'system:masters'] },
};

export function inProcessClient(api: APIServer, who: keyof typeof IDENTITIES | string, component: string): Client {
  const user = IDENTITIES[who] ?? { username: who, groups: ['system:masters'] };
  return new Client({ transport: new InProcessTransport({ handler: (req, res) => api.handle(req, res), user }), component });
}

/** Starts the scheduler and the controller manager; resolves when they have stopped. */
export async function runComponents(o: ComponentsOptions): Promise<void> {
  const tasks: Array<Promise<void>> = [];
  const le = o.leaderElect ?? true;
  if (!o.disableScheduler) {
    const client = inProcessClient(o.api, 'scheduler', 'kube-scheduler');
    tasks.push(runScheduler({ client, signal: o.signal, log: o.log, leaderElection: { enabled: le } }).finally(() => client.close()));
  }
  if (!o.disableControllers) {
    const client = inProcessClient(o.api, 'controller-manager', 'kube-controller-manager');
    tasks.push(
      runControllerManager({
        client,
        controllers: allControllers(),
        ...(o.controllers ? { enabled: o.controllers } : {}),
        options: o.controllerOptions,
        leaderElection: { enabled: le },
        signal: o.signal,
        log: o.log,
      }).finally(() => client.close()),
    );
  }
  await Promise.all(tasks);
}
