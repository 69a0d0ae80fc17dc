// core/v1: Containers: their spec (environment, mounts, probes, lifecycle, security) and their status.
// Field names, protobuf numbers, types and list/patch semantics follow Kubernetes 1.32; descriptions are kts's own.

import { arr, f, map, type FieldDef, type TypeDef } from '../../dsl.js';
import { inlined, inlinedFields } from './embedded.js';

/** The container fields of an ephemeral container (EphemeralContainerCommon); EphemeralContainer inlines them in JSON. */
const ephemeralContainerCommonFields: Record<string, FieldDef> = {
  name: f(1, 'string', "Name of the ephemeral container, unique among all the pod's containers.", { default: '' }),
  image: f(2, 'string', 'Name of the image the container runs.'),
  command: f(3, arr('string'), "Entrypoint array, run without a shell; replaces the image's ENTRYPOINT.", { listType: 'atomic' }),
  args: f(4, arr('string'), "Arguments to the entrypoint; replace the image's CMD.", { listType: 'atomic' }),
  workingDir: f(5, 'string', "Working directory of the container; defaults to the image's."),
  ports: f(6, arr('core.v1.ContainerPort'), 'Not allowed for ephemeral containers.', {
    patchStrategy: 'merge',
    patchMergeKey: 'containerPort',
    listType: 'map',
    listMapKeys: ['containerPort', 'protocol'],
  }),
  envFrom: f(19, arr('core.v1.EnvFromSource'), 'Sources whose keys all become environment variables.', { listType: 'atomic' }),
  env: f(7, arr('core.v1.EnvVar'), 'Environment variables for the container.', {
    patchStrategy: 'merge',
    patchMergeKey: 'name',
    listType: 'map',
    listMapKeys: ['name'],
  }),
  resources: f(8, 'core.v1.ResourceRequirements', 'Not allowed for ephemeral containers.', { default: {} }),
  resizePolicy: f(23, arr('core.v1.ContainerResizePolicy'), 'Not allowed for ephemeral containers.', { listType: 'atomic' }),
  restartPolicy: f(24, 'string', 'Not allowed for ephemeral containers.'),
  volumeMounts: f(9, arr('core.v1.VolumeMount'), 'Pod volumes mounted into the container; subPath mounts are not allowed.', {
    patchStrategy: 'merge',
    patchMergeKey: 'mountPath',
    listType: 'map',
    listMapKeys: ['mountPath'],
  }),
  volumeDevices: f(21, arr('core.v1.VolumeDevice'), 'Block devices the container uses.', {
    patchStrategy: 'merge',
    patchMergeKey: 'devicePath',
    listType: 'map',
    listMapKeys: ['devicePath'],
  }),
  livenessProbe: f(10, 'core.v1.Probe', 'Not allowed for ephemeral containers.'),
  readinessProbe: f(11, 'core.v1.Probe', 'Not allowed for ephemeral containers.'),
  startupProbe: f(22, 'core.v1.Probe', 'Not allowed for ephemeral containers.'),
  lifecycle: f(12, 'core.v1.Lifecycle', 'Not allowed for ephemeral containers.'),
  terminationMessagePath: f(13, 'string', 'File in the container whose contents become the termination message.'),
  terminationMessagePolicy: f(20, 'string', 'How the termination message is filled in.', { enum: ['FallbackToLogsOnError', 'File'] }),
  imagePullPolicy: f(14, 'string', 'When the image is pulled: Always, Never or IfNotPresent.', {
    enum: ['Always', 'IfNotPresent', 'Never'],
  }),
  securityContext: f(15, 'core.v1.SecurityContext', 'Security options the container runs with.'),
  stdin: f(16, 'boolean', 'Keep a stdin buffer open for the container.'),
  stdinOnce: f(17, 'boolean', 'Close stdin after the first attached session ends.'),
  tty: f(18, 'boolean', 'Allocate a TTY for the container.'),
};

