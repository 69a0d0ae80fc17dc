// An in-memory CRI runtime for tests: sandboxes, containers and images with ids, states, labels and
// filters that behave like containerd 1.6's CRI plugin (names reserved per sandbox/container attempt,
// RemoveContainer stops a running container first, RemovePodSandbox refuses a ready sandbox, NotFound
// errors with gRPC code 5, remove calls idempotent). Containers "run" until stopped or until a test
// makes them exit (exitContainer, containerBehavior). Nothing here touches the host.

import { randomBytes } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import {
  GrpcCode,
  RuntimeError,
  type AttachRequest,
  type AuthConfig,
  type Container,
  type ContainerConfig,
  type ContainerFilter,
  type ContainerState,
  type ContainerStats,
  type ContainerStatsFilter,
  type ContainerStatusResponse,
  type ExecRequest,
  type ExecSyncResponse,
  type FilesystemUsage,
  type Image,
  type ImageSpec,
  type Labels,
  type LinuxContainerResources,
  type PodSandbox,
  type PodSandboxConfig,
  type PodSandboxFilter,
  type PodSandboxState,
  type PodSandboxStatusResponse,
  type PortForwardRequest,
  type Runtime,
  type RuntimeCondition,
  type RuntimeStatus,
  type StreamingResponse,
  type VersionResponse,
} from './types.js';

/** An image the fake knows: a name (normalized on the way in) and optionally a fixed id. */
export interface FakeImage { name: string; id?: string; size?: number }

/** What a started container does by itself (absent: runs until stopped). */
export interface FakeContainerBehavior { exitCode: number; afterMs?: number; reason?: string; message?: string }

export interface FakeRuntimeOptions {
  /** Images present from the start (e.g. 'busybox', 'registry.k8s.io/pause:3.10'). */
  images?: (string | FakeImage)[];
  /** Images a pull succeeds for (a pretend registry). Pulls of anything else fail like an unreachable registry. */
  registryImages?: (string | FakeImage)[];
  /** Exit code of a container stopped with a grace period > 0 (it handled SIGTERM). Default 0. Timeout 0 → 137. */
  termExitCode?: number;
  /** Called when a container starts; a result makes it exit by itself (after afterMs, default at once). */
  containerBehavior?: (config: ContainerConfig, id: string) => FakeContainerBehavior | undefined;
  /** Answers ExecSync (default: exit 0, no output). */
  execSyncHandler?: (containerId: string, cmd: string[], timeoutSeconds: number) => ExecSyncResponse | Promise<ExecSyncResponse>;
  /** Answers Exec/Attach/PortForward (default: Unimplemented — the fake has no streaming server). */
  streamingHandler?: (kind: 'exec' | 'attach' | 'portForward', req: ExecRequest | AttachRequest | PortForwardRequest) => StreamingResponse;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** First three octets of sandbox IPs (default '10.88.0'). */
  ipPrefix?: string;
}

export interface FakeCall { method: string; args: unknown[] }

interface SandboxRecord {
  id: string;
  config: PodSandboxConfig;
  state: PodSandboxState;
  createdAt: number;
  ip: string;
  runtimeHandler: string;
}

interface ContainerRecord {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  imageName: string;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  message: string;
  logPath: string;
  resources?: LinuxContainerResources;
  stats: { cpuNanoCores: number; memoryBytes: number; cpuCoreNanos: number };
  timer?: NodeJS.Timeout;
}

interface ImageRecord { id: string; repoTags: string[]; repoDigests: string[]; size: number }

const NS_PER_MS = 1_000_000;

function newId(): string {
  return randomBytes(32).toString('hex');
}

function notFound(what: string): RuntimeError {
  return new RuntimeError(GrpcCode.NotFound, what);
}

