import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { clusterDeleted } from '../clusters/hooks.js';
import { operations as adviceOperations } from './adviceOperations.js';
import { operations } from './operations.js';
import { dropRollingIndexes, ROLLING_INDEXES } from './rollingIndex.js';

export const performanceAdvisor: Resource = {
  name: 'performanceAdvisor',
  operations: [...operations, ...adviceOperations],
  collections: [ROLLING_INDEXES],
  eventTypes: {},
  subscribes: [on(clusterDeleted, (tx, c) => dropRollingIndexes(tx, c))],
};
