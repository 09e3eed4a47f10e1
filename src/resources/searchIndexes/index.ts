import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { clusterDeleted } from '../clusters/hooks.js';
import { SEARCH_INDEXES } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { searchIndexLifecycle } from './lifecycle.js';
import { operations } from './operations.js';
import { dropClusterIndexes } from './searchIndexes.js';

export const searchIndexes: Resource = {
  name: 'searchIndexes',
  operations,
  collections: [SEARCH_INDEXES],
  eventTypes: EVENT_TYPES,
  lifecycles: [searchIndexLifecycle],
  subscribes: [on(clusterDeleted, (tx, cluster) => dropClusterIndexes(tx, cluster.groupId, cluster.name))],
};