/** docker.io/library/busybox:latest from busybox, like containerd's reference normalization. */
export function normalizeImageName(ref: string): string {
  if (ref.startsWith('sha256:')) return ref;
  let name = ref;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain) name = `docker.io/${slash < 0 ? 'library/' : ''}${name}`;
  else if (first === 'docker.io' && !name.slice(slash + 1).includes('/')) name = `docker.io/library/${name.slice(slash + 1)}`;
  const at = name.indexOf('@');
  if (at >= 0) return name;
  const lastSlash = name.lastIndexOf('/');
  if (!name.slice(lastSlash + 1).includes(':')) name += ':latest';
  return name;
}

function labelsMatch(have: Labels, want: Labels | undefined): boolean {
  if (!want) return true;
  return Object.entries(want).every(([k, v]) => have[k] === v);
}

export class FakeRuntime implements Runtime {
  /** Every call, in order, with its arguments (for assertions). */
  readonly calls: FakeCall[] = [];
  execSyncHandler: FakeRuntimeOptions['execSyncHandler'];
  containerBehavior: FakeRuntimeOptions['containerBehavior'];
  streamingHandler: FakeRuntimeOptions['streamingHandler'];
  termExitCode: number;

  private readonly sandboxes = new Map<string, SandboxRecord>();
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly images = new Map<string, ImageRecord>();
  private readonly registry = new Map<string, FakeImage>();
  /** Reserved names, like containerd's name index: name → id. */
  private readonly names = new Map<string, string>();
  private readonly injected = new Map<string, Error[]>();
  private readonly conditions: RuntimeCondition[] = [
    { type: 'RuntimeReady', status: true, reason: '', message: '' },
    { type: 'NetworkReady', status: true, reason: '', message: '' },
  ];
  private readonly now: () => number;
  private readonly ipPrefix: string;
  private nextIp = 2;

  constructor(o: FakeRuntimeOptions = {}) {
    this.now = o.now ?? Date.now;
    this.ipPrefix = o.ipPrefix ?? '10.88.0';
    this.termExitCode = o.termExitCode ?? 0;
    this.execSyncHandler = o.execSyncHandler;
    this.containerBehavior = o.containerBehavior;
    this.streamingHandler = o.streamingHandler;
    for (const i of o.images ?? []) this.addImage(i);
    for (const i of o.registryImages ?? []) {
      const img = typeof i === 'string' ? { name: i } : i;
      this.registry.set(normalizeImageName(img.name), img);
    }
  }

  // ---- test controls -------------------------------------------------------------------------------

  /** Makes an image present (as if imported). Returns its id. */
  addImage(i: string | FakeImage): string {
    const img = typeof i === 'string' ? { name: i } : i;
    const name = normalizeImageName(img.name);
    const existing = this.findImage(name);
    if (existing) return existing.id;
    const id = img.id ?? `sha256:${newId()}`;
    const digest = `${name.replace(/:[^:/]*$/, '')}@${id}`;
    const rec = this.images.get(id) ?? { id, repoTags: [], repoDigests: [], size: img.size ?? 1_000_000 };
    if (!name.includes('@')) rec.repoTags.push(name);
    rec.repoDigests.push(name.includes('@') ? name : digest);
    this.images.set(id, rec);
    return id;
  }

  /** A running container exits by itself (crash, completion, OOM kill). */
  exitContainer(id: string, exitCode: number, reason?: string, message?: string): void {
    const c = this.mustContainer(id);
    if (c.state !== 'CONTAINER_RUNNING') throw new Error(`fake: container ${id} is ${c.state}, not running`);
    this.finish(c, exitCode, reason, message);
  }

  /** The next call of `method` fails with err (queued; one error per call). */
  injectError(method: keyof Runtime, err: Error): void {
    const q = this.injected.get(method) ?? [];
    q.push(err);
    this.injected.set(method, q);
  }

  /** Sets a runtime condition (RuntimeReady, NetworkReady). */
  setCondition(type: string, status: boolean, reason = '', message = ''): void {
    const c = this.conditions.find((x) => x.type === type);
    if (c) Object.assign(c, { status, reason, message });
    else this.conditions.push({ type, status, reason, message });
  }

