// For tests: an in-process APIServer over MemoryStorage with extra admission plugins wired to its own
// stores (startInProcessServer cannot add plugins yet). Only tests import this file.

import type { AdmissionPlugin } from '../../interface.js';
import { APIServer } from '../../../server.js';
import { bootstrapCluster } from '../../../bootstrap.js';
import type { Store } from '../../../registry/store.js';
import { Client } from '../../../../machinery/client/client.js';
import { InProcessTransport } from '../../../../machinery/client/inprocess.js';
import { MemoryStorage } from '../../../../machinery/storage/memory/memory.js';

export interface AdmissionTestServer {
  client(component?: string): Client;
  stop(): Promise<void>;
}

export async function startServerWithAdmission(plugins: (storeFor: (g: string, p: string) => Store | undefined) => AdmissionPlugin[]): Promise<AdmissionTestServer> {
  const storage = new MemoryStorage();
  let api: APIServer | null = null;
  const storeFor = (g: string, p: string) => api?.storeFor(g, p);
  // No service-account controller runs here: pods need no service account (as upstream's test servers).
  api = new APIServer({ storage, tls: { cert: '', key: '', ca: '' }, port: 6443, log: () => {}, admissionExtra: plugins(storeFor), disableAdmissionPlugins: ['ServiceAccount'] });
  await api.ready();
  await bootstrapCluster({ storeFor: (g, p) => api!.storeFor(g, p), serviceIP: '10.96.0.1', advertiseAddress: '127.0.0.1', port: 6443 });
  const transports: InProcessTransport[] = [];
  return {
    client(component = 'test') {
      const t = new InProcessTransport({ user: { username: 'system:admin', groups: ['system:masters'] }, handler: (req, res) => api!.handle(req, res) });
      transports.push(t);
      return new Client({ transport: t, component });
    },
    async stop() {
      for (const t of transports) await t.close();
      await api?.close();
      await storage.close();
    },
  };
}
