// rbac.authorization.k8s.io/v1 RoleBinding and ClusterRoleBinding. Roles and ClusterRoles have no
// printer upstream and use the default table.

import { ageColumn, nameColumn, text, wide } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { created, name, objs, s } from './fields.js';
import type { KubeObject, TablePrinter } from './types.js';

/** Subjects split by kind; service accounts as namespace/name. */
export function subjectStrings(binding: KubeObject): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const subject of objs(binding, 'subjects')) {
    switch (s(subject, 'kind')) {
      case 'ServiceAccount':
        serviceAccounts.push(`${s(subject, 'namespace')}/${s(subject, 'name')}`);
        break;
      case 'User':
        users.push(s(subject, 'name'));
        break;
      case 'Group':
        groups.push(s(subject, 'name'));
        break;
    }
  }
  return { users, groups, serviceAccounts };
}

function bindingPrinter(scope: string): TablePrinter {
  return {
    columns: [
      nameColumn(),
      text('Role', 'The role granted, as Kind/name.'),
      ageColumn(),
      wide('Users', `The users the ${scope} grants the role to.`),
      wide('Groups', `The groups the ${scope} grants the role to.`),
      wide('ServiceAccounts', `The service accounts the ${scope} grants the role to, as namespace/name.`),
    ],
    cells(binding, now) {
      const { users, groups, serviceAccounts } = subjectStrings(binding);
      return [
        name(binding),
        `${s(binding, 'roleRef', 'kind')}/${s(binding, 'roleRef', 'name')}`,
        translateTimestampSince(created(binding), now),
        users.join(', '),
        groups.join(', '),
        serviceAccounts.join(', '),
      ];
    },
  };
}

export const roleBindingPrinter = bindingPrinter('role binding');
export const clusterRoleBindingPrinter = bindingPrinter('cluster role binding');
