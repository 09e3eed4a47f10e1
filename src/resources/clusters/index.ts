import { deploymentLookup, ownDeployments } from '../../platform/deployments.js';
import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { registerClusterLifecycles } from './clusters.js';
import { CLUSTERS, PROCESSES } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { operations as processOperations } from './processOperations.js';

export const clusters: Resource = {
  name: 'clusters',
  operations: [...operations, ...processOperations],
  collections: [CLUSTERS, PROCESSES],
  eventTypes: EVENT_TYPES,
  lifecycleSteps: { 'cluster.create': 3000, 'cluster.update': 2000, 'cluster.delete': 2000 },
  timers: registerClusterLifecycles,
  subscribes: [on(deploymentLookup, ownDeployments('cluster', CLUSTERS))],
};
