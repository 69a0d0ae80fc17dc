// The Container Runtime Interface seam, as the kubelet sees it: TypeScript shapes of Kubernetes' CRI v1
// (package runtime.v1, services RuntimeService and ImageService), in the camelCase that
// @grpc/proto-loader produces (keepCase false, longs as Number, enums as String, defaults on).
// Only what kts uses is here; names and meanings follow upstream's api.proto. Two implementations:
// the gRPC client to containerd (client.ts) and the in-memory fake (fake.ts); one conformance suite.
// Timestamps are nanoseconds since the epoch as numbers (sub-microsecond precision is lost).

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';
/** NamespaceMode: POD (shared by the pod's containers), CONTAINER (own), NODE (the host's), TARGET. */
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';

export interface KeyValue { key: string; value: string }
export type Labels = Record<string, string>;

export interface VersionResponse { version: string; runtimeName: string; runtimeVersion: string; runtimeApiVersion: string }

export interface PodSandboxMetadata { name: string; uid: string; namespace: string; attempt: number }
export interface DNSConfig { servers: string[]; searches: string[]; options: string[] }
export interface PortMapping { protocol: Protocol; containerPort: number; hostPort: number; hostIp: string }
export interface NamespaceOption { network: NamespaceMode; pid: NamespaceMode; ipc: NamespaceMode; targetId?: string }
export interface Int64Value { value: number }
export interface LinuxSandboxSecurityContext {
  namespaceOptions?: NamespaceOption;
  runAsUser?: Int64Value;
  runAsGroup?: Int64Value;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  privileged?: boolean;
}
export interface LinuxPodSandboxConfig {
  cgroupParent?: string;
  securityContext?: LinuxSandboxSecurityContext;
  sysctls?: Record<string, string>;
}
export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  /** Directory on the host where container logs go; a container's logPath is relative to it. */
  logDirectory?: string;
  dnsConfig?: DNSConfig;
  portMappings?: PortMapping[];
  labels?: Labels;
  annotations?: Record<string, string>;
  linux?: LinuxPodSandboxConfig;
}
export interface PodSandboxFilter { id?: string; state?: { state: PodSandboxState }; labelSelector?: Labels }
export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  labels: Labels;
  annotations: Record<string, string>;
  runtimeHandler?: string;
}
export interface PodIP { ip: string }
export interface PodSandboxNetworkStatus { ip: string; additionalIps: PodIP[] }
export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  network?: PodSandboxNetworkStatus;
  linux?: { namespaces?: { options?: NamespaceOption } };
  labels: Labels;
  annotations: Record<string, string>;
}
export interface PodSandboxStatusResponse { status: PodSandboxStatus; info: Record<string, string> }

export interface ImageSpec { image: string; annotations?: Record<string, string> }
export interface ContainerMetadata { name: string; attempt: number }
export type MountPropagation = 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
export interface Mount { containerPath: string; hostPath: string; readonly?: boolean; selinuxRelabel?: boolean; propagation?: MountPropagation }
export interface Device { containerPath: string; hostPath: string; permissions: string }
export interface Capability { addCapabilities?: string[]; dropCapabilities?: string[] }
export interface LinuxContainerResources {
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuShares?: number;
  memoryLimitInBytes?: number;
  oomScoreAdj?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
}
export interface LinuxContainerSecurityContext {
  capabilities?: Capability;
  privileged?: boolean;
  namespaceOptions?: NamespaceOption;
  runAsUser?: Int64Value;
  runAsGroup?: Int64Value;
  runAsUsername?: string;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  noNewPrivs?: boolean;
  maskedPaths?: string[];
  readonlyPaths?: string[];
}
export interface LinuxContainerConfig { resources?: LinuxContainerResources; securityContext?: LinuxContainerSecurityContext }
export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  mounts?: Mount[];
  devices?: Device[];
  labels?: Labels;
  annotations?: Record<string, string>;
  /** Relative to the sandbox's logDirectory. */
  logPath?: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  linux?: LinuxContainerConfig;
}
export interface ContainerFilter { id?: string; state?: { state: ContainerState }; podSandboxId?: string; labelSelector?: Labels }
export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Labels;
  annotations: Record<string, string>;
}
export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  image: ImageSpec;
  imageRef: string;
  /** e.g. "OOMKilled", "Completed", "Error" (containerd sets these). */
  reason: string;
  message: string;
  labels: Labels;
  annotations: Record<string, string>;
  mounts: Mount[];
  logPath: string;
}
export interface ContainerStatusResponse { status: ContainerStatus; info: Record<string, string> }
export interface ExecSyncResponse { stdout: Buffer; stderr: Buffer; exitCode: number }
export interface ExecRequest { containerId: string; cmd: string[]; tty: boolean; stdin: boolean; stdout: boolean; stderr: boolean }
export interface AttachRequest { containerId: string; stdin: boolean; tty: boolean; stdout: boolean; stderr: boolean }
export interface PortForwardRequest { podSandboxId: string; port: number[] }
/** Exec/Attach/PortForward answer with a URL on the runtime's streaming server (SPDY or WebSocket). */
export interface StreamingResponse { url: string }

