// The volume manager: makes a pod's volumes ready on the host before its containers start, and removes
// them when the pod is gone. Layout as upstream: <rootDir>/<pod uid>/volumes/kubernetes.io~<plugin>/<name>.
//   emptyDir       a directory (0777); medium Memory → a tmpfs (size = sizeLimit)
//   hostPath       the host path itself, after the type check
//   configMap      atomic-writer files on disk
//   secret, downwardAPI, projected   atomic-writer files on a tmpfs (a plain directory if mounting fails)
//   persistentVolumeClaim            the bound PV's hostPath / local path
// setUpPod is idempotent and refreshes the API-data volumes when called again.

import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Client } from '../../machinery/client/index.js';
import { machineAllocatable, type NodeAllocatable } from '../envvars/fieldpath.js';
import { parseQuantity, divideRoundUp } from '../envvars/quantity.js';
import { writeAtomic, type Payload } from './atomicwriter.js';
import { checkHostPath, type HostPathType } from './hostpath.js';
import { isMountPoint, mountsUnder, mountTmpfs, unmount } from './mounter.js';
import { DEFAULT_MODE, downwardPayload, objectPayload, projectedPayload, type DownwardSource, type ObjectSource, type PayloadContext, type ProjectedSource, type TokenSource } from './payloads.js';

export { makeMounts, hostsFileContent, type MakeMountsOptions } from './mounts.js';

export interface VolumeManagerOptions {
  client: Client;
  /** <data-dir>/pods */
  rootDir: string;
  nodeName: string;
  log?: (m: string) => void;
  /** For downwardAPI resourceFieldRef limits that are not set (default: this machine). */
  nodeAllocatable?: NodeAllocatable;
  /** Mount tmpfs for Memory emptyDirs and secrets (default true; false: plain directories). */
  useTmpfs?: boolean;
}

export type PodVolumes = Map<string, { hostPath: string; readOnly: boolean }>;

/** A volume could not be set up; message as the FailedMount event shows it. */
export class VolumeError extends Error {
  constructor(
    readonly volumeName: string,
    readonly reason: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volumeName}" : ${reason}`);
    this.name = 'VolumeError';
  }
}

type Volume = {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  hostPath?: { path: string; type?: HostPathType };
  configMap?: ObjectSource;
  secret?: ObjectSource;
  downwardAPI?: DownwardSource;
  projected?: ProjectedSource;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [other: string]: unknown;
};

interface CachedToken { token: string; fetchedAt: number; expiresAt: number }

/** The plugin directory name upstream uses for each volume type. */
export const PLUGIN_DIRS = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
} as const;

