// Creating, deleting and patching the Job's pods, with the events upstream's RealPodControl records
// about the Job ("Created pod: …", "Deleted pod: …", "Error creating: …").

import type { OwnerReference } from '../../api/types.js';
import { isNotFound, type ResourceClient } from '../../machinery/client/index.js';
import { StatusError } from '../../machinery/errors/status.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import type { Job, Pod, PodTemplateSpec } from './types.js';
import { JOB_GVK, JOB_TRACKING_FINALIZER } from './types.js';

export function jobRef(job: Job): { kind: string; apiVersion: string; name?: string; namespace?: string; uid?: string; resourceVersion?: string } {
  return {
    ...JOB_GVK,
    ...(job.metadata.name ? { name: job.metadata.name } : {}),
    ...(job.metadata.namespace ? { namespace: job.metadata.namespace } : {}),
    ...(job.metadata.uid ? { uid: job.metadata.uid } : {}),
    ...(job.metadata.resourceVersion ? { resourceVersion: job.metadata.resourceVersion } : {}),
  };
}

/** The namespace is being deleted: creating anything in it fails, and that is no error of ours. */
export function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

export const REMOVE_FINALIZER_PATCH = { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] } };

export class PodControl {
  constructor(
    private readonly pods: ResourceClient<Pod>,
    private readonly recorder: EventRecorder,
  ) {}

  /** A pod from the template: its labels, annotations, finalizers and spec, named `<generateName><random>`. */
  async create(job: Job, template: PodTemplateSpec, o: { generateName: string; controllerRef: OwnerReference }): Promise<Pod> {
    const meta = template.metadata ?? {};
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: o.generateName,
        namespace: job.metadata.namespace,
        ...(meta.labels ? { labels: { ...meta.labels } } : {}),
        ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
        ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
        ownerReferences: [o.controllerRef],
      },
      spec: structuredClone(template.spec ?? {}),
    };
    if (!pod.metadata.labels || Object.keys(pod.metadata.labels).length === 0) throw new Error('unable to create pods, no labels');
    try {
      const created = await this.pods.inNamespace(job.metadata.namespace).create(pod);
      this.recorder.eventf(jobRef(job), 'Normal', 'SuccessfulCreate', 'Created pod: %v', created.metadata.name);
      return created;
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.recorder.eventf(jobRef(job), 'Warning', 'FailedCreate', 'Error creating: %v', (err as Error).message);
      throw err;
    }
  }

  /** Deletes a pod; NotFound is thrown back without an event. */
  async delete(job: Job, name: string): Promise<void> {
    try {
      await this.pods.inNamespace(job.metadata.namespace).delete(name);
    } catch (err) {
      if (!isNotFound(err)) this.recorder.eventf(jobRef(job), 'Warning', 'FailedDelete', 'Error deleting: %v', (err as Error).message);
      throw err;
    }
    this.recorder.eventf(jobRef(job), 'Normal', 'SuccessfulDelete', 'Deleted pod: %v', name);
  }

  async removeTrackingFinalizer(namespace: string | undefined, name: string): Promise<void> {
    await this.pods.inNamespace(namespace).patch(name, REMOVE_FINALIZER_PATCH, { type: 'strategic' });
  }

  async patch(namespace: string | undefined, name: string, patch: unknown): Promise<void> {
    await this.pods.inNamespace(namespace).patch(name, patch, { type: 'strategic' });
  }
}
