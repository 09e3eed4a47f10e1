import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import { SEARCH_DEPLOYMENTS } from './collections.js';
import type { SearchDeploymentDoc } from './model.js';

// Search nodes are provisioned (UPDATING) and then serve (IDLE); a deleted
// deployment is shown UPDATING until its nodes are gone.
export const searchDeploymentLifecycle = defineLifecycle<SearchDeploymentDoc, 'ready' | 'deleted'>({
  name: 'searchDeployment',
  // Timers name the deployment by its key, `<groupId>/<clusterName>`.
  load: ({ tx }, timer) => tx.get<SearchDeploymentDoc>(SEARCH_DEPLOYMENTS, timer.ref),
  durations: { 'searchDeployment.ready': 180_000, 'searchDeployment.deleted': 60_000 },
  transitions: {
    ready: {
      duration: 'searchDeployment.ready',
      async run({ tx }, d) {
        if (d.deleting) return;
        d.effectiveSpecs = d.specs;
        d.stateName = 'IDLE';
        await tx.put(SEARCH_DEPLOYMENTS, `${d.groupId}/${d.clusterName}`, d, { parent: d.groupId, name: null });
      },
    },
    deleted: {
      duration: 'searchDeployment.deleted',
      async run({ tx }, d) {
        await tx.delete(SEARCH_DEPLOYMENTS, `${d.groupId}/${d.clusterName}`);
      },
    },
  },
});
