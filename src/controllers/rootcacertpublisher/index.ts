// The "root-ca-cert-publisher" controller of kube-controller-manager.
//
// Flags (ctx.options, upstream names): --root-ca-file (a PEM file; without it the controller does
// not run — upstream falls back to the CA of its kubeconfig, which the context does not expose).

import { readFile } from 'node:fs/promises';
import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { RootCACertPublisher } from './controller.js';

export { RootCACertPublisher, CONFIGMAP_NAME, DESCRIPTION, DESCRIPTION_ANNOTATION, type PublisherOptions } from './controller.js';

export const rootCACertPublisherDescriptor: ControllerDescriptor = {
  name: 'root-ca-cert-publisher',
  async start(ctx: ControllerContext): Promise<void> {
    const file = ctx.options['root-ca-file'];
    if (!file) {
      ctx.log('root-ca-cert-publisher: no --root-ca-file, not starting');
      return;
    }
    const rootCA = await readFile(file, 'utf8');
    await new RootCACertPublisher({ client: ctx.client, informers: ctx.informers, clock: ctx.clock, rootCA, log: ctx.log }).run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = rootCACertPublisherDescriptor;
