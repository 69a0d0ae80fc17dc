// `kts killall`: stops the local node's pods, its containerd and shims, deletes its bridge and releases
// its mounts (stopping kts itself leaves containers running, so a restart adopts them).
import { Command } from 'commander';
import { resolve } from 'node:path';
import { killall } from '../agent/killall.js';
import { defaultDataDir } from './server.js';

export function killallCommand(): Command {
  return new Command('killall')
    .description("stop every container of this machine's kts node, its containerd, bridge and mounts")
    .option('--data-dir <dir>', 'the kts data dir', defaultDataDir())
    .action(async (o: { dataDir: string }) => {
      await killall(resolve(o.dataDir), (m) => process.stderr.write(`${m}\n`));
    });
}
