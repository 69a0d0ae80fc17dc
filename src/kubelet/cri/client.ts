// The CRI v1 gRPC client: the kubelet's side of runtime.v1.RuntimeService and ImageService, over a unix
// socket to containerd (or any CRI runtime). Messages are built and read in the camelCase shapes of
// types.ts; @grpc/proto-loader does the protobuf encoding from api.proto beside this file.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  GrpcCode,
  RuntimeError,
  type AttachRequest,
  type AuthConfig,
  type Container,
  type ContainerFilter,
  type ContainerStats,
  type ContainerStatsFilter,
  type ContainerStatusResponse,
  type ContainerConfig,
  type ExecRequest,
  type ExecSyncResponse,
  type FilesystemUsage,
  type Image,
  type ImageSpec,
  type LinuxContainerResources,
  type PodSandbox,
  type PodSandboxConfig,
  type PodSandboxFilter,
  type PodSandboxStatusResponse,
  type PortForwardRequest,
  type Runtime,
  type RuntimeStatus,
  type StreamingResponse,
  type VersionResponse,
} from './types.js';

/** What the kubelet sends in VersionRequest.version (upstream's kubeRuntimeAPIVersion). */
const KUBE_RUNTIME_API_VERSION = '0.1.0';
/** Upstream kubelet's --runtime-request-timeout default. */
const DEFAULT_TIMEOUT_MS = 2 * 60 * 1000;
/** Upstream kubelet's maximum CRI message size (16 MiB). */
const MAX_MSG_SIZE = 16 * 1024 * 1024;

export interface ConnectRuntimeOptions {
  /** unix:///path/to/containerd.sock (a bare absolute path is accepted too). */
  endpoint: string;
  /** Deadline of each ordinary call; image pulls have none. Default 2 minutes. */
  timeoutMs?: number;
}

/** Where api.proto is: beside the compiled file when copied there, else back in src/. */
export function protoPath(): string {
  const candidates = [new URL('./api.proto', import.meta.url), new URL('../../../../src/kubelet/cri/api.proto', import.meta.url)];
  for (const c of candidates) {
    const p = fileURLToPath(c);
    if (existsSync(p)) return p;
  }
  throw new Error(`CRI api.proto not found (looked at ${candidates.map((c) => fileURLToPath(c)).join(', ')})`);
}

type GrpcCtor = new (address: string, creds: grpc.ChannelCredentials, options?: grpc.ChannelOptions) => grpc.Client;
let services: { runtime: GrpcCtor; image: GrpcCtor } | undefined;

function loadServices(): { runtime: GrpcCtor; image: GrpcCtor } {
  if (services) return services;
  const def = protoLoader.loadSync(protoPath(), { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
  const root = grpc.loadPackageDefinition(def) as unknown as { runtime: { v1: { RuntimeService: GrpcCtor; ImageService: GrpcCtor } } };
  services = { runtime: root.runtime.v1.RuntimeService, image: root.runtime.v1.ImageService };
  return services;
}

type UnaryCallback = (err: grpc.ServiceError | null, res?: unknown) => void;
type UnaryMethod = (req: object, meta: grpc.Metadata, opts: grpc.CallOptions, cb: UnaryCallback) => grpc.ClientUnaryCall;

/** proto-loader with defaults on gives null for unset message fields; types.ts uses absent (undefined). */
function dropNulls<T>(v: unknown): T {
  if (v === null) return undefined as T;
  if (Array.isArray(v)) return v.map((x) => dropNulls(x)) as T;
  if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === null) continue;
      out[k] = dropNulls(x);
    }
    return out as T;
  }
  return v as T;
}

function toRuntimeError(e: grpc.ServiceError, method: string): RuntimeError {
  const code = typeof e.code === 'number' ? e.code : GrpcCode.Unknown;
  const details = e.details || e.message || `${method} failed`;
  return new RuntimeError(code, details);
}

class CriClient implements Runtime {
  private readonly rt: grpc.Client;
  private readonly img: grpc.Client;
  private readonly timeoutMs: number;

  constructor(o: ConnectRuntimeOptions) {
    const { runtime, image } = loadServices();
    const target = o.endpoint.startsWith('/') ? `unix://${o.endpoint}` : o.endpoint;
    const opts: grpc.ChannelOptions = {
      'grpc.max_receive_message_length': MAX_MSG_SIZE,
      'grpc.max_send_message_length': MAX_MSG_SIZE,
    };
    this.rt = new runtime(target, grpc.credentials.createInsecure(), opts);
    this.img = new image(target, grpc.credentials.createInsecure(), opts);
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private call<T>(client: grpc.Client, method: string, req: object, timeoutMs: number | undefined = this.timeoutMs): Promise<T> {
    const fn = (client as unknown as Record<string, UnaryMethod>)[method];
    if (typeof fn !== 'function') return Promise.reject(new RuntimeError(GrpcCode.Unimplemented, `CRI method ${method} is not in api.proto`));
    const opts: grpc.CallOptions = timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs };
    return new Promise<T>((resolve, reject) => {
      fn.call(client, req, new grpc.Metadata(), opts, (err, res) => {
        if (err) reject(toRuntimeError(err, method));
        else resolve(dropNulls<T>(res ?? {}));
      });
    });
  }

  // ---- RuntimeService

  async version(): Promise<VersionResponse> {
    return this.call<VersionResponse>(this.rt, 'version', { version: KUBE_RUNTIME_API_VERSION });
  }

