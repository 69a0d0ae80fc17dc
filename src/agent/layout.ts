// Where the local node keeps things under the kts data dir, and the names derived from it (so two
// clusters on one machine, e.g. in tests, never share a bridge).

import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface AgentLayout {
  dataDir: string;
  /** Pod volumes: <dir>/<uid>/volumes/… */
  podsDir: string;
  /** Container logs: <dir>/<ns>_<name>_<uid>/<container>/<n>.log */
  podLogsDir: string;
  /** Static pod manifests. */
  manifestsDir: string;
  /** The CNI bridge (at most 15 characters). */
  bridgeName: string;
}

export function agentLayout(dataDir: string): AgentLayout {
  const h = createHash('sha256').update(dataDir).digest('hex').slice(0, 6);
  return {
    dataDir,
    podsDir: join(dataDir, 'agent', 'pods'),
    podLogsDir: join(dataDir, 'agent', 'logs'),
    manifestsDir: join(dataDir, 'manifests'),
    bridgeName: `kts-${h}`,
  };
}
