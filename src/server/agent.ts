// The local node inside `kts server` (on by default where containers can run): the agent of
// src/agent over the in-process transport, as system:node:<name> in group system:nodes, with a
// kubelet serving certificate from the cluster CA.
import { hostname } from 'node:os';
import type { APIServer } from '../apiserver/server.js';
import type { ClusterPki } from '../apiserver/pki/bootstrap.js';
import { agentUnavailable, runAgent } from '../agent/run.js';
import { Client, InProcessTransport } from '../machinery/client/index.js';
import type { LocalAgentOptions } from './run.js';

export interface LocalAgentStart {
  api: APIServer;
  pki: ClusterPki;
  dataDir: string;
  advertiseAddress: string;
  options: LocalAgentOptions;
  signal: AbortSignal;
  log: (m: string) => void;
}

export async function startLocalAgent(o: LocalAgentStart): Promise<void> {
  if (!o.options.containerRuntimeEndpoint) {
    const why = agentUnavailable();
    if (why) {
      o.log(`no local node: ${why}`);
      return;
    }
  }
  const nodeName = (o.options.nodeName ?? hostname()).toLowerCase();
  const client = new Client({
    transport: new InProcessTransport({ handler: (req, res) => o.api.handle(req, res), user: { username: `system:node:${nodeName}`, groups: ['system:nodes'] } }),
    component: 'kubelet',
  });
  try {
    await runAgent({
      client,
      nodeName,
      nodeIP: o.options.nodeIP ?? o.advertiseAddress,
      dataDir: o.dataDir,
      kubeletPort: o.options.kubeletPort ?? 10250,
      clientCA: o.pki.ca.cert,
      servingCA: o.pki.ca,
      ...(o.options.containerRuntimeEndpoint ? { containerRuntimeEndpoint: o.options.containerRuntimeEndpoint } : {}),
      ...(o.options.initialBackoffMs !== undefined ? { initialBackoffMs: o.options.initialBackoffMs } : {}),
      signal: o.signal,
      log: o.log,
    });
  } catch (e) {
    o.log(`local node stopped: ${(e as Error).stack ?? (e as Error).message}`);
  } finally {
    await client.close();
  }
}