  /** Usage the stats calls report for a container. */
  setContainerStats(id: string, s: { cpuNanoCores?: number; memoryBytes?: number; cpuCoreNanos?: number }): void {
    Object.assign(this.mustContainer(id).stats, s);
  }

  /** Appends a line in CRI log format to the container's log file (sandbox logDirectory + logPath). */
  async writeLog(id: string, stream: 'stdout' | 'stderr', line: string): Promise<void> {
    const c = this.mustContainer(id);
    if (!c.logPath) throw new Error(`fake: container ${id} has no log path`);
    await mkdir(dirname(c.logPath), { recursive: true });
    await appendFile(c.logPath, `${new Date(this.now()).toISOString()} ${stream} F ${line}\n`);
  }

  /** Sandbox and container counts (for quick assertions). */
  snapshot(): { sandboxes: { id: string; state: PodSandboxState; name: string }[]; containers: { id: string; state: ContainerState; name: string; sandboxId: string }[] } {
    return {
      sandboxes: [...this.sandboxes.values()].map((s) => ({ id: s.id, state: s.state, name: s.config.metadata.name })),
      containers: [...this.containers.values()].map((c) => ({ id: c.id, state: c.state, name: c.config.metadata.name, sandboxId: c.sandboxId })),
    };
  }

  // ---- RuntimeService ------------------------------------------------------------------------------

  async version(): Promise<VersionResponse> {
    this.record('version', []);
    return { version: '0.1.0', runtimeName: 'fake', runtimeVersion: '0.1.0', runtimeApiVersion: 'v1' };
  }

  async runPodSandbox(config: PodSandboxConfig, runtimeHandler = ''): Promise<string> {
    this.record('runPodSandbox', [config, runtimeHandler]);
    const m = config.metadata;
    const name = `${m.name}_${m.namespace}_${m.uid}_${m.attempt}`;
    const id = newId();
    this.reserve(name, id);
    const hostNet = config.linux?.securityContext?.namespaceOptions?.network === 'NODE';
    const ip = hostNet ? '' : `${this.ipPrefix}.${this.nextIp++}`;
    this.sandboxes.set(id, { id, config: structuredClone(config), state: 'SANDBOX_READY', createdAt: this.now() * NS_PER_MS, ip, runtimeHandler });
    return id;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    this.record('stopPodSandbox', [podSandboxId]);
    const s = this.sandbox(podSandboxId);
    if (!s) throw notFound(`an error occurred when try to find sandbox "${podSandboxId}": not found`);
    for (const c of this.containers.values()) {
      if (c.sandboxId === s.id && c.state === 'CONTAINER_RUNNING') this.finish(c, 137, 'Error');
    }
    s.state = 'SANDBOX_NOTREADY';
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    this.record('removePodSandbox', [podSandboxId]);
    const s = this.sandbox(podSandboxId);
    if (!s) return;
    if (s.state === 'SANDBOX_READY') throw new RuntimeError(GrpcCode.Unknown, `sandbox container "${s.id}" is not fully stopped`);
    for (const c of [...this.containers.values()]) {
      if (c.sandboxId === s.id) this.dropContainer(c);
    }
    this.sandboxes.delete(s.id);
    this.release(s.id);
  }

