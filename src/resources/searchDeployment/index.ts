import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { clusterDeleted } from '../clusters/hooks.js';
import { SEARCH_DEPLOYMENTS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { searchDeploymentLifecycle } from './lifecycle.js';
import { operations } from './operations.js';
import { dropClusterDeployment } from './searchDeployment.js';

export const searchDeployment: Resource = {
  name: 'searchDeployment',
  operations,
  collections: [SEARCH_DEPLOYMENTS],
  eventTypes: EVENT_TYPES,
  lifecycles: [searchDeploymentLifecycle],
  subscribes: [on(clusterDeleted, (tx, cluster) => dropClusterDeployment(tx, cluster.groupId, cluster.name))],
};
