// `kts server --sim-nodes N`: simulated nodes inside the server process (src/sim), over the
// in-process transport with a node identity.
import type { APIServer } from '../apiserver/server.js';
import { runSimNodes } from '../sim/index.js';
import { inProcessClient } from './components.js';

export async function startSimNodes(api: APIServer, count: number, signal: AbortSignal, log: (m: string) => void): Promise<void> {
  const client = inProcessClient(api, 'sim', 'kubelet-sim');
  try {
    const sim = runSimNodes({ client, count, signal, log });
    await sim.ready;
    log(`${count} simulated nodes registered`);
    await sim.done;
  } finally {
    await client.close();
  }
}