  async podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatusResponse> {
    this.record('podSandboxStatus', [podSandboxId]);
    const s = this.sandbox(podSandboxId);
    if (!s) throw notFound(`an error occurred when try to find sandbox: not found`);
    const ns = s.config.linux?.securityContext?.namespaceOptions;
    return {
      status: {
        id: s.id,
        metadata: { ...s.config.metadata },
        state: s.state,
        createdAt: s.createdAt,
        network: { ip: s.ip, additionalIps: [] },
        linux: { namespaces: { options: { network: ns?.network ?? 'POD', pid: ns?.pid ?? 'POD', ipc: ns?.ipc ?? 'POD' } } },
        labels: { ...(s.config.labels ?? {}) },
        annotations: { ...(s.config.annotations ?? {}) },
      },
      info: {},
    };
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    this.record('listPodSandbox', [filter]);
    const out: PodSandbox[] = [];
    for (const s of this.sandboxes.values()) {
      if (filter?.id && !s.id.startsWith(filter.id)) continue;
      if (filter?.state && filter.state.state !== s.state) continue;
      if (!labelsMatch(s.config.labels ?? {}, filter?.labelSelector)) continue;
      out.push({
        id: s.id,
        metadata: { ...s.config.metadata },
        state: s.state,
        createdAt: s.createdAt,
        labels: { ...(s.config.labels ?? {}) },
        annotations: { ...(s.config.annotations ?? {}) },
        runtimeHandler: s.runtimeHandler,
      });
    }
    return out;
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    this.record('createContainer', [podSandboxId, config, sandboxConfig]);
    const s = this.sandbox(podSandboxId);
    if (!s) throw notFound(`failed to find sandbox id "${podSandboxId}": not found`);
    if (s.state !== 'SANDBOX_READY') throw new RuntimeError(GrpcCode.Unknown, `sandbox container "${s.id}" is not running`);
    const image = this.findImage(config.image.image);
    if (!image) throw notFound(`failed to get image "${config.image.image}": not found`);
    const sm = s.config.metadata;
    const name = `${config.metadata.name}_${sm.name}_${sm.namespace}_${sm.uid}_${config.metadata.attempt}`;
    const id = newId();
    this.reserve(name, id);
    const logDir = s.config.logDirectory ?? '';
    const rel = config.logPath ?? '';
    const logPath = rel === '' ? '' : isAbsolute(rel) || logDir === '' ? rel : join(logDir, rel);
    this.containers.set(id, {
      id,
      sandboxId: s.id,
      config: structuredClone(config),
      imageName: image.repoTags[0] ?? config.image.image,
      imageRef: image.id,
      state: 'CONTAINER_CREATED',
      createdAt: this.now() * NS_PER_MS,
      startedAt: 0,
      finishedAt: 0,
      exitCode: 0,
      reason: '',
      message: '',
      logPath,
      resources: config.linux?.resources ? { ...config.linux.resources } : undefined,
      stats: { cpuNanoCores: 1_000_000, memoryBytes: 4 * 1024 * 1024, cpuCoreNanos: 0 },
    });
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    this.record('startContainer', [containerId]);
    const c = this.container(containerId);
    if (!c) throw notFound(`an error occurred when try to find container "${containerId}": not found`);
    if (c.state !== 'CONTAINER_CREATED') throw new RuntimeError(GrpcCode.Unknown, `container is in ${c.state} state`);
    const s = this.sandboxes.get(c.sandboxId);
    if (!s || s.state !== 'SANDBOX_READY') throw new RuntimeError(GrpcCode.Unknown, `sandbox container "${c.sandboxId}" is not running`);
    c.state = 'CONTAINER_RUNNING';
    c.startedAt = this.now() * NS_PER_MS;
    const b = this.containerBehavior?.(structuredClone(c.config), c.id);
    if (b) {
      c.timer = setTimeout(() => {
        c.timer = undefined;
        if (c.state === 'CONTAINER_RUNNING' && this.containers.get(c.id) === c) this.finish(c, b.exitCode, b.reason, b.message);
      }, b.afterMs ?? 0);
      c.timer.unref();
    }
  }

  async stopContainer(containerId: string, timeout: number): Promise<void> {
    this.record('stopContainer', [containerId, timeout]);
    const c = this.container(containerId);
    if (!c) throw notFound(`an error occurred when try to find container "${containerId}": not found`);
    if (c.state === 'CONTAINER_RUNNING') this.finish(c, timeout > 0 ? this.termExitCode : 137);
    else if (c.state === 'CONTAINER_CREATED') c.state = 'CONTAINER_EXITED';
  }

