// What /version reports: kts speaks the API of Kubernetes 1.32.

import { KUBE_GIT_VERSION, KUBE_MAJOR_MINOR } from '../machinery/version.js';

export const KUBE_VERSION = { major: KUBE_MAJOR_MINOR.split('.')[0]!, minor: KUBE_MAJOR_MINOR.split('.')[1]!, gitVersion: KUBE_GIT_VERSION } as const;

export function kubeVersion(): Record<string, string> {
  return {
    major: KUBE_VERSION.major,
    minor: KUBE_VERSION.minor,
    gitVersion: KUBE_VERSION.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-22T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
