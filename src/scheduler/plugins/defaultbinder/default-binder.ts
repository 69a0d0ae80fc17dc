// DefaultBinder: binds through the Binder seam (the lead implements it as POST pods/{name}/binding).

import type { CycleState } from '../../framework/cycle-state.js';
import type { BindPlugin, Handle } from '../../framework/interface.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { Names } from '../names.js';

export class DefaultBinder implements BindPlugin {
  readonly name = Names.DefaultBinder;
  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<Status | null> {
    const b = this.handle.binder;
    if (!b) return Status.asStatus(new Error('no binder configured'));
    try {
      await b.bind(pod.pod, nodeName, signal);
      return null;
    } catch (e) {
      return Status.asStatus(e);
    }
  }
}