  async removeContainer(containerId: string): Promise<void> {
    this.record('removeContainer', [containerId]);
    const c = this.container(containerId);
    if (!c) return;
    // containerd force-stops a running container before removing it.
    if (c.state === 'CONTAINER_RUNNING') this.finish(c, 137);
    this.dropContainer(c);
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    this.record('listContainers', [filter]);
    const out: Container[] = [];
    for (const c of this.containers.values()) {
      if (filter?.id && !c.id.startsWith(filter.id)) continue;
      if (filter?.state && filter.state.state !== c.state) continue;
      if (filter?.podSandboxId && !c.sandboxId.startsWith(filter.podSandboxId)) continue;
      if (!labelsMatch(c.config.labels ?? {}, filter?.labelSelector)) continue;
      out.push({
        id: c.id,
        podSandboxId: c.sandboxId,
        metadata: { ...c.config.metadata },
        image: { image: c.config.image.image },
        imageRef: c.imageRef,
        state: c.state,
        createdAt: c.createdAt,
        labels: { ...(c.config.labels ?? {}) },
        annotations: { ...(c.config.annotations ?? {}) },
      });
    }
    return out;
  }

  async containerStatus(containerId: string): Promise<ContainerStatusResponse> {
    this.record('containerStatus', [containerId]);
    const c = this.container(containerId);
    if (!c) throw notFound(`an error occurred when try to find container "${containerId}": not found`);
    const img = this.images.get(c.imageRef);
    return {
      status: {
        id: c.id,
        metadata: { ...c.config.metadata },
        state: c.state,
        createdAt: c.createdAt,
        startedAt: c.startedAt,
        finishedAt: c.finishedAt,
        exitCode: c.exitCode,
        image: { image: img?.repoTags[0] ?? c.imageName },
        imageRef: img?.repoDigests[0] ?? c.imageRef,
        reason: c.reason,
        message: c.message,
        labels: { ...(c.config.labels ?? {}) },
        annotations: { ...(c.config.annotations ?? {}) },
        mounts: (c.config.mounts ?? []).map((m) => ({ ...m })),
        logPath: c.logPath,
      },
      info: {},
    };
  }

  async updateContainerResources(containerId: string, linux: LinuxContainerResources): Promise<void> {
    this.record('updateContainerResources', [containerId, linux]);
    const c = this.container(containerId);
    if (!c) throw notFound(`container "${containerId}" not found`);
    if (c.state !== 'CONTAINER_RUNNING' && c.state !== 'CONTAINER_CREATED') throw new RuntimeError(GrpcCode.Unknown, `container is in ${c.state} state`);
    c.resources = { ...c.resources, ...linux };
  }

  async reopenContainerLog(containerId: string): Promise<void> {
    this.record('reopenContainerLog', [containerId]);
    const c = this.container(containerId);
    if (!c) throw notFound(`container "${containerId}" not found`);
    if (c.state !== 'CONTAINER_RUNNING') throw new RuntimeError(GrpcCode.Unknown, 'container is not running');
  }

  async execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResponse> {
    this.record('execSync', [containerId, cmd, timeoutSeconds]);
    const c = this.container(containerId);
    if (!c) throw notFound(`an error occurred when try to find container "${containerId}": not found`);
    if (c.state !== 'CONTAINER_RUNNING') throw new RuntimeError(GrpcCode.Unknown, `container is in ${c.state} state`);
    if (this.execSyncHandler) return this.execSyncHandler(c.id, cmd, timeoutSeconds);
    return { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0 };
  }

