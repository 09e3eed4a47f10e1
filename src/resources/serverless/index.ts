import { deploymentLookup, ownDeployments } from '../../platform/deployments.js';
import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { SERVERLESS_INSTANCES, SERVERLESS_SNAPSHOTS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { registerServerlessLifecycle } from './serverless.js';

export const serverless: Resource = {
  name: 'serverless',
  operations,
  collections: [SERVERLESS_INSTANCES, SERVERLESS_SNAPSHOTS],
  eventTypes: EVENT_TYPES,
  lifecycleSteps: {
    'serverless.create': 3000,
    'serverless.update': 2000,
    'serverless.delete': 2000,
    'serverless.snapshot': 2000,
  },
  timers: registerServerlessLifecycle,
  subscribes: [on(deploymentLookup, ownDeployments('serverless', SERVERLESS_INSTANCES))],
};
