// --authorization-mode=Node,RBAC: the first authorizer that allows decides; when none does, the
// request is denied with the reasons they gave (upstream's union authorizer joins them with "\n").

import type { UserInfo } from '../../registry/strategy.js';
import type { Decision, PolicyRule, RbacAuthorizer } from '../authz.js';
import type { NodeAuthorizer, NodeAuthzAttributes } from './authorizer.js';

export class NodeAndRbacAuthorizer {
  constructor(
    readonly node: NodeAuthorizer,
    readonly rbac: RbacAuthorizer,
  ) {}

  authorize(a: NodeAuthzAttributes): Decision {
    const n = this.node.authorize(a);
    if (n.allowed) return n;
    const r = this.rbac.authorize(a);
    if (r.allowed) return r;
    return { allowed: false, reason: [n.reason, r.reason].filter((x) => x).join('\n') };
  }

  /** What SelfSubjectRulesReview shows: RBAC's rules (upstream's Node authorizer lists none). */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[] {
    return this.rbac.rulesFor(user, namespace);
  }
}