  async exec(req: ExecRequest): Promise<StreamingResponse> {
    this.record('exec', [req]);
    const c = this.container(req.containerId);
    if (!c) throw notFound(`an error occurred when try to find container "${req.containerId}": not found`);
    if (c.state !== 'CONTAINER_RUNNING') throw new RuntimeError(GrpcCode.Unknown, `container is in ${c.state} state`);
    return this.streaming('exec', req);
  }

  async attach(req: AttachRequest): Promise<StreamingResponse> {
    this.record('attach', [req]);
    const c = this.container(req.containerId);
    if (!c) throw notFound(`an error occurred when try to find container "${req.containerId}": not found`);
    if (c.state !== 'CONTAINER_RUNNING') throw new RuntimeError(GrpcCode.Unknown, `container is in ${c.state} state`);
    return this.streaming('attach', req);
  }

  async portForward(req: PortForwardRequest): Promise<StreamingResponse> {
    this.record('portForward', [req]);
    const s = this.sandbox(req.podSandboxId);
    if (!s) throw notFound(`failed to find sandbox "${req.podSandboxId}" in store: not found`);
    return this.streaming('portForward', req);
  }

  async containerStats(containerId: string): Promise<ContainerStats> {
    this.record('containerStats', [containerId]);
    const c = this.container(containerId);
    if (!c) throw notFound(`failed to find container: not found`);
    return this.stats(c);
  }

  async listContainerStats(filter?: ContainerStatsFilter): Promise<ContainerStats[]> {
    this.record('listContainerStats', [filter]);
    const out: ContainerStats[] = [];
    for (const c of this.containers.values()) {
      if (filter?.id && !c.id.startsWith(filter.id)) continue;
      if (filter?.podSandboxId && !c.sandboxId.startsWith(filter.podSandboxId)) continue;
      if (!labelsMatch(c.config.labels ?? {}, filter?.labelSelector)) continue;
      out.push(this.stats(c));
    }
    return out;
  }

  async status(): Promise<RuntimeStatus> {
    this.record('status', []);
    return { conditions: this.conditions.map((c) => ({ ...c })) };
  }

  // ---- ImageService --------------------------------------------------------------------------------

  async listImages(filter?: { image?: ImageSpec }): Promise<Image[]> {
    this.record('listImages', [filter]);
    if (filter?.image?.image) {
      const i = this.findImage(filter.image.image);
      return i ? [this.toImage(i)] : [];
    }
    return [...this.images.values()].map((i) => this.toImage(i));
  }

  async imageStatus(image: ImageSpec): Promise<Image | undefined> {
    this.record('imageStatus', [image]);
    const i = this.findImage(image.image);
    return i ? this.toImage(i) : undefined;
  }

  async pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string> {
    this.record('pullImage', [image, auth, sandboxConfig]);
    const name = normalizeImageName(image.image);
    const present = this.findImage(name);
    const known = this.registry.get(name);
    if (!known) {
      const host = name.split('/')[0] === 'docker.io' ? 'registry-1.docker.io' : name.split('/')[0];
      throw new RuntimeError(
        GrpcCode.Unknown,
        `failed to pull and unpack image "${name}": failed to resolve reference "${name}": failed to do request: Head "https://${host}/v2/": dial tcp: lookup ${host}: no such host`,
      );
    }
    if (present) return present.id;
    const id = this.addImage({ ...known, name });
    return id;
  }

  async removeImage(image: ImageSpec): Promise<void> {
    this.record('removeImage', [image]);
    const i = this.findImage(image.image);
    if (!i) return;
    this.images.delete(i.id);
  }

  async imageFsInfo(): Promise<FilesystemUsage[]> {
    this.record('imageFsInfo', []);
    let used = 0;
    for (const i of this.images.values()) used += i.size;
    return [{ timestamp: this.now() * NS_PER_MS, fsId: { mountpoint: '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs' }, usedBytes: { value: used }, inodesUsed: { value: this.images.size * 100 } }];
  }