export class VolumeManager {
  private readonly log: (m: string) => void;
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly o: VolumeManagerOptions) {
    this.log = o.log ?? (() => {});
  }

  podDir(podUid: string): string {
    return join(this.o.rootDir, podUid);
  }

  volumeDir(podUid: string, plugin: keyof typeof PLUGIN_DIRS, name: string): string {
    return join(this.podDir(podUid), 'volumes', PLUGIN_DIRS[plugin], name);
  }

  async setUpPod(pod: KubeObject, signal?: AbortSignal): Promise<PodVolumes> {
    const uid = pod.metadata.uid;
    if (!uid) throw new Error('pod has no uid');
    const out: PodVolumes = new Map();
    const volumes = ((pod.spec as { volumes?: Volume[] } | undefined)?.volumes ?? []) as Volume[];
    await mkdir(join(this.podDir(uid), 'volumes'), { recursive: true, mode: 0o750 });
    for (const v of volumes) {
      try {
        out.set(v.name, await this.setUpVolume(pod, uid, v, signal));
      } catch (err) {
        if (err instanceof VolumeError) throw err;
        throw new VolumeError(v.name, (err as Error).message);
      }
    }
    return out;
  }

  private ctx(pod: KubeObject, signal?: AbortSignal): PayloadContext {
    return {
      client: this.o.client,
      pod,
      nodeName: this.o.nodeName,
      allocatable: this.o.nodeAllocatable ?? machineAllocatable(),
      token: (src) => this.token(pod, src, signal),
      ...(signal ? { signal } : {}),
    };
  }

  private async setUpVolume(pod: KubeObject, uid: string, v: Volume, signal?: AbortSignal): Promise<{ hostPath: string; readOnly: boolean }> {
    if (v.emptyDir) {
      const dir = this.volumeDir(uid, 'emptyDir', v.name);
      await mkdir(dir, { recursive: true });
      if (v.emptyDir.medium === 'Memory') {
        const size = v.emptyDir.sizeLimit ? divideRoundUp(parseQuantity(v.emptyDir.sizeLimit), { num: 1n, den: 1n }) : undefined;
        await this.tmpfs(dir, size, true);
      }
      await chmod(dir, 0o777);
      return { hostPath: dir, readOnly: false };
    }
    if (v.hostPath) {
      await checkHostPath(v.hostPath.path, v.hostPath.type);
      return { hostPath: v.hostPath.path, readOnly: false };
    }
    if (v.configMap) return this.writeVolume(uid, 'configMap', v.name, false, await objectPayload(this.ctx(pod, signal), 'ConfigMap', v.configMap, v.configMap.defaultMode ?? DEFAULT_MODE));
    if (v.secret) return this.writeVolume(uid, 'secret', v.name, true, await objectPayload(this.ctx(pod, signal), 'Secret', v.secret, v.secret.defaultMode ?? DEFAULT_MODE));
    if (v.downwardAPI) return this.writeVolume(uid, 'downwardAPI', v.name, true, downwardPayload(this.ctx(pod, signal), v.downwardAPI, v.downwardAPI.defaultMode ?? DEFAULT_MODE));
    if (v.projected) return this.writeVolume(uid, 'projected', v.name, true, await projectedPayload(this.ctx(pod, signal), v.projected));
    if (v.persistentVolumeClaim) return this.claimPath(pod, v.persistentVolumeClaim, signal);
    const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
    throw new VolumeError(v.name, `volume type ${kind} is not supported by kts`);
  }

  private async writeVolume(uid: string, plugin: keyof typeof PLUGIN_DIRS, name: string, memory: boolean, payload: Payload): Promise<{ hostPath: string; readOnly: boolean }> {
    const dir = this.volumeDir(uid, plugin, name);
    await mkdir(dir, { recursive: true });
    if (memory) await this.tmpfs(dir, undefined, false);
    await writeAtomic(dir, payload);
    return { hostPath: dir, readOnly: true };
  }

  /** Mounts a tmpfs on dir unless it is one already; strict: failing is an error (emptyDir Memory). */
  private async tmpfs(dir: string, sizeBytes: bigint | undefined, strict: boolean): Promise<void> {
    if (this.o.useTmpfs === false) {
      if (strict) this.log(`volume ${dir}: tmpfs disabled, using a plain directory`);
      return;
    }
    if (await isMountPoint(dir)) return;
    try {
      await mountTmpfs(dir, { ...(sizeBytes !== undefined ? { sizeBytes } : {}), mode: strict ? 0o777 : 0o755 });
    } catch (err) {
      if (strict) throw err;
      this.log(`volume ${dir}: ${(err as Error).message}; using a plain directory`);
    }
  }

  private async claimPath(pod: KubeObject, claim: { claimName: string; readOnly?: boolean }, signal?: AbortSignal): Promise<{ hostPath: string; readOnly: boolean }> {
    const ns = pod.metadata.namespace ?? 'default';
    let pvc: KubeObject;
    try {
      pvc = await this.o.client.resource('persistentvolumeclaims', ns).get(claim.claimName, signal ? { signal } : {});
    } catch (err) {
      if (isNotFound(err)) throw new Error(`persistentvolumeclaim "${claim.claimName}" not found`);
      throw err;
    }
    const volumeName = (pvc.spec as { volumeName?: string } | undefined)?.volumeName ?? '';
    const phase = (pvc.status as { phase?: string } | undefined)?.phase ?? '';
    if (phase !== 'Bound' || !volumeName) throw new Error(`PVC ${ns}/${claim.claimName} has non-bound phase ("${phase}") or empty pvc.Spec.VolumeName ("${volumeName}")`);
    let pv: KubeObject;
    try {
      pv = await this.o.client.resource('persistentvolumes').get(volumeName, signal ? { signal } : {});
    } catch (err) {
      if (isNotFound(err)) throw new Error(`persistentvolume "${volumeName}" not found`);
      throw err;
    }
    const spec = (pv.spec ?? {}) as { hostPath?: { path: string; type?: HostPathType }; local?: { path: string } };
    if (spec.hostPath) {
      await checkHostPath(spec.hostPath.path, spec.hostPath.type);
      return { hostPath: spec.hostPath.path, readOnly: !!claim.readOnly };
    }
    if (spec.local) {
      await checkHostPath(spec.local.path, 'Directory').catch(() => {
        throw new Error(`path "${spec.local!.path}" does not exist`);
      });
      return { hostPath: spec.local.path, readOnly: !!claim.readOnly };
    }
    throw new Error(`PersistentVolume "${volumeName}" has a volume type kts cannot mount (only hostPath and local)`);
  }

  /** A bound token for the pod's service account, refreshed after 80% of its lifetime (as upstream). */
  private async token(pod: KubeObject, src: TokenSource, signal?: AbortSignal): Promise<string> {
    const sa = (pod.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName || 'default';
    const ns = pod.metadata.namespace ?? 'default';
    const expirationSeconds = src.expirationSeconds ?? 3600;
    const key = `${pod.metadata.uid}/${sa}/${src.audience ?? ''}/${expirationSeconds}`;
    const now = Date.now();
    const cached = this.tokens.get(key);
    if (cached && now < cached.fetchedAt + (cached.expiresAt - cached.fetchedAt) * 0.8) return cached.token;
    const req = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: {},
      spec: {
        audiences: src.audience ? [src.audience] : [],
        expirationSeconds,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid },
      },
    };
    let res: { status?: { token?: string; expirationTimestamp?: string } };
    try {
      res = await this.o.client.resource('serviceaccounts', ns).createSubresource(sa, 'token', req, signal ? { signal } : {});
    } catch (err) {
      throw new Error(`failed to fetch token: ${(err as Error).message}`);
    }
    const token = res.status?.token;
    if (!token) throw new Error('failed to fetch token: the TokenRequest answer has no token');
    const exp = res.status?.expirationTimestamp ? Date.parse(res.status.expirationTimestamp) : now + expirationSeconds * 1000;
    this.tokens.set(key, { token, fetchedAt: now, expiresAt: exp });
    return token;
  }

  async tearDownPod(podUid: string): Promise<void> {
    const dir = this.podDir(podUid);
    for (const m of await mountsUnder(dir)) await unmount(m);
    const left = await mountsUnder(dir);
    if (left.length) throw new Error(`pod ${podUid}: still mounted, not removing: ${left.join(', ')}`);
    for (const k of [...this.tokens.keys()]) if (k.startsWith(`${podUid}/`)) this.tokens.delete(k);
    await rm(dir, { recursive: true, force: true });
  }

  /** The pod uids that have a directory under rootDir (for cleaning up orphans after a restart). */
  async podDirs(): Promise<string[]> {
    try {
      return (await readdir(this.o.rootDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return [];
    }
  }
}
