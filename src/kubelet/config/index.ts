// The kubelet's pod sources (upstream pkg/kubelet/config): the pods the API server binds to this node
// (a watch with fieldSelector spec.nodeName=<node>) and static pods from YAML/JSON manifests in a
// directory, each shown in the API as a mirror pod (annotation kubernetes.io/config.mirror) that the
// kubelet creates and keeps, and whose status it writes.

import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../api/types.js';
import { isAlreadyExists, isNotFound, type Client } from '../../machinery/client/index.js';
import { realClock, type Clock } from '../../machinery/clock/index.js';
import { dropManagedFields, objectOf, SharedIndexInformer } from '../../machinery/informers/index.js';

export const CONFIG_MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';
export const CONFIG_HASH_ANNOTATION = 'kubernetes.io/config.hash';
export const CONFIG_SEEN_ANNOTATION = 'kubernetes.io/config.seen';

export interface PodConfigOptions {
  client: Client;
  nodeName: string;
  /** Static pod manifests (<data-dir>/manifests); none when absent. */
  manifestsDir?: string;
  /** How often the manifest directory is read (upstream 20 s). */
  fileCheckMs?: number;
  clock?: Clock;
  log?: (m: string) => void;
}

/** Did anything but status and resourceVersion change? */
export function podChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (p: KubeObject) => {
    const { status: _s, metadata, ...rest } = p;
    const { resourceVersion: _rv, managedFields: _mf, ...meta } = metadata;
    return JSON.stringify({ ...rest, metadata: meta });
  };
  return strip(a) !== strip(b);
}

export function isMirrorPod(pod: KubeObject): boolean {
  return pod.metadata.annotations?.[CONFIG_MIRROR_ANNOTATION] !== undefined;
}

/** A static pod from a manifest: named <name>-<node>, UID from its content, bound to this node. */
export function staticPodFrom(raw: KubeObject, file: string, nodeName: string, nowIso: string): KubeObject {
  const name = `${raw.metadata?.name ?? ''}-${nodeName}`;
  const namespace = raw.metadata?.namespace || 'default';
  const h = createHash('md5');
  h.update(JSON.stringify(raw));
  h.update(file);
  h.update(nodeName);
  const uid = h.digest('hex');
  const spec = { ...((raw.spec ?? {}) as Record<string, unknown>), nodeName };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    ...raw,
    metadata: {
      ...raw.metadata,
      name,
      namespace,
      uid,
      annotations: { ...(raw.metadata?.annotations ?? {}), [CONFIG_HASH_ANNOTATION]: uid, [CONFIG_SOURCE_ANNOTATION]: 'file', [CONFIG_SEEN_ANNOTATION]: nowIso },
    },
    spec,
    status: { phase: 'Pending' },
  };
}

export class PodConfig {
  readonly informer: SharedIndexInformer<KubeObject>;
  private readonly statics = new Map<string, KubeObject>();
  private readonly listeners: ((uid: string) => void)[] = [];
  private readonly clock: Clock;
  private readonly log: (m: string) => void;

  constructor(private readonly o: PodConfigOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
    this.informer = new SharedIndexInformer<KubeObject>({
      client: o.client.resource('pods'),
      fieldSelector: `spec.nodeName=${o.nodeName}`,
      ...(o.clock ? { clock: o.clock } : {}),
      transform: dropManagedFields,
      ...(o.log ? { log: o.log } : {}),
    });
  }

  /** Called with the uid of every pod that was added, changed or removed. */
  onChange(cb: (uid: string) => void): void {
    this.listeners.push(cb);
  }

  private notify(uid: string | undefined): void {
    if (uid) for (const l of this.listeners) l(uid);
  }

  /** Pods to run: API pods bound here (not mirror pods) and static pods. */
  list(): KubeObject[] {
    return [...this.informer.lister.list().filter((p) => !isMirrorPod(p)), ...this.statics.values()];
  }

  get(uid: string): KubeObject | undefined {
    const s = this.statics.get(uid);
    if (s) return this.withMirrorStatus(s);
    return this.informer.lister.list().find((p) => p.metadata.uid === uid && !isMirrorPod(p));
  }

  private mirrorOf(pod: KubeObject): KubeObject | undefined {
    const m = this.informer.lister.get(pod.metadata.namespace ?? '', pod.metadata.name ?? '');
    return m && isMirrorPod(m) ? m : undefined;
  }

  /** A static pod carries its mirror's status (phase, conditions) so terminal pods stay terminal. */
  private withMirrorStatus(pod: KubeObject): KubeObject {
    const m = this.mirrorOf(pod);
    return m?.status ? { ...pod, status: m.status } : pod;
  }

  statusTarget(pod: KubeObject): KubeObject | undefined {
    if (!this.isStatic(pod)) return this.informer.lister.get(pod.metadata.namespace ?? '', pod.metadata.name ?? '') ?? pod;
    return this.mirrorOf(pod);
  }

  isStatic(pod: KubeObject): boolean {
    return pod.metadata.annotations?.[CONFIG_SOURCE_ANNOTATION] === 'file';
  }

  hasSynced(): boolean {
    return this.informer.hasSynced();
  }