export interface UInt64Value { value: number }
export interface CpuUsage { timestamp: number; usageCoreNanoSeconds?: UInt64Value; usageNanoCores?: UInt64Value }
export interface MemoryUsage { timestamp: number; workingSetBytes?: UInt64Value; availableBytes?: UInt64Value; usageBytes?: UInt64Value; rssBytes?: UInt64Value; pageFaults?: UInt64Value; majorPageFaults?: UInt64Value }
export interface ContainerAttributes { id: string; metadata: ContainerMetadata; labels: Labels; annotations: Record<string, string> }
export interface ContainerStats { attributes: ContainerAttributes; cpu?: CpuUsage; memory?: MemoryUsage }
export interface ContainerStatsFilter { id?: string; podSandboxId?: string; labelSelector?: Labels }

export interface RuntimeCondition { type: string; status: boolean; reason: string; message: string }
export interface RuntimeStatus { conditions: RuntimeCondition[] }

export interface Image { id: string; repoTags: string[]; repoDigests: string[]; size: number; uid?: Int64Value; username: string; spec?: ImageSpec; pinned?: boolean }
export interface AuthConfig { username?: string; password?: string; auth?: string; serverAddress?: string; identityToken?: string; registryToken?: string }
export interface FilesystemUsage { timestamp: number; fsId?: { mountpoint: string }; usedBytes?: UInt64Value; inodesUsed?: UInt64Value }

/** runtime.v1.RuntimeService. Errors are RuntimeError (below). */
export interface RuntimeService {
  version(): Promise<VersionResponse>;
  runPodSandbox(config: PodSandboxConfig, runtimeHandler?: string): Promise<string>;
  stopPodSandbox(podSandboxId: string): Promise<void>;
  removePodSandbox(podSandboxId: string): Promise<void>;
  podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatusResponse>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** Stops with a grace period in seconds (SIGTERM, then SIGKILL after timeout; 0 kills at once). */
  stopContainer(containerId: string, timeout: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  containerStatus(containerId: string): Promise<ContainerStatusResponse>;
  updateContainerResources(containerId: string, linux: LinuxContainerResources): Promise<void>;
  reopenContainerLog(containerId: string): Promise<void>;
  execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResponse>;
  exec(req: ExecRequest): Promise<StreamingResponse>;
  attach(req: AttachRequest): Promise<StreamingResponse>;
  portForward(req: PortForwardRequest): Promise<StreamingResponse>;
  containerStats(containerId: string): Promise<ContainerStats>;
  listContainerStats(filter?: ContainerStatsFilter): Promise<ContainerStats[]>;
  status(): Promise<RuntimeStatus>;
}

/** runtime.v1.ImageService. */
export interface ImageService {
  listImages(filter?: { image?: ImageSpec }): Promise<Image[]>;
  /** undefined when the image is not present. */
  imageStatus(image: ImageSpec): Promise<Image | undefined>;
  /** Returns the image reference (digest or id). */
  pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string>;
  removeImage(image: ImageSpec): Promise<void>;
  imageFsInfo(): Promise<FilesystemUsage[]>;
}

/** Both services, plus closing the connection. */
export interface Runtime extends RuntimeService, ImageService {
  close(): void;
}

/** gRPC status codes the kubelet branches on (same numbers as gRPC). */
export const GrpcCode = { NotFound: 5, AlreadyExists: 6, Unknown: 2, DeadlineExceeded: 4, Unavailable: 14, Unimplemented: 12 } as const;

/** An error from the runtime, carrying the gRPC status code (NotFound for a missing container, …). */
export class RuntimeError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

export function isRuntimeNotFound(e: unknown): boolean {
  return e instanceof RuntimeError && e.code === GrpcCode.NotFound;
}

/** Labels kts (like the upstream kubelet) puts on sandboxes and containers, to find them again. */
export const CRI_LABELS = {
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  podUid: 'io.kubernetes.pod.uid',
  containerName: 'io.kubernetes.container.name',
} as const;
