// spec.podFailurePolicy: the first rule matching a failed pod decides whether the failure fails the
// Job (FailJob), the index (FailIndex), is ignored (Ignore) or counts (Count).

import type { ContainerStatus, Job, Pod, PodFailurePolicyRule } from './types.js';

export interface PolicyMatch {
  /** Set when a FailJob rule matched: the Job's failure message. */
  failJobMessage?: string;
  /** False when an Ignore rule matched: the failure does not count against backoffLimit. */
  countFailed: boolean;
  action?: PodFailurePolicyRule['action'];
}

function matchExitCodes(statuses: ContainerStatus[] | undefined, req: NonNullable<PodFailurePolicyRule['onExitCodes']>): ContainerStatus | undefined {
  for (const cs of statuses ?? []) {
    const t = cs.state?.terminated;
    if (!t) continue;
    if (req.containerName !== undefined && req.containerName !== cs.name) continue;
    const code = t.exitCode ?? 0;
    if (code === 0) continue;
    const inValues = req.values.includes(code);
    if ((req.operator === 'In' && inValues) || (req.operator === 'NotIn' && !inValues)) return cs;
  }
  return undefined;
}

export function matchPodFailurePolicy(job: Job, pod: Pod): PolicyMatch {
  const rules = job.spec?.podFailurePolicy?.rules;
  if (!rules) return { countFailed: true };
  const ns = pod.metadata.namespace;
  const name = pod.metadata.name;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    let what: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchExitCodes(pod.status?.containerStatuses, rule.onExitCodes) ?? matchExitCodes(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (cs) what = `Container ${cs.name} for pod ${ns}/${name} failed with exit code ${cs.state?.terminated?.exitCode ?? 0} matching ${rule.action} rule at index ${i}`;
    } else if (rule.onPodConditions) {
      const cond = (pod.status?.conditions ?? []).find((c) => rule.onPodConditions!.some((p) => p.type === c.type && (p.status ?? 'True') === c.status));
      if (cond) what = `Pod ${ns}/${name} has condition ${cond.type} matching ${rule.action} rule at index ${i}`;
    }
    if (what === undefined) continue;
    switch (rule.action) {
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'FailIndex':
        return { countFailed: true, action: 'FailIndex' };
      case 'Count':
        return { countFailed: true, action: 'Count' };
      case 'FailJob':
        return { failJobMessage: what, countFailed: true, action: 'FailJob' };
    }
  }
  return { countFailed: true };
}