  async runPodSandbox(config: PodSandboxConfig, runtimeHandler?: string): Promise<string> {
    const r = await this.call<{ podSandboxId: string }>(this.rt, 'runPodSandbox', { config, runtimeHandler: runtimeHandler ?? '' });
    return r.podSandboxId;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    await this.call(this.rt, 'stopPodSandbox', { podSandboxId });
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    await this.call(this.rt, 'removePodSandbox', { podSandboxId });
  }

  async podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatusResponse> {
    const r = await this.call<PodSandboxStatusResponse>(this.rt, 'podSandboxStatus', { podSandboxId, verbose: false });
    if (!r.status) throw new RuntimeError(GrpcCode.NotFound, `pod sandbox ${podSandboxId} has no status`);
    return { status: r.status, info: r.info ?? {} };
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    const r = await this.call<{ items?: PodSandbox[] }>(this.rt, 'listPodSandbox', filter ? { filter } : {});
    return r.items ?? [];
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    const r = await this.call<{ containerId: string }>(this.rt, 'createContainer', { podSandboxId, config, sandboxConfig });
    return r.containerId;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.call(this.rt, 'startContainer', { containerId });
  }

  async stopContainer(containerId: string, timeout: number): Promise<void> {
    // The runtime may take the whole grace period; give the call that much on top of the usual deadline.
    await this.call(this.rt, 'stopContainer', { containerId, timeout }, this.timeoutMs + Math.max(0, timeout) * 1000);
  }

  async removeContainer(containerId: string): Promise<void> {
    await this.call(this.rt, 'removeContainer', { containerId });
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    const r = await this.call<{ containers?: Container[] }>(this.rt, 'listContainers', filter ? { filter } : {});
    return r.containers ?? [];
  }

  async containerStatus(containerId: string): Promise<ContainerStatusResponse> {
    const r = await this.call<ContainerStatusResponse>(this.rt, 'containerStatus', { containerId, verbose: false });
    if (!r.status) throw new RuntimeError(GrpcCode.NotFound, `container ${containerId} has no status`);
    return { status: { ...r.status, mounts: r.status.mounts ?? [] }, info: r.info ?? {} };
  }

  async updateContainerResources(containerId: string, linux: LinuxContainerResources): Promise<void> {
    await this.call(this.rt, 'updateContainerResources', { containerId, linux });
  }

  async reopenContainerLog(containerId: string): Promise<void> {
    await this.call(this.rt, 'reopenContainerLog', { containerId });
  }

  async execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResponse> {
    const deadline = timeoutSeconds > 0 ? timeoutSeconds * 1000 + this.timeoutMs : undefined;
    const r = await this.call<{ stdout?: Buffer; stderr?: Buffer; exitCode?: number }>(this.rt, 'execSync', { containerId, cmd, timeout: timeoutSeconds }, deadline);
    return { stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr ?? Buffer.alloc(0), exitCode: r.exitCode ?? 0 };
  }

  async exec(req: ExecRequest): Promise<StreamingResponse> {
    return this.call<StreamingResponse>(this.rt, 'exec', req);
  }

  async attach(req: AttachRequest): Promise<StreamingResponse> {
    return this.call<StreamingResponse>(this.rt, 'attach', req);
  }

  async portForward(req: PortForwardRequest): Promise<StreamingResponse> {
    return this.call<StreamingResponse>(this.rt, 'portForward', req);
  }

  async containerStats(containerId: string): Promise<ContainerStats> {
    const r = await this.call<{ stats?: ContainerStats }>(this.rt, 'containerStats', { containerId });
    if (!r.stats) throw new RuntimeError(GrpcCode.NotFound, `no stats for container ${containerId}`);
    return r.stats;
  }

  async listContainerStats(filter?: ContainerStatsFilter): Promise<ContainerStats[]> {
    const r = await this.call<{ stats?: ContainerStats[] }>(this.rt, 'listContainerStats', filter ? { filter } : {});
    return r.stats ?? [];
  }

  async status(): Promise<RuntimeStatus> {
    const r = await this.call<{ status?: RuntimeStatus }>(this.rt, 'status', { verbose: false });
    return { conditions: r.status?.conditions ?? [] };
  }

  // ---- ImageService

  async listImages(filter?: { image?: ImageSpec }): Promise<Image[]> {
    const r = await this.call<{ images?: Image[] }>(this.img, 'listImages', filter ? { filter } : {});
    return r.images ?? [];
  }

  async imageStatus(image: ImageSpec): Promise<Image | undefined> {
    const r = await this.call<{ image?: Image }>(this.img, 'imageStatus', { image, verbose: false });
    return r.image && r.image.id ? r.image : undefined;
  }

  async pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string> {
    // Pulls have no deadline, as upstream (they may take long; the kubelet bounds them by progress instead).
    const r = await this.call<{ imageRef: string }>(this.img, 'pullImage', { image, auth, sandboxConfig }, undefined);
    return r.imageRef;
  }

  async removeImage(image: ImageSpec): Promise<void> {
    await this.call(this.img, 'removeImage', { image });
  }

  async imageFsInfo(): Promise<FilesystemUsage[]> {
    const r = await this.call<{ imageFilesystems?: FilesystemUsage[] }>(this.img, 'imageFsInfo', {});
    return r.imageFilesystems ?? [];
  }

  close(): void {
    this.img.close();
    this.rt.close();
  }
}

/** A Runtime over CRI gRPC. Connects lazily: the first call fails with Unavailable if nothing listens. */
export function connectRuntime(o: ConnectRuntimeOptions): Runtime {
  return new CriClient(o);
}
