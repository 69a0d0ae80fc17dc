// The control-plane components `kts server` runs in its own process next to the apiserver, each with
// its own identity over the in-process transport (the apiserver's full chain still runs for them):
// the scheduler as system:kube-scheduler, the controller manager as system:kube-controller-manager
// and each of its controllers as its ServiceAccount in kube-system (as kubeadm's
// --use-service-account-credentials), all authorized by the bootstrap roles of upstream.

import type { APIServer } from '../apiserver/server.js';
import { Client, InProcessTransport, type InProcessUser } from '../machinery/client/index.js';
import { runControllerManager } from '../controller-manager/manager.js';
import { allControllers } from '../controller-manager/controllers.js';
import { runScheduler } from '../scheduler/app.js';
import { serviceAccountUser } from '../controller-manager/serviceaccounts.js';

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

/** The components' identities (the bootstrap policy binds system:kube-scheduler and
 *  system:kube-controller-manager to their roles; the simulated nodes are still masters). */
const IDENTITIES: Record<string, InProcessUser> = {
  scheduler: { username: 'system:kube-scheduler', groups: [] },
  'controller-manager': { username: 'system:kube-controller-manager', groups: [] },
  sim: { username: 'system:node:sim', groups: ['system:nodes', 'system:masters'] },
};

export function inProcessClient(api: APIServer, who: keyof typeof IDENTITIES | string, component: string): Client {
  const user = IDENTITIES[who] ?? { username: who, groups: ['system:masters'] };
  return clientAs(api, user, component);
}

function clientAs(api: APIServer, user: InProcessUser, component: string): Client {
  return new Client({ transport: new InProcessTransport({ handler: (req, res) => api.handle(req, res), user }), component });
}

/** A client acting as the ServiceAccount kube-system/<name>, as a controller of kube-controller-manager. */
export function controllerClient(api: APIServer, serviceAccount: string): Client {
  return clientAs(api, serviceAccountUser(serviceAccount), `kube-controller-manager/${serviceAccount}`);
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
        clientFor: (sa) => controllerClient(o.api, sa),
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
