// The version every kts component reports (kubelet nodeInfo.kubeletVersion, /version's gitVersion …):
// one place, so components need not import each other's version constants.

export const KUBE_GIT_VERSION = 'v1.32.0-kts.0';
/** Major.minor, as in the probe User-Agent "kube-probe/1.32". */
export const KUBE_MAJOR_MINOR = '1.32';
