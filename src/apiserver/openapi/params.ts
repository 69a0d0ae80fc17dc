// The query and path parameters of API operations: names, locations and types as kube-apiserver declares
// them (every one with uniqueItems, as upstream does). Descriptions are kts's own words.

export type ParamType = 'string' | 'integer' | 'boolean';

export interface Param {
  name: string;
  in: 'query' | 'path';
  type: ParamType;
  description: string;
  required?: boolean;
}

const q = (name: string, type: ParamType, description: string): Param => ({ name, in: 'query', type, description });

export const QUERY: Record<string, Param> = {
  pretty: q('pretty', 'string', "If 'true', the output is pretty printed."),
  allowWatchBookmarks: q('allowWatchBookmarks', 'boolean', 'Ask for BOOKMARK watch events; servers may ignore it. Ignored for non-watch requests.'),
  continue: q('continue', 'string', 'The continue token of a previous limited list, to fetch the next page.'),
  fieldSelector: q('fieldSelector', 'string', 'Restricts the returned objects by their fields. Defaults to everything.'),
  labelSelector: q('labelSelector', 'string', 'Restricts the returned objects by their labels. Defaults to everything.'),
  limit: q('limit', 'integer', 'The maximum number of items to return in one list call; a continue token follows when more remain.'),
  resourceVersion: q('resourceVersion', 'string', 'Constrains which resource versions the request may be served from; see resourceVersionMatch.'),
  resourceVersionMatch: q('resourceVersionMatch', 'string', 'How resourceVersion applies to list calls: Exact or NotOlderThan.'),
  sendInitialEvents: q('sendInitialEvents', 'boolean', 'With watch=true, start the watch with synthetic ADDED events for the current state, then a bookmark.'),
  timeoutSeconds: q('timeoutSeconds', 'integer', 'A timeout for the list or watch call, in seconds.'),
  watch: q('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of events.'),
  dryRun: q('dryRun', 'string', 'When present, the request is processed but not persisted. The only valid value is All.'),
  fieldManager: q('fieldManager', 'string', 'The name of the actor making the change, recorded in managedFields. Required for apply patches.'),
  fieldValidation: q('fieldValidation', 'string', 'How the server treats unknown or duplicate fields in the object: Ignore, Warn (the default) or Strict (reject the request).'),
  force: q('force', 'boolean', 'For apply patches: take ownership of fields other managers own. Must be unset for other patch types.'),
  gracePeriodSeconds: q('gracePeriodSeconds', 'integer', 'Seconds to wait before the object is deleted; zero deletes immediately.'),
  ignoreStoreReadErrorWithClusterBreakingPotential: q('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean', 'Delete an object that cannot be read from storage, skipping finalizers and preconditions. Dangerous.'),
  orphanDependents: q('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy. Whether dependents are orphaned.'),
  propagationPolicy: q('propagationPolicy', 'string', 'How dependents are garbage collected: Orphan, Background or Foreground.'),
  // log
  container: q('container', 'string', 'The container to use; defaults to the only container when the pod has one.'),
  follow: q('follow', 'boolean', 'Keep streaming the log.'),
  insecureSkipTLSVerifyBackend: q('insecureSkipTLSVerifyBackend', 'boolean', "Skip verifying the kubelet's serving certificate when fetching the log."),
  limitBytes: q('limitBytes', 'integer', 'Stop after this many bytes of log.'),
  previous: q('previous', 'boolean', 'Return the log of the previous, terminated container instance.'),
  sinceSeconds: q('sinceSeconds', 'integer', 'Only log lines from this many seconds ago on.'),
  stream: q('stream', 'string', 'Which stream to return: All, Stdout or Stderr.'),
  tailLines: q('tailLines', 'integer', 'Only this many lines from the end of the log.'),
  timestamps: q('timestamps', 'boolean', 'Prefix every line with an RFC 3339 timestamp.'),
  // exec / attach / portforward / proxy
  command: q('command', 'string', 'The command to run; one argument per parameter.'),
  stdin: q('stdin', 'boolean', "Redirect the container's standard input."),
  stdout: q('stdout', 'boolean', "Redirect the container's standard output."),
  stderr: q('stderr', 'boolean', "Redirect the container's standard error."),
  tty: q('tty', 'boolean', 'Allocate a terminal.'),
  ports: q('ports', 'integer', 'Ports to forward.'),
  path: q('path', 'string', 'The path of the proxied request.'),
};

export function pathParam(name: string, description: string): Param {
  return { name, in: 'path', type: 'string', description, required: true };
}

export const LIST_PARAMS = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'];
export const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'];
export const PATCH_PARAMS = [...WRITE_PARAMS, 'force'];
export const DELETE_PARAMS = ['dryRun', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential', 'orphanDependents', 'propagationPolicy'];
export const DELETECOLLECTION_PARAMS = [
  'continue', 'dryRun', 'fieldSelector', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential', 'labelSelector',
  'limit', 'orphanDependents', 'propagationPolicy', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds',
];
export const LOG_PARAMS = ['container', 'follow', 'insecureSkipTLSVerifyBackend', 'limitBytes', 'pretty', 'previous', 'sinceSeconds', 'stream', 'tailLines', 'timestamps'];
export const CONNECT_PARAMS: Record<string, string[]> = {
  attach: ['container', 'stderr', 'stdin', 'stdout', 'tty'],
  exec: ['command', 'container', 'stderr', 'stdin', 'stdout', 'tty'],
  portforward: ['ports'],
  proxy: ['path'],
};
