// Per-resource strategies: what differs from the generic store for each kind.

import type { ResourceDef } from '../../../api/resources.js';
import type { Store } from '../store.js';
import type { Strategy } from '../strategy.js';
import { eventStrategy } from './events.js';
import { namespaceStrategy } from './namespaces.js';
import { podStrategy } from './pods.js';
import { serviceStrategy } from './services.js';
import { simpleStrategies } from './simple.js';

/** What strategies may need from the server. */
export interface StrategyEnv {
  serviceCIDR: string;
  nodePortRange: string;
  lookup(group: string, plural: string): Store | undefined;
}

/** Kinds whose metadata.generation tracks spec changes (upstream sets it in these strategies). */
const GENERATION = new Set([
  '/replicationcontrollers',
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
  'autoscaling/horizontalpodautoscalers',
  'policy/poddisruptionbudgets',
  'networking.k8s.io/ingresses',
  'networking.k8s.io/networkpolicies',
  'networking.k8s.io/ingressclasses',
  'scheduling.k8s.io/priorityclasses',
  'storage.k8s.io/storageclasses',
]);

export function strategyFor(def: ResourceDef, env: StrategyEnv): Strategy {
  const id = `${def.group}/${def.plural}`;
  let s: Strategy;
  switch (id) {
    case '/pods':
      s = podStrategy();
      break;
    case '/services':
      s = serviceStrategy(env);
      break;
    case '/namespaces':
      s = namespaceStrategy();
      break;
    case '/events':
    case 'events.k8s.io/events':
      s = eventStrategy(def);
      break;
    default:
      s = simpleStrategies[id]?.() ?? {};
  }
  if (GENERATION.has(id)) s.generation = true;
  return s;
}