  /** State survives close(), so a second client (a restarted kubelet) sees the same sandboxes. */
  close(): void {
    this.record('close', []);
  }

  // ---- internals -----------------------------------------------------------------------------------

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
    const q = this.injected.get(method);
    const err = q?.shift();
    if (err) throw err;
  }

  /** Exact id or unique prefix, like containerd's truncindex. */
  private lookup<T>(m: Map<string, T>, id: string): T | undefined {
    if (!id) return undefined;
    const exact = m.get(id);
    if (exact) return exact;
    let found: T | undefined;
    for (const [k, v] of m) {
      if (!k.startsWith(id)) continue;
      if (found) throw new RuntimeError(GrpcCode.Unknown, `ambiguous id prefix "${id}"`);
      found = v;
    }
    return found;
  }

  private sandbox(id: string): SandboxRecord | undefined {
    return this.lookup(this.sandboxes, id);
  }

  private container(id: string): ContainerRecord | undefined {
    return this.lookup(this.containers, id);
  }

  private mustContainer(id: string): ContainerRecord {
    const c = this.container(id);
    if (!c) throw new Error(`fake: no container ${id}`);
    return c;
  }

  private reserve(name: string, id: string): void {
    const holder = this.names.get(name);
    if (holder) throw new RuntimeError(GrpcCode.Unknown, `failed to reserve name "${name}": name "${name}" is reserved for "${holder}"`);
    this.names.set(name, id);
  }

  private release(id: string): void {
    for (const [n, holder] of this.names) if (holder === id) this.names.delete(n);
  }

  private finish(c: ContainerRecord, exitCode: number, reason?: string, message?: string): void {
    if (c.timer) clearTimeout(c.timer);
    c.timer = undefined;
    c.state = 'CONTAINER_EXITED';
    c.exitCode = exitCode;
    c.finishedAt = this.now() * NS_PER_MS;
    c.reason = reason ?? (exitCode === 0 ? 'Completed' : 'Error');
    c.message = message ?? '';
  }

  private dropContainer(c: ContainerRecord): void {
    if (c.timer) clearTimeout(c.timer);
    this.containers.delete(c.id);
    this.release(c.id);
  }

  private findImage(ref: string): ImageRecord | undefined {
    if (!ref) return undefined;
    const byId = this.images.get(ref) ?? this.images.get(`sha256:${ref}`);
    if (byId) return byId;
    const name = normalizeImageName(ref);
    for (const i of this.images.values()) {
      if (i.repoTags.includes(name) || i.repoDigests.includes(name)) return i;
    }
    return undefined;
  }

  private toImage(i: ImageRecord): Image {
    return { id: i.id, repoTags: [...i.repoTags], repoDigests: [...i.repoDigests], size: i.size, username: '', spec: { image: i.id }, pinned: false };
  }

  private stats(c: ContainerRecord): ContainerStats {
    const ts = this.now() * NS_PER_MS;
    const running = c.state === 'CONTAINER_RUNNING';
    return {
      attributes: { id: c.id, metadata: { ...c.config.metadata }, labels: { ...(c.config.labels ?? {}) }, annotations: { ...(c.config.annotations ?? {}) } },
      cpu: { timestamp: ts, usageCoreNanoSeconds: { value: c.stats.cpuCoreNanos }, usageNanoCores: { value: running ? c.stats.cpuNanoCores : 0 } },
      memory: { timestamp: ts, workingSetBytes: { value: running ? c.stats.memoryBytes : 0 }, usageBytes: { value: running ? c.stats.memoryBytes : 0 } },
    };
  }

  private streaming(kind: 'exec' | 'attach' | 'portForward', req: ExecRequest | AttachRequest | PortForwardRequest): StreamingResponse {
    if (this.streamingHandler) return this.streamingHandler(kind, req);
    throw new RuntimeError(GrpcCode.Unimplemented, `fake runtime has no streaming server (${kind}); set streamingHandler`);
  }
}
