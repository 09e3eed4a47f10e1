import { deploymentLookup, ownDeployments } from '../../platform/deployments.js';
import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { CLUSTERS, PROCESSES } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { failoverLifecycle } from './failover.js';
import { clusterLifecycle } from './lifecycle.js';
import { operations } from './operations.js';
import { operations as processOperations } from './processOperations.js';
import { operations as configOperations } from './configOperations.js';

export const clusters: Resource = {
  name: 'clusters',
  operations: [...operations, ...processOperations, ...configOperations],
  collections: [CLUSTERS, PROCESSES],
  eventTypes: EVENT_TYPES,
  lifecycles: [clusterLifecycle, failoverLifecycle],
  subscribes: [on(deploymentLookup, ownDeployments('cluster', CLUSTERS))],
};
