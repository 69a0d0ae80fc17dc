// ServiceAccounts: nothing beyond ObjectMeta upstream (names are DNS subdomains).

import type { Strategy } from '../strategy.js';

export function serviceAccountStrategy(): Strategy {
  return {};
}
