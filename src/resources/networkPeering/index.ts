import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { clusterPlaced } from '../clusters/hooks.js';
import { projectDeleted } from '../projects/hooks.js';
import { CONTAINERS, PEERS } from './collections.js';
import { placeCluster } from './containers.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { peerLifecycle } from './peers.js';

export const networkPeering: Resource = {
  name: 'networkPeering',
  operations,
  collections: [CONTAINERS, PEERS],
  eventTypes: EVENT_TYPES,
  lifecycles: [peerLifecycle],
  subscribes: [
    on(clusterPlaced, (tx, placed, at) => placeCluster(tx, placed.groupId, placed.regions, at)),
    on(projectDeleted, async (tx, project) => {
      for (const coll of [PEERS, CONTAINERS]) {
        for (const d of (await tx.list<{ id: string }>(coll, project.id)).items) {
          await tx.cancelTimers(d.id);
          await tx.delete(coll, d.id);
        }
      }
    }),
  ],
};
