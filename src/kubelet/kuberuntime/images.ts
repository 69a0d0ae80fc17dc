// Making sure a container's image is present (upstream pkg/kubelet/images EnsureImageExists): the pull
// policy decides (Never / IfNotPresent / Always, defaulted from the tag), pulls go through the runtime,
// failures back off per pod and image, and the events and waiting reasons are upstream's.

import type { KubeObject } from '../../api/types.js';
import type { Clock } from '../../machinery/clock/index.js';
import type { Runtime } from '../cri/types.js';
import type { Backoff } from './backoff.js';
import type { ContainerSpec } from './types.js';

export type EventFn = (pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** A container cannot start for a reason its status shows as waiting (ErrImagePull, …). */
export class ContainerStartError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ContainerStartError';
  }
}

/** Upstream's defaulting: Always for ":latest" or no tag (and no digest), else IfNotPresent. */
export function pullPolicyOf(c: ContainerSpec): 'Always' | 'IfNotPresent' | 'Never' {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const image = c.image ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  const tag = colon < 0 ? '' : last.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

const IMAGE_RE = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[a-z0-9]+:[a-f0-9]{32,})?$/;
const DOMAIN_RE = /^(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::[0-9]+)?$/;

export function validImageName(image: string): boolean {
  if (!image) return false;
  const slash = image.indexOf('/');
  if (slash > 0) {
    const first = image.slice(0, slash);
    if ((first.includes('.') || first.includes(':') || first === 'localhost') && DOMAIN_RE.test(first)) return IMAGE_RE.test(`x/${image.slice(slash + 1)}`);
  }
  return IMAGE_RE.test(image);
}

export interface ImageManagerOptions {
  runtime: Runtime;
  backoff: Backoff;
  clock: Clock;
  event: EventFn;
}

export class ImageManager {
  constructor(private readonly o: ImageManagerOptions) {}

  /** When to look again after a failed pull: within the back-off (the pod shows ImagePullBackOff), then when it ends. */
  retryAt(pod: KubeObject, c: ContainerSpec, reason: string): number {
    const key = `${pod.metadata.uid ?? ''}_${c.image ?? ''}`;
    const now = this.o.clock.now();
    const end = this.o.backoff.endsAtSinceUpdate(key);
    if (reason === 'ErrImagePull') return Math.min(end, now + Math.max(100, Math.floor((end - now) / 2)));
    return Math.max(end, now + 100);
  }

  /** Returns the image reference to create the container from, or throws ContainerStartError. */
  async ensureImage(pod: KubeObject, c: ContainerSpec): Promise<string> {
    const image = c.image ?? '';
    if (!validImageName(image)) {
      const msg = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
      this.o.event(pod, 'Warning', 'InspectFailed', msg);
      throw new ContainerStartError('InvalidImageName', msg);
    }
    const policy = pullPolicyOf(c);
    const present = await this.o.runtime.imageStatus({ image });
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      if (present) {
        this.o.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
        return present.id;
      }
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      this.o.event(pod, 'Warning', 'ErrImageNeverPull', msg);
      throw new ContainerStartError('ErrImageNeverPull', msg);
    }
    const key = `${pod.metadata.uid ?? ''}_${image}`;
    if (this.o.backoff.isInBackOffSinceUpdate(key)) {
      const msg = `Back-off pulling image "${image}"`;
      this.o.event(pod, 'Normal', 'BackOff', msg);
      throw new ContainerStartError('ImagePullBackOff', msg);
    }
    this.o.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const start = this.o.clock.now();
    try {
      const ref = await this.o.runtime.pullImage({ image });
      const secs = ((this.o.clock.now() - start) / 1000).toFixed(3);
      const st = await this.o.runtime.imageStatus({ image }).catch(() => undefined);
      this.o.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: ${st?.size ?? 0} bytes.`);
      this.o.backoff.reset(key);
      return st?.id ?? ref;
    } catch (err) {
      const m = (err as Error).message;
      this.o.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${m}`);
      this.o.backoff.next(key);
      throw new ContainerStartError('ErrImagePull', m);
    }
  }
}
