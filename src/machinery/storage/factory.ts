import { EtcdStorage } from './etcd/etcd.js';
import type { Storage } from './interface.js';
import { MemoryStorage } from './memory/memory.js';
import { SqliteStorage } from './sqlite/sqlite.js';

/** How to reach a store: what `kts server --storage … --data-dir … --etcd-servers …` boils down to. */
export type StorageSpec =
  | { backend: 'memory' }
  | { backend: 'sqlite'; path: string; sync?: 'full' | 'normal' }
  | { backend: 'etcd'; endpoints: string[]; tls?: { ca: string; cert?: string; key?: string } };

export async function openStorage(spec: StorageSpec): Promise<Storage> {
  switch (spec.backend) {
    case 'memory':
      return new MemoryStorage();
    case 'sqlite':
      return new SqliteStorage({ path: spec.path, ...(spec.sync ? { sync: spec.sync } : {}) });
    case 'etcd':
      return new EtcdStorage({ endpoints: spec.endpoints, ...(spec.tls ? { tls: spec.tls } : {}) });
  }
}