  async run(signal: AbortSignal): Promise<void> {
    const reg = this.informer.addEventHandler({
      onAdd: (p) => (isMirrorPod(p) ? this.mirrorChanged(p) : this.notify(p.metadata.uid)),
      onUpdate: (old, p) => {
        // Like upstream, a change of status alone (mostly our own writes) is no news for the pod.
        if (!podChanged(old, p)) return;
        if (isMirrorPod(p)) this.mirrorChanged(p);
        else this.notify(p.metadata.uid);
      },
      onDelete: (p) => {
        const obj = objectOf(p);
        if (isMirrorPod(obj)) this.mirrorChanged(obj);
        else this.notify(obj.metadata.uid);
      },
    });
    const informerDone = this.informer.run(signal);
    try {
      if (this.o.manifestsDir) {
        if (!(await this.informer.waitForSync(signal))) return;
        // Like upstream: a change in the directory (inotify) is read at once; a full re-read every
        // fileCheckFrequency (20 s) catches anything the watch missed.
        let early: AbortController | undefined;
        let watcher: FSWatcher | undefined;
        try {
          watcher = watch(this.o.manifestsDir, () => early?.abort());
          watcher.on('error', () => {});
        } catch {
          watcher = undefined;
        }
        try {
          while (!signal.aborted) {
            await this.readManifests().catch((e: Error) => this.log(`reading static pod manifests: ${e.message}`));
            await this.syncMirrors().catch((e: Error) => this.log(`mirror pods: ${e.message}`));
            early = new AbortController();
            const both = AbortSignal.any([signal, early.signal]);
            await this.clock.sleep(this.o.fileCheckMs ?? 20_000, both);
            if (signal.aborted) break;
            // Let a writer finish the file before reading it.
            if (early.signal.aborted && !(await this.clock.sleep(100, signal))) break;
          }
        } finally {
          watcher?.close();
        }
      }
    } finally {
      await informerDone;
      reg.remove();
    }
  }

  private mirrorChanged(m: KubeObject): void {
    for (const s of this.statics.values()) {
      if (s.metadata.name === m.metadata.name && s.metadata.namespace === m.metadata.namespace) this.notify(s.metadata.uid);
    }
  }

  /** Reads the manifest directory: new static pods start, removed ones stop. */
  async readManifests(): Promise<void> {
    const dir = this.o.manifestsDir;
    if (!dir) return;
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
    const seen = new Map<string, KubeObject>();
    for (const n of names) {
      const file = join(dir, n);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        continue;
      }
      for (const doc of parseAllDocuments(text)) {
        const raw = doc.toJSON() as KubeObject | null;
        if (!raw || raw.kind !== 'Pod' || !raw.metadata?.name) {
          if (raw) this.log(`${file}: not a pod manifest`);
          continue;
        }
        const existing = [...this.statics.values()].find((p) => p.metadata.annotations?.[CONFIG_SOURCE_ANNOTATION] === 'file' && p.metadata.name === `${raw.metadata.name}-${this.o.nodeName}`);
        const pod = staticPodFrom(raw, file, this.o.nodeName, new Date(this.clock.now()).toISOString());
        seen.set(pod.metadata.uid!, existing && existing.metadata.uid === pod.metadata.uid ? existing : pod);
      }
    }
    for (const [uid] of this.statics) {
      if (!seen.has(uid)) {
        this.statics.delete(uid);
        this.notify(uid);
      }
    }
    for (const [uid, p] of seen) {
      if (!this.statics.has(uid)) {
        this.statics.set(uid, p);
        this.notify(uid);
      }
    }
  }

  /** Creates missing mirror pods, replaces stale ones and deletes orphaned ones. */
  async syncMirrors(): Promise<void> {
    const pods = this.o.client.resource('pods');
    const wanted = new Set<string>();
    let node: KubeObject | undefined;
    for (const s of this.statics.values()) {
      const key = `${s.metadata.namespace}/${s.metadata.name}`;
      wanted.add(key);
      const m = this.mirrorOf(s);
      const hash = s.metadata.annotations?.[CONFIG_HASH_ANNOTATION] ?? '';
      if (m && m.metadata.annotations?.[CONFIG_MIRROR_ANNOTATION] === hash && !m.metadata.deletionTimestamp) continue;
      if (m) {
        await pods.inNamespace(m.metadata.namespace).delete(m.metadata.name ?? '', { preconditions: { uid: m.metadata.uid ?? '' } }).catch((e: Error) => {
          if (!isNotFound(e)) throw e;
        });
        continue; // created on the next round, once the old one is gone
      }
      node ??= await this.o.client.resource('nodes').get(this.o.nodeName).catch(() => undefined);
      const { uid: _uid, resourceVersion: _rv, ...meta } = s.metadata;
      const mirror: KubeObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...meta,
          annotations: { ...(meta.annotations ?? {}), [CONFIG_MIRROR_ANNOTATION]: hash },
          ...(node?.metadata.uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.o.nodeName, uid: node.metadata.uid, controller: true }] } : {}),
        },
        spec: s.spec,
      };
      try {
        await pods.inNamespace(s.metadata.namespace).create(mirror);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
      }
    }
    for (const p of this.informer.lister.list()) {
      if (!isMirrorPod(p) || p.metadata.deletionTimestamp) continue;
      if (wanted.has(`${p.metadata.namespace}/${p.metadata.name}`)) continue;
      await pods.inNamespace(p.metadata.namespace).delete(p.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: p.metadata.uid ?? '' } }).catch((e: Error) => {
        if (!isNotFound(e)) throw e;
      });
    }
  }
}
