// What kube-controller-manager hands every controller: one client, shared informers, an event
// recorder factory, options, and the lifecycle signal.

import type { Clock } from '../clock/clock.js';
import type { Client } from '../client/index.js';
import type { EventRecorder } from '../events/index.js';
import type { SharedInformerFactory } from '../informers/index.js';

export interface ControllerContext {
  client: Client;
  informers: SharedInformerFactory;
  /** An event recorder for a component name (e.g. "replicaset-controller"). */
  recorder(component: string): EventRecorder;
  clock: Clock;
  signal: AbortSignal;
  log(msg: string): void;
  /** kube-controller-manager flags, by upstream name (e.g. "node-monitor-grace-period": "50s"). */
  options: Record<string, string>;
}

export interface ControllerDescriptor {
  /** Upstream's controller name ("replicaset", "deployment", "garbage-collector" …). */
  name: string;
  /** Starts the controller; resolves when ctx.signal aborts and it has stopped. */
  start(ctx: ControllerContext): Promise<void>;
}
