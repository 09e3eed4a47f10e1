import { deploymentLookup, ownDeployments } from '../../platform/deployments.js';
import { on } from '../../platform/hooks.js';
import { clusterDeleted } from './hooks.js';
import type { Resource } from '../../platform/resource.js';
import { CLUSTERS, OUTAGE_SIMULATIONS, PROCESSES } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { failoverLifecycle } from './failover.js';
import { outageLifecycle } from './outage.js';
import { operations as outageOperations } from './outageOperations.js';
import { operations as globalOperations } from './globalOperations.js';
import { clusterLifecycle } from './lifecycle.js';
import { operations } from './operations.js';
import { operations as processOperations } from './processOperations.js';
import { operations as configOperations } from './configOperations.js';

export const clusters: Resource = {
  name: 'clusters',
  operations: [...operations, ...processOperations, ...configOperations, ...outageOperations, ...globalOperations],
  collections: [CLUSTERS, PROCESSES, OUTAGE_SIMULATIONS],
  eventTypes: EVENT_TYPES,
  lifecycles: [clusterLifecycle, failoverLifecycle, outageLifecycle],
  subscribes: [
    on(deploymentLookup, ownDeployments('cluster', CLUSTERS)),
    // A deleted cluster's outage simulation goes with it.
    on(clusterDeleted, async (tx, c) => {
      const o = await tx.getByName<{ id: string }>(OUTAGE_SIMULATIONS, c.groupId, c.name);
      if (o) await tx.delete(OUTAGE_SIMULATIONS, o.id);
    }),
  ],
};