export const containerTypes: TypeDef[] = [
  {
    id: 'core.v1.Container',
    description: 'A single application container in a pod.',
    fields: {
      name: f(1, 'string', 'Name of the container, a DNS label unique within the pod.', { required: true, default: '' }),
      image: f(2, 'string', 'Name of the image the container runs.'),
      command: f(3, arr('string'), "Entrypoint array, run without a shell; replaces the image's ENTRYPOINT.", { listType: 'atomic' }),
      args: f(4, arr('string'), "Arguments to the entrypoint; replace the image's CMD.", { listType: 'atomic' }),
      workingDir: f(5, 'string', "Working directory of the container; defaults to the image's."),
      ports: f(6, arr('core.v1.ContainerPort'), 'Ports the container exposes; informational, except for named-port lookups.', {
        patchStrategy: 'merge',
        patchMergeKey: 'containerPort',
        listType: 'map',
        listMapKeys: ['containerPort', 'protocol'],
      }),
      envFrom: f(19, arr('core.v1.EnvFromSource'), 'Sources whose keys all become environment variables.', { listType: 'atomic' }),
      env: f(7, arr('core.v1.EnvVar'), 'Environment variables for the container.', {
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
      resources: f(8, 'core.v1.ResourceRequirements', 'Compute resources the container needs.', { default: {} }),
      resizePolicy: f(23, arr('core.v1.ContainerResizePolicy'), 'How each resource may be resized in place.', { listType: 'atomic' }),
      restartPolicy: f(24, 'string', 'Restart behaviour of this container; only Always is allowed, making an init container a sidecar.'),
      volumeMounts: f(9, arr('core.v1.VolumeMount'), 'Volumes of the pod to mount inside the container.', {
        patchStrategy: 'merge',
        patchMergeKey: 'mountPath',
        listType: 'map',
        listMapKeys: ['mountPath'],
      }),
      volumeDevices: f(21, arr('core.v1.VolumeDevice'), 'Block devices the container uses.', {
        patchStrategy: 'merge',
        patchMergeKey: 'devicePath',
        listType: 'map',
        listMapKeys: ['devicePath'],
      }),
      livenessProbe: f(10, 'core.v1.Probe', 'Probe whose failure restarts the container.'),
      readinessProbe: f(11, 'core.v1.Probe', 'Probe whose failure removes the pod from service endpoints.'),
      startupProbe: f(22, 'core.v1.Probe', 'Probe that must succeed before the other probes start.'),
      lifecycle: f(12, 'core.v1.Lifecycle', 'Actions run after the container starts and before it stops.'),
      terminationMessagePath: f(13, 'string', 'File in the container whose contents become the termination message.'),
      terminationMessagePolicy: f(20, 'string', 'How the termination message is filled in.', { enum: ['FallbackToLogsOnError', 'File'] }),
      imagePullPolicy: f(14, 'string', 'When the image is pulled: Always, Never or IfNotPresent.', {
        enum: ['Always', 'IfNotPresent', 'Never'],
      }),
      securityContext: f(15, 'core.v1.SecurityContext', 'Security options the container runs with.'),
      stdin: f(16, 'boolean', 'Keep a stdin buffer open for the container.'),
      stdinOnce: f(17, 'boolean', 'Close stdin after the first attached session ends.'),
      tty: f(18, 'boolean', 'Allocate a TTY for the container.'),
    },
  },
  {
    id: 'core.v1.EphemeralContainer',
    description: 'A temporary container added to a running pod, for example for debugging.',
    fields: {
      // protobuf: the container fields travel in ephemeralContainerCommon = 1 (core.v1.EphemeralContainerCommon) and
      // targetContainerName is 2; JSON inlines the common fields, so they carry no protobuf number here (see embedded.ts).
      ...inlinedFields(ephemeralContainerCommonFields, { name: { required: true } }),
      targetContainerName: f(2, 'string', 'Name of the container whose namespaces this one joins.'),
    },
  },
  {
    id: 'core.v1.EphemeralContainerCommon',
    description: 'The container fields of an ephemeral container; exists only as an embedded protobuf message.',
    fields: ephemeralContainerCommonFields,
  },
  {
    id: 'core.v1.ContainerPort',
    description: 'A network port of a single container.',
    fields: {
      name: f(1, 'string', 'Name of the port, an IANA_SVC_NAME unique within the pod.'),
      hostPort: f(2, 'int32', 'Port exposed on the host; most containers do not need one.'),
      containerPort: f(3, 'int32', "Port number on the pod's IP address.", { required: true, default: 0 }),
      protocol: f(4, 'string', 'Protocol of the port; defaults to TCP.', { enum: ['SCTP', 'TCP', 'UDP'], default: 'TCP' }),
      hostIP: f(5, 'string', 'Host IP the host port is bound to.'),
    },
  },
  {
    id: 'core.v1.EnvVar',
    description: 'An environment variable of a container.',
    fields: {
      name: f(1, 'string', 'Name of the variable.', { required: true, default: '' }),
      value: f(2, 'string', 'Value of the variable; $(VAR) references to earlier variables are expanded.'),
      valueFrom: f(3, 'core.v1.EnvVarSource', 'Source of the value, when value is not given.'),
    },
  },
  {
    id: 'core.v1.EnvVarSource',
    description: "Where an environment variable's value comes from.",
    fields: {
      fieldRef: f(1, 'core.v1.ObjectFieldSelector', 'A field of the pod.'),
      resourceFieldRef: f(2, 'core.v1.ResourceFieldSelector', 'A resource limit or request of a container.'),
      configMapKeyRef: f(3, 'core.v1.ConfigMapKeySelector', 'A key of a ConfigMap.'),
      secretKeyRef: f(4, 'core.v1.SecretKeySelector', "A Secret key in the pod's namespace."),
    },
  },
  {
    id: 'core.v1.ObjectFieldSelector',
    description: 'Selects a field of an object.',
    structType: 'atomic',
    fields: {
      apiVersion: f(1, 'string', 'Schema version in which fieldPath is expressed; v1 by default.'),
      fieldPath: f(2, 'string', 'Path of the field to select.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.ResourceFieldSelector',
    description: 'Selects a container resource (limits or requests) and how to scale it.',
    structType: 'atomic',
    fields: {
      containerName: f(1, 'string', 'Name of the container; needed for volumes, optional for environment variables.'),
      resource: f(2, 'string', 'Resource to select, such as limits.cpu.', { required: true, default: '' }),
      divisor: f(3, 'Quantity', 'Unit the value is expressed in; defaults to 1.'),
    },
  },
  {
    id: 'core.v1.ConfigMapKeySelector',
    description: 'Picks one key of a ConfigMap.',
    structType: 'atomic',
    fields: {
      // protobuf: name travels inside localObjectReference = 1 (core.v1.LocalObjectReference), which JSON inlines (see embedded.ts).
      name: inlined('string', 'Name of the ConfigMap.', { default: '' }),
      key: f(2, 'string', 'Key within the ConfigMap.', { required: true, default: '' }),
      optional: f(3, 'boolean', 'Whether the ConfigMap or key may be missing.'),
    },
  },
  {
    id: 'core.v1.SecretKeySelector',
    description: 'Picks one key of a Secret.',
    structType: 'atomic',
    fields: {
      // protobuf: name travels inside localObjectReference = 1 (core.v1.LocalObjectReference), which JSON inlines (see embedded.ts).
      name: inlined('string', 'Name of the Secret.', { default: '' }),
      key: f(2, 'string', 'Key within the Secret.', { required: true, default: '' }),
      optional: f(3, 'boolean', 'Whether the Secret or key may be missing.'),
    },
  },
  {
    id: 'core.v1.EnvFromSource',
    description: 'A source whose keys are imported as environment variables.',
    fields: {
      prefix: f(1, 'string', 'String prepended to each imported key.'),
      configMapRef: f(2, 'core.v1.ConfigMapEnvSource', 'The ConfigMap to import from.'),
      secretRef: f(3, 'core.v1.SecretEnvSource', 'The Secret to import from.'),
    },
  },
  {
    id: 'core.v1.ConfigMapEnvSource',
    description: 'A ConfigMap whose data becomes environment variables.',
    fields: {
      // protobuf: name travels inside localObjectReference = 1 (core.v1.LocalObjectReference), which JSON inlines (see embedded.ts).
      name: inlined('string', 'Name of the ConfigMap.', { default: '' }),
      optional: f(2, 'boolean', 'Whether the ConfigMap may be missing.'),
    },
  },
  {
    id: 'core.v1.SecretEnvSource',
    description: 'A Secret whose data becomes environment variables.',
    fields: {
      // protobuf: name travels inside localObjectReference = 1 (core.v1.LocalObjectReference), which JSON inlines (see embedded.ts).
      name: inlined('string', 'Name of the Secret.', { default: '' }),
      optional: f(2, 'boolean', 'Whether the Secret may be missing.'),
    },
  },
  {
    id: 'core.v1.VolumeMount',
    description: 'Mounts a volume into a container.',
    fields: {
      name: f(1, 'string', 'Name of the pod volume to mount.', { required: true, default: '' }),
      readOnly: f(2, 'boolean', 'Mount read-only; defaults to false.'),
      recursiveReadOnly: f(7, 'string', 'Whether a read-only mount is also read-only for its submounts: Disabled, IfPossible or Enabled.'),
      mountPath: f(3, 'string', "Path inside the container where the volume is mounted; must not contain ':'.", {
        required: true,
        default: '',
      }),
      subPath: f(4, 'string', 'Path within the volume to mount instead of its root.'),
      mountPropagation: f(5, 'string', 'How mounts propagate between the host and the container.', {
        enum: ['Bidirectional', 'HostToContainer', 'None'],
      }),
      subPathExpr: f(6, 'string', "Like subPath, with $(VAR) references expanded from the container's environment."),
    },
  },
  {
    id: 'core.v1.VolumeDevice',
    description: 'Maps a raw block volume into a container.',
    fields: {
      name: f(1, 'string', 'Name of a persistentVolumeClaim volume of the pod.', { required: true, default: '' }),
      devicePath: f(2, 'string', 'Path inside the container the device is mapped to.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.ResourceRequirements',
    description: 'Compute resource requirements.',
    fields: {
      limits: f(1, map('Quantity'), 'Maximum amounts of compute resources allowed.'),
      requests: f(2, map('Quantity'), 'Minimum amounts of compute resources required; default to the limits.'),
      claims: f(3, arr('core.v1.ResourceClaim'), "Names of the pod's resource claims this container uses.", {
        listType: 'map',
        listMapKeys: ['name'],
      }),
    },
  },
  {
    id: 'core.v1.ResourceClaim',
    description: "A reference to one of the pod's resource claims.",
    fields: {
      name: f(1, 'string', "Name of an entry in the pod's resourceClaims.", { required: true, default: '' }),
      request: f(2, 'string', 'Name of one request within the claim; empty makes all requests available.'),
    },
  },
  {
    id: 'core.v1.ContainerResizePolicy',
    description: 'How a resource of a container is resized in place.',
    fields: {
      resourceName: f(1, 'string', 'Resource this policy applies to: cpu or memory.', { required: true, default: '' }),
      restartPolicy: f(2, 'string', 'Restart behaviour when the resource is resized: NotRequired or RestartContainer.', {
        required: true,
        default: '',
      }),
    },
  },
  {
    id: 'core.v1.Probe',
    description: 'A health check run against a container.',
    fields: {
      // protobuf: exec, httpGet, tcpSocket and grpc travel in handler = 1 (core.v1.ProbeHandler); JSON inlines them,
      // so they carry no protobuf number here (see embedded.ts).
      exec: inlined('core.v1.ExecAction', 'Run a command in the container.'),
      httpGet: inlined('core.v1.HTTPGetAction', 'Send an HTTP GET request.'),
      tcpSocket: inlined('core.v1.TCPSocketAction', 'Open a TCP connection.'),
      grpc: inlined('core.v1.GRPCAction', 'Call the gRPC health service.'),
      initialDelaySeconds: f(2, 'int32', 'Seconds after the container starts before probes begin.'),
      timeoutSeconds: f(3, 'int32', 'Seconds after which the probe times out; defaults to 1.'),
      periodSeconds: f(4, 'int32', 'How often, in seconds, to probe; defaults to 10.'),
      successThreshold: f(5, 'int32', 'Consecutive successes needed after a failure to count as healthy; defaults to 1.'),
      failureThreshold: f(6, 'int32', 'Consecutive failures needed to count as failed; defaults to 3.'),
      terminationGracePeriodSeconds: f(7, 'int64', "Grace period used when a probe failure kills the container, overriding the pod's."),
    },
  },
  {
    id: 'core.v1.ProbeHandler',
    description: 'The action a probe takes; exists only as an embedded protobuf message, inlined into Probe in JSON.',
    fields: {
      exec: f(1, 'core.v1.ExecAction', 'Run a command in the container.'),
      httpGet: f(2, 'core.v1.HTTPGetAction', 'Send an HTTP GET request.'),
      tcpSocket: f(3, 'core.v1.TCPSocketAction', 'Open a TCP connection.'),
      grpc: f(4, 'core.v1.GRPCAction', 'Call the gRPC health service.'),
    },
  },
  {
    id: 'core.v1.ExecAction',
    description: 'Runs a command in the container.',
    fields: {
      command: f(1, arr('string'), 'Command line to run, not in a shell; exit status 0 means success.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.HTTPGetAction',
    description: 'Sends an HTTP GET request.',
    fields: {
      path: f(1, 'string', 'Path to request.'),
      port: f(2, 'IntOrString', 'Port number or name to connect to.', { required: true }),
      host: f(3, 'string', 'Host name to connect to; the pod IP when empty.'),
      scheme: f(4, 'string', 'Scheme to connect with; defaults to HTTP.', { enum: ['HTTP', 'HTTPS'] }),
      httpHeaders: f(5, arr('core.v1.HTTPHeader'), 'Custom headers to send.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.HTTPHeader',
    description: 'An HTTP header.',
    fields: {
      name: f(1, 'string', 'Header name, normalized in output.', { required: true, default: '' }),
      value: f(2, 'string', 'Header value.', { required: true, default: '' }),
    },
  },
  {
    id: 'core.v1.TCPSocketAction',
    description: 'Opens a TCP connection.',
    fields: {
      port: f(1, 'IntOrString', 'Port number or name to connect to.', { required: true }),
      host: f(2, 'string', 'Host name to connect to; the pod IP when empty.'),
    },
  },
  {
    id: 'core.v1.GRPCAction',
    description: 'Calls the gRPC health checking service.',
    fields: {
      port: f(1, 'int32', 'Port on which the gRPC service listens.', { required: true, default: 0 }),
      service: f(2, 'string', 'Service name sent in the health check request.', { default: '' }),
    },
  },
  {
    id: 'core.v1.Lifecycle',
    description: 'Actions the system runs in response to container lifecycle events.',
    fields: {
      postStart: f(1, 'core.v1.LifecycleHandler', 'Called right after the container is created.'),
      preStop: f(2, 'core.v1.LifecycleHandler', 'Called before the container is terminated.'),
    },
  },
  {
    id: 'core.v1.LifecycleHandler',
    description: 'An action run at a container lifecycle event.',
    fields: {
      exec: f(1, 'core.v1.ExecAction', 'Run a command in the container.'),
      httpGet: f(2, 'core.v1.HTTPGetAction', 'Send an HTTP GET request.'),
      tcpSocket: f(3, 'core.v1.TCPSocketAction', 'Deprecated; kept for compatibility and not supported as a handler.'),
      sleep: f(4, 'core.v1.SleepAction', 'Sleep for a while.'),
    },
  },
  {
    id: 'core.v1.SleepAction',
    description: 'Sleeps for a while.',
    fields: {
      seconds: f(1, 'int64', 'Number of seconds to sleep.', { required: true, default: 0 }),
    },
  },
  {
    id: 'core.v1.SecurityContext',
    description: "Security options for a container, overriding the pod's where both are set.",
    fields: {
      capabilities: f(1, 'core.v1.Capabilities', 'Capabilities to add or drop.'),
      privileged: f(2, 'boolean', 'Run as a privileged container.'),
      seLinuxOptions: f(3, 'core.v1.SELinuxOptions', 'SELinux context for the container.'),
      windowsOptions: f(10, 'core.v1.WindowsSecurityContextOptions', 'Windows-specific settings for the container.'),
      runAsUser: f(4, 'int64', 'UID used for the entrypoint of the container process.'),
      runAsGroup: f(8, 'int64', 'GID used for the entrypoint of the container process.'),
      runAsNonRoot: f(5, 'boolean', 'Require the container to run as a non-root user.'),
      readOnlyRootFilesystem: f(6, 'boolean', "Mount the container's root filesystem read-only."),
      allowPrivilegeEscalation: f(7, 'boolean', 'Whether a process may gain more privileges than its parent.'),
      procMount: f(9, 'string', 'Type of proc mount for the container.', { enum: ['Default', 'Unmasked'] }),
      seccompProfile: f(11, 'core.v1.SeccompProfile', 'Seccomp options for the container.'),
      appArmorProfile: f(12, 'core.v1.AppArmorProfile', 'AppArmor options for the container.'),
    },
  },
  {
    id: 'core.v1.Capabilities',
    description: 'POSIX capabilities to add to or drop from a running container.',
    fields: {
      add: f(1, arr('string'), 'Capabilities to add.', { listType: 'atomic' }),
      drop: f(2, arr('string'), 'Capabilities to drop.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.SELinuxOptions',
    description: 'SELinux labels to apply.',
    fields: {
      user: f(1, 'string', 'SELinux user label.'),
      role: f(2, 'string', 'SELinux role label.'),
      type: f(3, 'string', 'SELinux type label.'),
      level: f(4, 'string', 'SELinux level label.'),
    },
  },
  {
    id: 'core.v1.SeccompProfile',
    description: 'A seccomp profile.',
    fields: {
      type: f(1, 'string', 'Kind of profile: Localhost, RuntimeDefault or Unconfined.', {
        required: true,
        enum: ['Localhost', 'RuntimeDefault', 'Unconfined'],
        default: '',
      }),
      localhostProfile: f(2, 'string', "Path of a profile file on the node, relative to the kubelet's seccomp directory; only for Localhost."),
    },
  },
  {
    id: 'core.v1.AppArmorProfile',
    description: 'An AppArmor profile.',
    fields: {
      type: f(1, 'string', 'Kind of profile: Localhost, RuntimeDefault or Unconfined.', {
        required: true,
        enum: ['Localhost', 'RuntimeDefault', 'Unconfined'],
        default: '',
      }),
      localhostProfile: f(2, 'string', 'Name of a profile loaded on the node; only for Localhost.'),
    },
  },
  {
    id: 'core.v1.WindowsSecurityContextOptions',
    description: 'Windows-specific security options.',
    fields: {
      gmsaCredentialSpecName: f(1, 'string', 'Name of the GMSA credential spec to use.'),
      gmsaCredentialSpec: f(2, 'string', 'Contents of the GMSA credential spec, filled in by a webhook.'),
      runAsUserName: f(3, 'string', "Windows user name for the container's entrypoint."),
      hostProcess: f(4, 'boolean', 'Run the container as a Windows host process.'),
    },
  },
  {
    id: 'core.v1.ContainerStatus',
    description: 'The observed state of a container.',
    fields: {
      name: f(1, 'string', 'Name of the container, as in the pod spec.', { required: true, default: '' }),
      state: f(2, 'core.v1.ContainerState', 'Current state of the container.', { default: {} }),
      lastState: f(3, 'core.v1.ContainerState', "State of the container's previous termination.", { default: {} }),
      ready: f(4, 'boolean', 'Whether the container passes its readiness probe.', { required: true, default: false }),
      restartCount: f(5, 'int32', 'Number of times the container has been restarted.', { required: true, default: 0 }),
      image: f(6, 'string', 'Image the container is running.', { required: true, default: '' }),
      imageID: f(7, 'string', 'ID of the image the container is running.', { required: true, default: '' }),
      containerID: f(8, 'string', 'ID of the container, as <type>://<id>.'),
      started: f(9, 'boolean', 'Whether the container has finished starting and passed its startup probe.'),
      allocatedResources: f(10, map('Quantity'), 'Resources the node has allocated to the container.'),
      resources: f(11, 'core.v1.ResourceRequirements', 'Resources the runtime has actually configured for the container.'),
      volumeMounts: f(12, arr('core.v1.VolumeMountStatus'), "Status of the container's volume mounts.", {
        patchStrategy: 'merge',
        patchMergeKey: 'mountPath',
        listType: 'map',
        listMapKeys: ['mountPath'],
      }),
      user: f(13, 'core.v1.ContainerUser', "Identity of the container's first process as reported by the runtime."),
      allocatedResourcesStatus: f(14, arr('core.v1.ResourceStatus'), 'Health of the resources allocated to the container.', {
        patchStrategy: 'merge',
        patchMergeKey: 'name',
        listType: 'map',
        listMapKeys: ['name'],
      }),
    },
  },
  {
    id: 'core.v1.ContainerState',
    description: 'The state of a container; at most one member is set, defaulting to waiting.',
    fields: {
      waiting: f(1, 'core.v1.ContainerStateWaiting', 'The container is waiting.'),
      running: f(2, 'core.v1.ContainerStateRunning', 'The container is running.'),
      terminated: f(3, 'core.v1.ContainerStateTerminated', 'The container has terminated.'),
    },
  },
  {
    id: 'core.v1.ContainerStateWaiting',
    description: 'A container that is not yet running.',
    fields: {
      reason: f(1, 'string', 'Brief reason it is not yet running.'),
      message: f(2, 'string', 'Details of why it is not yet running.'),
    },
  },
  {
    id: 'core.v1.ContainerStateRunning',
    description: 'A running container.',
    fields: {
      startedAt: f(1, 'Time', 'When the container last (re)started.'),
    },
  },
  {
    id: 'core.v1.ContainerStateTerminated',
    description: 'A terminated container.',
    fields: {
      exitCode: f(1, 'int32', 'Exit status of the last termination.', { required: true, default: 0 }),
      signal: f(2, 'int32', 'Signal of the last termination.'),
      reason: f(3, 'string', 'Brief reason of the last termination.'),
      message: f(4, 'string', 'Details of the last termination.'),
      startedAt: f(5, 'Time', 'When the previous run of the container started.'),
      finishedAt: f(6, 'Time', 'When the container last terminated.'),
      containerID: f(7, 'string', 'ID of the container, as <type>://<id>.'),
    },
  },
  {
    id: 'core.v1.VolumeMountStatus',
    description: 'The status of a volume mount.',
    fields: {
      name: f(1, 'string', 'Name of the volume mount.', { required: true, default: '' }),
      mountPath: f(2, 'string', 'Where the volume is mounted.', { required: true, default: '' }),
      readOnly: f(3, 'boolean', 'Whether the mount is read-only.'),
      recursiveReadOnly: f(4, 'string', 'The effective recursive read-only setting: Disabled or Enabled.'),
    },
  },
  {
    id: 'core.v1.ContainerUser',
    description: "Identity information of a container's first process.",
    fields: {
      linux: f(1, 'core.v1.LinuxContainerUser', 'Identity on Linux.'),
    },
  },
  {
    id: 'core.v1.LinuxContainerUser',
    description: "The Linux identity of a container's first process.",
    fields: {
      uid: f(1, 'int64', 'Primary user ID.', { required: true, default: 0 }),
      gid: f(2, 'int64', 'Primary group ID.', { required: true, default: 0 }),
      supplementalGroups: f(3, arr('int64'), 'Supplemental group IDs.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.ResourceStatus',
    description: 'Health of the resources of one kind allocated to a container.',
    fields: {
      name: f(1, 'string', "Name of the resource, from the container's resources (limits or claims).", { required: true, default: '' }),
      resources: f(2, arr('core.v1.ResourceHealth'), 'Health of each allocated resource instance.', {
        listType: 'map',
        listMapKeys: ['resourceID'],
      }),
    },
  },
  {
    id: 'core.v1.ResourceHealth',
    description: 'The health of one allocated resource instance.',
    fields: {
      resourceID: f(1, 'string', 'Unique ID of the resource instance.', { required: true, default: '' }),
      health: f(2, 'string', 'Healthy, Unhealthy or Unknown.'),
    },
  },
];
