// Server-side apply (application/apply-patch+yaml) — wired to the field manager in machinery/patch.
import type { KubeObject } from '../../api/types.js';
import { statusErrors } from '../../machinery/errors/status.js';
import type { PatchInput } from './patch.js';

export function serverSideApply(p: PatchInput & { applied: unknown }): KubeObject {
  void p;
  throw statusErrors.notImplemented('server-side apply is not available in this build of kts yet');
}
