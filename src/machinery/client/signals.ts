// A child AbortController that also aborts when a parent signal does, and lets go of the parent
// when disposed — unlike AbortSignal.any, nothing accumulates on a long-lived parent signal (the
// reflector's, the leader elector's) however many children come and go.

export interface LinkedController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  /** Detaches from the parent (call when the child's work is over). */
  dispose(): void;
}

export function linkedController(parent?: AbortSignal): LinkedController {
  const ac = new AbortController();
  if (!parent) return { signal: ac.signal, abort: (r) => ac.abort(r), dispose: () => {} };
  const onAbort = () => ac.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  const dispose = () => parent.removeEventListener('abort', onAbort);
  ac.signal.addEventListener('abort', dispose, { once: true });
  return { signal: ac.signal, abort: (r) => ac.abort(r), dispose };
}
