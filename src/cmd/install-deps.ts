// `kts install-deps`: installs the Debian packages real pods need (containerd, runc, CNI plugins, …).

import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findRuntimeDeps } from '../kubelet/containerd/index.js';

function aptGet(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    process.stderr.write(`+ apt-get ${args.join(' ')}\n`);
    const p = spawn('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    p.once('error', reject);
    p.once('exit', (code) => resolve(code ?? 1));
  });
}

export function installDepsCommand(): Command {
  return new Command('install-deps')
    .description('install what real pods need on this machine (Debian: apt-get install containerd runc …)')
    .option('--dry-run', 'only print what would be installed')
    .option('--auto', 'install when root on Debian, else only say what is missing; never fail (npm start uses this)')
    .action(async (o: { dryRun?: boolean; auto?: boolean }) => {
      if (o.auto) {
        const missing = findRuntimeDeps();
        if (missing.missing.length === 0) return;
        if (process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) {
          process.stderr.write(`kts: real pods need ${missing.missing.map((d) => d.what).join(', ')}; as root: apt-get update && ${missing.installCommand}\nstarting without a local node\n`);
          return;
        }
        process.stderr.write(`kts: installing what real pods need: ${missing.packages.join(' ')}\n`);
        try {
          if ((await aptGet(['update'])) !== 0 || (await aptGet(['install', '-y', ...missing.packages])) !== 0) throw new Error(`apt-get failed (${missing.installCommand})`);
        } catch (e) {
          process.stderr.write(`kts: ${(e as Error).message}; starting without a local node\n`);
        }
        return;
      }
      const before = findRuntimeDeps();
      if (before.missing.length === 0) {
        process.stdout.write('all runtime dependencies are installed\n');
        return;
      }
      process.stdout.write(`missing: ${before.missing.map((d) => d.what).join(', ')}\n`);
      const debian = existsSync('/etc/debian_version');
      const root = process.getuid?.() === 0;
      if (o.dryRun || !debian || !root) {
        if (!o.dryRun) process.stderr.write(!debian ? 'not a Debian system: install the equivalent packages yourself\n' : 'not root: run as root, or:\n');
        process.stdout.write(`apt-get update && ${before.installCommand}\n`);
        if (!o.dryRun) process.exitCode = 1;
        return;
      }
      if ((await aptGet(['update'])) !== 0) throw new Error('apt-get update failed');
      if ((await aptGet(['install', '-y', ...before.packages])) !== 0) throw new Error(`apt-get install failed (${before.installCommand})`);
      const after = findRuntimeDeps();
      if (after.missing.length) throw new Error(`still missing after install: ${after.missing.map((d) => d.what).join(', ')}`);
      process.stdout.write(`installed ${before.packages.join(' ')}\n`);
    });
}
